/**
 * Every class of bad input is a 4xx RFC 9457 problem that writes nothing; missing claims are 401; an unexpected
 * failure is a leak-free 500; CORS and X-Request-Id headers are on every response.
 */
import { API_SERVICE_NAME } from '../../contract/telemetry';
import { MAX_CURSOR_LENGTH } from '../../lambda/shared/cursor';
import { RequestSpec } from './support/events';
import { ALLOWED_ORIGIN, ApiResult, emfBlobs, Harness, startHarness } from './support/harness';
import { declareDimensionAllowListTest } from './support/metrics-hygiene';

let h: Harness;
let existingId: string;
const OWNER = 'val-owner';

beforeAll(async () => {
  h = await startHarness();
  const created = await h.request({
    method: 'POST',
    path: '/todos',
    user: OWNER,
    body: { title: 'original', order: 1 },
  });
  existingId = created.body.id;
});
afterAll(async () => {
  await h.close();
});

function expectProblem(res: ApiResult, status: number, slug: string): void {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.body).toEqual({
    type: `https://todo-observability.dev/problems/${slug}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    requestId: res.event.requestContext.requestId,
  });
  expect(res.headers['x-request-id']).toBe(res.event.requestContext.requestId);
}

/** Snapshot of the whole todo table, to assert a rejected request wrote nothing. */
const snapshot = async (): Promise<string> =>
  JSON.stringify((await h.todoItems()).sort((a, b) => (a.sk < b.sk ? -1 : 1)));

/** `{"title":"<0xff 0xfe>"}`: valid JSON around bytes no UTF-8 decoder accepts. */
const NOT_UTF8 = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

type Case = [name: string, body: unknown, status: number, slug: string, headers?: Record<string, string>];

// Rows always carry 5 values: jest treats a test function with more parameters than row values as `done`-style.
const bodyCases = (
  [
    ['malformed JSON', '{"title": ', 400, 'malformed-json', { 'Content-Type': 'application/json' }],
    // Bytes that are not UTF-8: delivered base64-encoded (as a gateway passes what it cannot decode).
    ['a body that is not UTF-8', NOT_UTF8, 400, 'malformed-json', { 'Content-Type': 'application/json' }],
    ['an empty body', '', 400, 'malformed-json', { 'Content-Type': 'application/json' }],
    ['a JSON array', '[{"title":"x"}]', 400, 'not-an-object', { 'Content-Type': 'application/json' }],
    ['JSON null', 'null', 400, 'not-an-object', { 'Content-Type': 'application/json' }],
    ['a JSON string', '"title"', 400, 'not-an-object', { 'Content-Type': 'application/json' }],
    ['a numeric title', { title: 42 }, 400, 'wrong-type'],
    ['a string completed', { title: 'x', completed: 'true' }, 400, 'wrong-type'],
    ['a string order', { title: 'x', order: '3' }, 400, 'wrong-type'],
    ['a null title', { title: null }, 400, 'wrong-type'],
    ['a blank title', { title: '   \t ' }, 400, 'title-blank'],
    [
      'a title with a lone surrogate',
      '{"title":"bad \\ud800 title"}',
      400,
      'wrong-type',
      { 'Content-Type': 'application/json' },
    ],
    ['a 1001-character title', { title: 'x'.repeat(1001) }, 400, 'title-too-long'],
    [
      'an order of 1e400 (Infinity)',
      '{"title":"x","order":1e400}',
      400,
      'non-finite-number',
      { 'Content-Type': 'application/json' },
    ],
    [
      'an order of -1e400',
      '{"title":"x","order":-1e400}',
      400,
      'non-finite-number',
      { 'Content-Type': 'application/json' },
    ],
    [
      'an order DynamoDB cannot store',
      '{"title":"x","order":1e200}',
      400,
      'number-out-of-range',
      { 'Content-Type': 'application/json' },
    ],
    ['an unknown field', { title: 'x', priority: 'high' }, 400, 'unknown-field'],
    ['a text/plain body', '{"title":"x"}', 415, 'unsupported-media-type', { 'Content-Type': 'text/plain' }],
    ['a body without Content-Type', '{"title":"x"}', 415, 'unsupported-media-type'],
    [
      'a latin-1 JSON body',
      '{"title":"x"}',
      415,
      'unsupported-media-type',
      { 'Content-Type': 'application/json; charset=iso-8859-1' },
    ],
    ['a body over 64 KiB', { title: 'x', pad: 'y'.repeat(70_000) }, 413, 'payload-too-large'],
  ] as Case[]
).map(([name, body, status, slug, headers]) => [name, body, status, slug, headers ?? {}] as const);

const writeRoutes: [method: 'POST' | 'PUT' | 'PATCH', path: () => string][] = [
  ['POST', () => '/todos'],
  ['PUT', () => `/todos/${existingId}`],
  ['PATCH', () => `/todos/${existingId}`],
];

describe.each(writeRoutes)('%s rejects bad bodies and writes nothing', (method, path) => {
  test.each(bodyCases)('%s', async (_name, body, status, slug, headers) => {
    const before = await snapshot();
    const res = await h.request({ method, path: path(), user: OWNER, body, headers });
    expectProblem(res, status, slug);
    expect(await snapshot()).toBe(before);
  });
});

test('a 64 KiB limit counts bytes of the base64-decoded body', async () => {
  const before = await snapshot();
  const big = Buffer.from(JSON.stringify({ title: 'é'.repeat(1000), x: 'é'.repeat(33_000) })).toString('base64');
  const res = await h.request({
    method: 'POST',
    path: '/todos',
    user: OWNER,
    body: big,
    isBase64Encoded: true,
    headers: { 'Content-Type': 'application/json' },
  });
  expectProblem(res, 413, 'payload-too-large');
  expect(await snapshot()).toBe(before);
});

test('a base64-encoded JSON body and a charset=UTF-8 content type are accepted', async () => {
  const body = Buffer.from(JSON.stringify({ title: 'from base64' })).toString('base64');
  const res = await h.request({
    method: 'POST',
    path: '/todos',
    user: 'val-b64',
    body,
    isBase64Encoded: true,
    headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' },
  });
  expect(res.statusCode).toBe(201);
  expect(res.body.title).toBe('from base64');
});

test('a 1000-character title (after trimming) is accepted', async () => {
  const res = await h.request({
    method: 'POST',
    path: '/todos',
    user: 'val-long',
    body: { title: ` ${'é'.repeat(1000)} ` },
  });
  expect(res.statusCode).toBe(201);
  expect(res.body.title).toBe('é'.repeat(1000));
});

test('a title of 1000 emoji (surrogate pairs) counts characters, not UTF-16 units', async () => {
  const res = await h.request({
    method: 'POST',
    path: '/todos',
    user: 'val-emoji',
    body: { title: '😀'.repeat(1000) },
  });
  expect(res.statusCode).toBe(201);
  expect(res.body.title).toBe('😀'.repeat(1000));
});

test('POST and PUT require a title', async () => {
  const before = await snapshot();
  expectProblem(
    await h.request({ method: 'POST', path: '/todos', user: OWNER, body: { completed: true } }),
    400,
    'missing-field',
  );
  expectProblem(
    await h.request({ method: 'PUT', path: `/todos/${existingId}`, user: OWNER, body: { completed: true } }),
    400,
    'missing-field',
  );
  expect(await snapshot()).toBe(before);
});

test('an empty PATCH, or one with only read-only fields, is 400 nothing-to-update', async () => {
  const before = await snapshot();
  expectProblem(
    await h.request({ method: 'PATCH', path: `/todos/${existingId}`, user: OWNER, body: {} }),
    400,
    'nothing-to-update',
  );
  expectProblem(
    await h.request({ method: 'PATCH', path: `/todos/${existingId}`, user: OWNER, body: { id: existingId, url: 'x' } }),
    400,
    'nothing-to-update',
  );
  expect(await snapshot()).toBe(before);
});

describe('ids that are not UUIDs are 400 invalid-id', () => {
  const badIds = [
    'not-a-uuid',
    'A0000000-0000-4000-8000-000000000000',
    '00000000-0000-4000-8000-000000000000x',
    "'; DROP TABLE",
    '%00',
  ];
  test.each(badIds)('%s', async (id) => {
    const before = await snapshot();
    const path = `/todos/${encodeURIComponent(id)}`;
    const specs: RequestSpec[] = [
      { method: 'GET', path, user: OWNER },
      { method: 'PATCH', path, user: OWNER, body: { title: 'x' } },
      { method: 'PUT', path, user: OWNER, body: { title: 'x' } },
      { method: 'DELETE', path, user: OWNER },
    ];
    for (const spec of specs) {
      expectProblem(await h.request(spec), 400, 'invalid-id');
    }
    expect(await snapshot()).toBe(before);
  });
});

describe('bad query values on GET /todos are 400', () => {
  test.each(['0', '101', '-1', '1.5', 'abc', '', '10abc', '1e1', ' 5'])('limit=%p', async (limit) => {
    expectProblem(
      await h.request({ method: 'GET', path: '/todos', user: OWNER, query: { limit } }),
      400,
      'invalid-query',
    );
  });

  test('a repeated limit', async () => {
    expectProblem(
      await h.request({ method: 'GET', path: '/todos', user: OWNER, multiValueQuery: { limit: ['1', '2'] } }),
      400,
      'invalid-query',
    );
  });

  test.each(['!!!', 'e30', Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(MAX_CURSOR_LENGTH + 1)])(
    'cursor=%p',
    async (cursor) => {
      expectProblem(
        await h.request({ method: 'GET', path: '/todos', user: OWNER, query: { cursor } }),
        400,
        'invalid-cursor',
      );
    },
  );

  test('limit=1 and limit=100 are accepted', async () => {
    for (const limit of ['1', '100']) {
      const res = await h.request({ method: 'GET', path: '/todos', user: OWNER, query: { limit } });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('headers', () => {
  test.each(['', 'has space', 'é', 'x'.repeat(256)])('Idempotency-Key %p is 400 and writes nothing', async (key) => {
    const before = await snapshot();
    const idempotencyBefore = (await h.idempotencyItems()).length;
    const res = await h.request({
      method: 'POST',
      path: '/todos',
      user: OWNER,
      body: { title: 'x' },
      headers: { 'Idempotency-Key': key },
    });
    expectProblem(res, 400, 'invalid-idempotency-key');
    expect(await snapshot()).toBe(before);
    expect((await h.idempotencyItems()).length).toBe(idempotencyBefore);
  });

  test('a malformed If-Match is 400 and changes nothing', async () => {
    const before = await snapshot();
    const res = await h.request({
      method: 'PATCH',
      path: `/todos/${existingId}`,
      user: OWNER,
      body: { title: 'x' },
      headers: { 'If-Match': '1' },
    });
    expectProblem(res, 400, 'invalid-if-match');
    expect(await snapshot()).toBe(before);
  });
});

test('a request without a sub claim is 401 on every route and writes nothing', async () => {
  const before = await snapshot();
  const specs: RequestSpec[] = [
    { method: 'GET', path: '/todos', user: null },
    { method: 'POST', path: '/todos', user: null, body: { title: 'x' } },
    { method: 'DELETE', path: '/todos', user: null },
    { method: 'GET', path: `/todos/${existingId}`, user: null },
    { method: 'PATCH', path: `/todos/${existingId}`, user: null, body: { title: 'x' } },
    { method: 'PUT', path: `/todos/${existingId}`, user: null, body: { title: 'x' } },
    { method: 'DELETE', path: `/todos/${existingId}`, user: null },
  ];
  for (const spec of specs) {
    expectProblem(await h.request(spec), 401, 'unauthorized');
  }
  expect(await snapshot()).toBe(before);
});

describe('CORS', () => {
  test('an allowed origin is echoed on success and on error responses', async () => {
    const ok = await h.request({ method: 'GET', path: '/todos', user: OWNER, headers: { origin: ALLOWED_ORIGIN } });
    const bad = await h.request({
      method: 'POST',
      path: '/todos',
      user: OWNER,
      body: '{',
      headers: { Origin: ALLOWED_ORIGIN, 'Content-Type': 'application/json' },
    });
    const unauthorized = await h.request({
      method: 'GET',
      path: '/todos',
      user: null,
      headers: { ORIGIN: ALLOWED_ORIGIN },
    });
    for (const res of [ok, bad, unauthorized]) {
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers.vary).toBe('Origin');
      expect(res.headers['access-control-expose-headers']).toContain('ETag');
      expect(res.headers['x-request-id']).toBe(res.event.requestContext.requestId);
    }
    expect(bad.statusCode).toBe(400);
    expect(unauthorized.statusCode).toBe(401);
  });

  test('a disallowed origin is not echoed', async () => {
    const ok = await h.request({
      method: 'GET',
      path: '/todos',
      user: OWNER,
      headers: { Origin: 'https://evil.example' },
    });
    const bad = await h.request({
      method: 'GET',
      path: '/todos/nope',
      user: OWNER,
      headers: { Origin: 'https://evil.example' },
    });
    for (const res of [ok, bad]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toBe('Origin');
    }
  });
});

test('an unexpected failure is a 500 problem without internals, logged with error name and stack', async () => {
  const saved = process.env.TODO_TABLE_NAME;
  process.env.TODO_TABLE_NAME = 'no-such-table';
  h.clearOutput();
  let res: ApiResult;
  try {
    res = await h.request({ method: 'GET', path: '/todos', user: OWNER, headers: { Origin: ALLOWED_ORIGIN } });
  } finally {
    process.env.TODO_TABLE_NAME = saved;
  }
  expectProblem(res, 500, 'internal-error');
  expect(res.rawBody).not.toMatch(/no-such-table|ResourceNotFound|stack|at /);
  expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  const errorLog = h
    .output()
    .map((line) => JSON.parse(line))
    .find((entry) => entry.message === 'unhandled error');
  expect(errorLog).toMatchObject({
    level: 'ERROR',
    error: { name: 'ResourceNotFoundException', stack: expect.any(String) },
  });
  const dynamoDbErrors = emfBlobs(h.output()).filter((blob) => blob.DynamoDbError !== undefined);
  expect(dynamoDbErrors).toEqual([expect.objectContaining({ operation: 'Query', DynamoDbError: 1 })]);
});

test('validation failures are counted by reason', async () => {
  h.clearOutput();
  await h.request({ method: 'POST', path: '/todos', user: OWNER, body: { title: '' } });
  const blobs = emfBlobs(h.output()).filter((blob) => blob.ValidationFailed !== undefined);
  expect(blobs).toEqual([
    expect.objectContaining({ service: API_SERVICE_NAME, reason: 'title_blank', ValidationFailed: 1 }),
  ]);
  expect(blobs[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'reason']]);
});

declareDimensionAllowListTest(() => h);
