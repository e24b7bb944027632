/**
 * Realistic events per function, made ahead of the runs that use them: API Gateway requests (any todo they need is
 * created first, through the create-todo handler of a local runtime in this process) and batches of the stream
 * records those writes produced, for the audit processor. The custom resource gets none: its requests would need
 * Cognito and Secrets Manager, so only its module load is measured.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult, DynamoDBRecord } from 'aws-lambda';
import { bundledHandlers } from '../../local/runtime/functions';
import { LocalRuntime, startLocalRuntime } from '../../local/runtime/runtime';
import type { BenchFunction } from './builds';
import { BENCH_STAGE, BENCH_TABLES } from './environment';
import { benchEvent, BenchRequest } from './events';

/** Events made at once (each may create todos first). */
const SEEDING_CONCURRENCY = 8;
/** Records per audit batch (the event source mapping's batches are larger; a few records keep it realistic). */
const AUDIT_BATCH = 5;

export class Scenarios {
  private reader?: Promise<{ user: string; todo: string }>;

  private constructor(
    private readonly runtime: LocalRuntime,
    /** What the table's stream produced so far, for the audit processor's batches. */
    private readonly records: DynamoDBRecord[],
  ) {}

  /** A local runtime on the benchmark's tables, its create-todo handler being `createTodoBundle`. */
  static async start(createTodoBundle: string): Promise<{ scenarios: Scenarios; endpoint: string }> {
    const records: DynamoDBRecord[] = [];
    const runtime = await startLocalRuntime({
      stage: BENCH_STAGE,
      tableNames: BENCH_TABLES,
      handlers: bundledHandlers(() => createTodoBundle),
      // Creations for different users are independent: overlapping them makes the seeding quicker.
      invocations: 'concurrent',
      stream: (record) => void records.push(record),
    });
    return { scenarios: new Scenarios(runtime, records), endpoint: runtime.table.endpoint };
  }

  /** `count` events for `fn`, each valid on its own (a delete gets a todo of its own, …). */
  async events(fn: BenchFunction, count: number): Promise<unknown[]> {
    if (fn.kind === 'custom-resource') return [];
    // The seeding handler logs to stdout as in Lambda; the report is on stdout too.
    const write = process.stdout.write;
    process.stdout.write = ((...args: unknown[]) => {
      (args.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
      return true;
    }) as typeof process.stdout.write;
    try {
      if (fn.kind === 'stream') return await this.auditBatches(count);
      const requests: BenchRequest[] = [];
      for (let start = 0; start < count; start += SEEDING_CONCURRENCY) {
        const batch = Array.from({ length: Math.min(SEEDING_CONCURRENCY, count - start) }, (_, i) => start + i);
        requests.push(...(await Promise.all(batch.map((i) => this.request(fn.name, i)))));
      }
      return requests.map(benchEvent);
    } finally {
      process.stdout.write = write;
    }
  }

  close(): Promise<void> {
    return this.runtime.close();
  }

  private async request(name: string, i: number): Promise<BenchRequest> {
    const { user: reader, todo } = await (this.reader ??= this.seedReader());
    switch (name) {
      case 'list-todos':
        return { method: 'GET', path: '/todos', user: reader };
      case 'get-todo':
        return { method: 'GET', path: `/todos/${todo}`, user: reader };
      case 'create-todo':
        return {
          method: 'POST',
          path: '/todos',
          user: `bench-writer-${randomUUID()}`,
          headers: { 'Idempotency-Key': randomUUID() },
          body: { title: `todo ${i}` },
        };
      case 'update-todo':
        return {
          method: 'PATCH',
          path: `/todos/${todo}`,
          user: reader,
          body: { title: `renamed ${i}`, completed: i % 2 === 0 },
        };
      case 'delete-todo': {
        const user = `bench-deleter-${randomUUID()}`;
        return { method: 'DELETE', path: `/todos/${await this.create(user, 'to delete')}`, user };
      }
      case 'delete-all-todos': {
        const user = `bench-clearer-${randomUUID()}`;
        await Promise.all([1, 2, 3].map((n) => this.create(user, `to clear ${n}`)));
        return { method: 'DELETE', path: '/todos', user };
      }
      default:
        throw new Error(`no benchmark scenario for ${name}; add one to scripts/bench/scenarios.ts`);
    }
  }

  private async auditBatches(count: number): Promise<unknown[]> {
    const user = `bench-audited-${randomUUID()}`;
    while (this.records.length < count * AUDIT_BATCH) {
      await this.create(user, `audited ${this.records.length}`);
    }
    await this.runtime.settled();
    return Array.from({ length: count }, (_, i) => ({
      Records: this.records.slice(i * AUDIT_BATCH, (i + 1) * AUDIT_BATCH),
    }));
  }

  private async seedReader(): Promise<{ user: string; todo: string }> {
    const user = `bench-reader-${randomUUID()}`;
    const todos = await Promise.all([1, 2, 3, 4, 5].map((n) => this.create(user, `seeded todo ${n}`)));
    return { user, todo: todos[0] };
  }

  private async create(user: string, title: string): Promise<string> {
    const event = benchEvent({ method: 'POST', path: '/todos', user, body: { title } });
    const response = (await this.runtime.invoke('create-todo', event)) as APIGatewayProxyResult;
    if (response.statusCode !== 201) {
      throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
    }
    return (JSON.parse(response.body) as { id: string }).id;
  }
}
