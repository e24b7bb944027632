/** Structured logs and EMF metrics of the real handlers, read from captured stdout/stderr. */
import { API_SERVICE_NAME, ApiMetricName } from '../../contract/telemetry';
import { apiEvent, lambdaContext } from './support/events';
import { emfBlobs, Harness, jsonLines, startHarness, TEST_TRACE_ROOT } from './support/harness';
import { ALLOWED_DIMENSION_SETS, declareDimensionAllowListTest, dimensionSets } from './support/metrics-hygiene';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const USER = 'obs-user-3f2a';

/** The metric values of `name` across the given EMF blobs, with the dimensions each was emitted under. */
function metricValues(lines: string[], name: ApiMetricName): { value: number; dims: Record<string, string> }[] {
  const found: { value: number; dims: Record<string, string> }[] = [];
  for (const blob of emfBlobs(lines)) {
    const directive = blob._aws.CloudWatchMetrics[0];
    if (!directive.Metrics.some((m: { Name: string }) => m.Name === name)) continue;
    const dims = Object.fromEntries((directive.Dimensions[0] as string[]).map((d) => [d, blob[d]]));
    const values = Array.isArray(blob[name]) ? blob[name] : [blob[name]];
    for (const value of values) found.push({ value, dims });
  }
  return found;
}

test('the first invocation of an environment emits ColdStart with the service dimension only', async () => {
  // This file's first request: the handler modules were just loaded.
  await h.request({ method: 'GET', path: '/todos', user: USER });
  const coldStarts = metricValues(h.output(), 'ColdStart');
  expect(coldStarts).toEqual([{ value: 1, dims: { service: API_SERVICE_NAME } }]);
  const completed = jsonLines(h.output()).find((l) => l.message === 'request completed');
  expect(completed?.cold_start).toBe(true);
  h.clearOutput();
  await h.request({ method: 'GET', path: '/todos', user: USER });
  expect(metricValues(h.output(), 'ColdStart')).toEqual([]);
});

test('every log line is JSON with correlation id, route, user, trace id and no email or other claims', async () => {
  h.clearOutput();
  const created = await h.request({ method: 'POST', path: '/todos', user: USER, body: { title: 'observe me' } });
  await h.request({ method: 'PATCH', path: `/todos/${created.body.id}`, user: USER, body: { completed: true } });
  const requestId = created.event.requestContext.requestId;
  const logs = jsonLines(h.output()).filter((line) => line._aws === undefined);
  const createLogs = logs.filter((l) => l.correlation_id === requestId);
  expect(createLogs.length).toBeGreaterThanOrEqual(2);
  for (const line of createLogs) {
    expect(line).toMatchObject({
      service: API_SERVICE_NAME,
      route: 'POST /todos',
      user: USER,
      traceId: TEST_TRACE_ROOT,
      function_name: 'todo-test-create-todo',
    });
  }
  const raw = h.output().join('\n');
  expect(raw).not.toContain('@example.com');
  expect(raw).not.toContain('cognito:username');
  expect(raw).not.toContain(`name-${USER}`);
  // Every non-EMF line is a JSON object.
  for (const line of h.output()) {
    expect(() => JSON.parse(line)).not.toThrow();
  }
});

test("one 'request completed' line per request with status and latency, plus one performance line per DynamoDB call", async () => {
  h.clearOutput();
  const res = await h.request({ method: 'GET', path: '/todos', user: USER });
  const logs = jsonLines(h.output()).filter((l) => l.correlation_id === res.event.requestContext.requestId);
  const completed = logs.filter((l) => l.message === 'request completed');
  expect(completed).toEqual([
    expect.objectContaining({ level: 'INFO', statusCode: 200, latencyMs: expect.any(Number), route: 'GET /todos' }),
  ]);
  expect(logs.filter((l) => l.message === 'dynamodb call')).toEqual([
    expect.objectContaining({ operation: 'Query', latencyMs: expect.any(Number), outcome: 'ok' }),
  ]);
});

test('request keys are reset between invocations (no user or route carried over)', async () => {
  h.clearOutput();
  await h.request({ method: 'GET', path: '/todos', user: USER });
  const unauthenticated = await h.request({ method: 'GET', path: '/todos', user: null });
  const lines = jsonLines(h.output()).filter(
    (l) => l.correlation_id === unauthenticated.event.requestContext.requestId,
  );
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.user).toBeUndefined();
  }
});

test('business metrics: TodoCreated, TodoCompleted (false to true only), TodoDeleted, TodoListSize', async () => {
  const user = 'obs-biz';
  h.clearOutput();
  const a = await h.request({ method: 'POST', path: '/todos', user, body: { title: 'a' } });
  await h.request({ method: 'POST', path: '/todos', user, body: { title: 'b', completed: true } });
  await h.request({ method: 'POST', path: '/todos', user, body: { title: 'c' } });
  await h.request({ method: 'PATCH', path: `/todos/${a.body.id}`, user, body: { completed: true } });
  await h.request({ method: 'PATCH', path: `/todos/${a.body.id}`, user, body: { completed: true } });
  await h.request({ method: 'GET', path: '/todos', user });
  await h.request({ method: 'DELETE', path: `/todos/${a.body.id}`, user });
  await h.request({ method: 'DELETE', path: '/todos', user });
  const lines = h.output();
  const sum = (name: ApiMetricName) => metricValues(lines, name).reduce((total, m) => total + m.value, 0);
  expect(sum('TodoCreated')).toBe(3);
  expect(sum('TodoCompleted')).toBe(2);
  expect(metricValues(lines, 'TodoListSize')).toEqual([{ value: 3, dims: { service: API_SERVICE_NAME } }]);
  expect(metricValues(lines, 'TodoDeleted').map((m) => m.value)).toEqual([1, 2]);
  for (const name of ['TodoCreated', 'TodoCompleted', 'TodoDeleted'] as const) {
    for (const m of metricValues(lines, name)) expect(m.dims).toEqual({ service: API_SERVICE_NAME });
  }
});

test('DynamoDbLatency by operation and RequestLatency by route; no ids in any dimension', async () => {
  h.clearOutput();
  const created = await h.request({ method: 'POST', path: '/todos', user: USER, body: { title: 'x' } });
  await h.request({ method: 'GET', path: `/todos/${created.body.id}`, user: USER });
  const lines = h.output();
  const operations = metricValues(lines, 'DynamoDbLatency').map((m) => m.dims.operation);
  expect(operations).toEqual(expect.arrayContaining(['Query', 'PutItem', 'GetItem']));
  const routes = metricValues(lines, 'RequestLatency').map((m) => m.dims.route);
  expect(routes).toEqual(['POST /todos', 'GET /todos/{id}']);
  const raw = emfBlobs(lines)
    .flatMap((blob) => (blob._aws.CloudWatchMetrics[0].Dimensions as string[][]).flat().map((d) => String(blob[d])))
    .join(' ');
  expect(raw).not.toContain(USER);
  expect(raw).not.toContain(created.body.id);
  expect(raw).not.toContain(created.event.requestContext.requestId);
});

test('metrics are flushed even when the handler fails, and an empty flush writes nothing', async () => {
  const saved = process.env.TODO_TABLE_NAME;
  process.env.TODO_TABLE_NAME = 'missing-table';
  h.clearOutput();
  try {
    const res = await h.invoke(
      'list-todos',
      apiEvent({ method: 'GET', path: '/todos', user: USER }),
      lambdaContext('list-todos'),
    );
    expect(res.statusCode).toBe(500);
  } finally {
    process.env.TODO_TABLE_NAME = saved;
  }
  expect(metricValues(h.output(), 'DynamoDbError')).toEqual([
    { value: 1, dims: { service: API_SERVICE_NAME, operation: 'Query' } },
  ]);
  expect(metricValues(h.output(), 'RequestLatency')).toHaveLength(1);
  expect(h.output().join('\n')).not.toContain('No application metrics to publish');
});

test('a validation failure emits ValidationFailed under {service, reason} only', async () => {
  h.clearOutput();
  await h.request({ method: 'GET', path: '/todos', user: USER, query: { limit: 'many' } });
  expect(metricValues(h.output(), 'ValidationFailed')).toEqual([
    { value: 1, dims: { service: API_SERVICE_NAME, reason: 'invalid_query' } },
  ]);
  expect(dimensionSets(h.allOutput())).toEqual([...ALLOWED_DIMENSION_SETS].sort());
});

declareDimensionAllowListTest(() => h);
