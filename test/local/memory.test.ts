/**
 * A long local session does not grow: list requests that stop at their limit used to leave one dynalite iterator
 * open each, about 8 KB apiece (local/dynamodb/dynalite-iterators.ts). `npm run bench` reports resident memory over
 * 10,000 such requests against `npm start`'s server; this asserts the same path at a smaller count, on memory
 * measured after garbage collection, with a wide margin.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { buildProxyEvent } from '../../local/runtime/proxy-event';
import { LocalRuntime, startLocalRuntime } from '../../local/runtime/runtime';

const REQUESTS = 3000;
/** Leaking, 3,000 requests kept about 25 MB; without the leak growth stays well under 1 MB. */
const MAX_GROWTH_BYTES = 5 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startLocalRuntime({
    environment: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  });
});
afterAll(async () => {
  await runtime?.close();
});

const API = { domainName: 'localhost:3000', stage: 'local', stagePath: '', accountId: 'local', apiId: 'local' };
const claims = { sub: 'memory-user' };

async function invoke(method: string, query: string, body?: unknown): Promise<APIGatewayProxyResult> {
  const headers: Array<[string, string]> = [['Host', 'localhost:3000']];
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  const event = buildProxyEvent(
    {
      method,
      path: '/todos',
      query,
      headers,
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      claims,
    },
    API,
  );
  return (await runtime.invoke(method === 'GET' ? 'list-todos' : 'create-todo', event)) as APIGatewayProxyResult;
}

/** Heap and buffers in use after collecting garbage: what is still referenced. */
function retainedBytes(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

test(`memory stays flat over ${REQUESTS} list requests that stop at their limit`, async () => {
  for (const title of ['one', 'two', 'three']) {
    expect((await invoke('POST', '', { title })).statusCode).toBe(201);
  }
  const limited = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const page = await invoke('GET', 'limit=1');
      expect(page.headers?.Link).toBeDefined(); // stopped at its limit: more todos remain
    }
  };
  await limited(300); // warm-up: caches, JIT, connection pool
  const before = retainedBytes();

  await limited(REQUESTS);

  expect(retainedBytes() - before).toBeLessThan(MAX_GROWTH_BYTES);
});
