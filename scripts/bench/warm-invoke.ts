/**
 * Warm invoke latency of our bundles, run by the local runtime (the one behind `npm start`) against dynalite, in
 * this process: one realistic request per iteration, any setup it needs outside the timing.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { bundledHandlers } from '../../local/runtime/functions';
import { startLocalRuntime } from '../../local/runtime/runtime';
import { BENCH_STAGE, BENCH_TABLES } from './cold-load';
import { benchEvent, BenchRequest } from './events';
import { stats, Stats } from './stats';

export type WarmStats = Stats & { readonly failures: number };

export async function measureWarmInvokes(
  bundles: ReadonlyMap<string, string>,
  warmUp: number,
  runs: number,
): Promise<Map<string, WarmStats>> {
  const runtime = await startLocalRuntime({
    stage: BENCH_STAGE,
    tableNames: BENCH_TABLES,
    handlers: bundledHandlers((name) => bundles.get(name)!),
    stream: 'none',
  });
  const invoke = async (request: BenchRequest, name: string): Promise<APIGatewayProxyResult> =>
    (await runtime.invoke(name, benchEvent(request))) as APIGatewayProxyResult;
  const createFor = async (user: string, title: string): Promise<string> => {
    const response = await invoke({ method: 'POST', path: '/todos', user, body: { title } }, 'create-todo');
    if (response.statusCode !== 201) {
      throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
    }
    return (JSON.parse(response.body) as { id: string }).id;
  };

  const results = new Map<string, WarmStats>();
  // The handlers log and emit EMF on stdout as in Lambda: the work of formatting them is measured, the terminal is not.
  const silenced = silenceStdout();
  try {
    const reader = `bench-reader-${randomUUID()}`;
    const seeded = await Promise.all([1, 2, 3, 4, 5].map((i) => createFor(reader, `seeded todo ${i}`)));
    for (const name of bundles.keys()) {
      const scenario = scenarios(name, reader, seeded[0], createFor);
      const timings: number[] = [];
      let failures = 0;
      for (let i = 0; i < warmUp + runs; i++) {
        const event = benchEvent(await scenario(i));
        const context = runtime.context(name);
        const start = performance.now();
        const response = (await runtime.invoke(name, event, context)) as APIGatewayProxyResult;
        const elapsed = performance.now() - start;
        if (i >= warmUp) {
          timings.push(elapsed);
          failures += response.statusCode >= 400 ? 1 : 0;
        }
      }
      results.set(name, { ...stats(timings), failures });
    }
  } finally {
    silenced.restore();
    await runtime.close();
  }
  return results;
}

type Scenario = (i: number) => Promise<BenchRequest>;

function scenarios(
  name: string,
  reader: string,
  readerTodo: string,
  createFor: (user: string, title: string) => Promise<string>,
): Scenario {
  switch (name) {
    case 'list-todos':
      return async () => ({ method: 'GET', path: '/todos', user: reader });
    case 'get-todo':
      return async () => ({ method: 'GET', path: `/todos/${readerTodo}`, user: reader });
    case 'create-todo': {
      const user = `bench-writer-${randomUUID()}`;
      return async (i) => ({
        method: 'POST',
        path: '/todos',
        user,
        headers: { 'Idempotency-Key': randomUUID() },
        body: { title: `todo ${i}` },
      });
    }
    case 'update-todo':
      return async (i) => ({
        method: 'PATCH',
        path: `/todos/${readerTodo}`,
        user: reader,
        body: { title: `renamed ${i}`, completed: i % 2 === 0 },
      });
    case 'delete-todo':
      return async () => {
        const user = `bench-deleter-${randomUUID()}`;
        return { method: 'DELETE', path: `/todos/${await createFor(user, 'to delete')}`, user };
      };
    case 'delete-all-todos':
      return async () => {
        const user = `bench-clearer-${randomUUID()}`;
        for (const n of [1, 2, 3]) {
          await createFor(user, `to clear ${n}`);
        }
        return { method: 'DELETE', path: '/todos', user };
      };
    default:
      throw new Error(`no benchmark scenario for ${name}; add one to scripts/bench/warm-invoke.ts`);
  }
}

function silenceStdout(): { restore(): void } {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((_chunk: unknown, ...rest: unknown[]) => {
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return { restore: () => (process.stdout.write = write) };
}
