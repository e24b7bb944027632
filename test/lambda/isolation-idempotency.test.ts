/** Users never see or change each other's todos (cursor tricks included); Idempotency-Key semantics of POST. */
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Harness, startHarness } from './support/harness';
import { declareDimensionAllowListTest } from './support/metrics-hygiene';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const A = 'iso-alice';
const B = 'iso-bob';

describe('isolation between users', () => {
  let aliceIds: string[] = [];
  let aliceCursor: string;

  beforeAll(async () => {
    aliceIds = [];
    for (let i = 1; i <= 3; i++) {
      const res = await h.request({ method: 'POST', path: '/todos', user: A, body: { title: `alice ${i}`, order: i } });
      aliceIds.push(res.body.id);
    }
    await h.request({ method: 'POST', path: '/todos', user: B, body: { title: 'bob 1', order: 1 } });
    const page = await h.request({ method: 'GET', path: '/todos', user: A, query: { limit: '1' } });
    aliceCursor = new URL(/^<([^>]+)>/.exec(page.headers.link)![1]).searchParams.get('cursor')!;
  });

  test("B's list contains only B's todos", async () => {
    const res = await h.request({ method: 'GET', path: '/todos', user: B });
    expect(res.body.map((t: { title: string }) => t.title)).toEqual(['bob 1']);
  });

  test("B cannot get, patch, put or delete A's todo (404), and A's todo is unchanged", async () => {
    const before = (await h.todoItems()).find((item) => item.id === aliceIds[0]);
    const path = `/todos/${aliceIds[0]}`;
    expect((await h.request({ method: 'GET', path, user: B })).statusCode).toBe(404);
    expect((await h.request({ method: 'PATCH', path, user: B, body: { title: 'pwned' } })).statusCode).toBe(404);
    expect(
      (await h.request({ method: 'PUT', path, user: B, body: { title: 'pwned' }, headers: { 'If-Match': '"1"' } }))
        .statusCode,
    ).toBe(404);
    expect((await h.request({ method: 'DELETE', path, user: B })).statusCode).toBe(404);
    expect((await h.request({ method: 'DELETE', path, user: B, headers: { 'If-Match': '"1"' } })).statusCode).toBe(404);
    expect((await h.todoItems()).find((item) => item.id === aliceIds[0])).toEqual(before);
    expect((await h.todoItems()).filter((item) => item.pk === `USER#${B}`)).toHaveLength(1);
  });

  test("B's DELETE /todos leaves A's todos alone", async () => {
    await h.request({ method: 'DELETE', path: '/todos', user: B });
    const items = await h.todoItems();
    expect(items.filter((item) => item.pk === `USER#${A}`)).toHaveLength(3);
    expect(items.filter((item) => item.pk === `USER#${B}`)).toHaveLength(0);
  });

  test("A's cursor works for A", async () => {
    const res = await h.request({ method: 'GET', path: '/todos', user: A, query: { limit: '1', cursor: aliceCursor } });
    expect(res.statusCode).toBe(200);
    expect(res.body.map((t: { title: string }) => t.title)).toEqual(['alice 2']);
  });

  test("B presenting A's cursor is 400", async () => {
    const res = await h.request({ method: 'GET', path: '/todos', user: B, query: { cursor: aliceCursor } });
    expect(res.statusCode).toBe(400);
    expect(res.body.type).toBe('https://todo-observability.dev/problems/invalid-cursor');
  });

  test("B forging a cursor for A's partition, or with extra keys, is 400", async () => {
    const decoded = JSON.parse(Buffer.from(aliceCursor, 'base64url').toString('utf8'));
    const forgeries = [
      decoded,
      { ...decoded, pk: `USER#${B}`, extra: 1 },
      { pk: `USER#${B}`, sk: decoded.sk },
      { pk: `USER#${B}`, sk: 'TODO#../../x', order: 1 },
      { pk: `USER#${B}`, sk: decoded.sk, order: '1' },
      { pk: { S: `USER#${A}` }, sk: decoded.sk, order: 1 },
    ];
    for (const forged of forgeries) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const res = await h.request({ method: 'GET', path: '/todos', user: B, query: { cursor } });
      expect(res.statusCode).toBe(400);
    }
  });

  test('a tampered cursor is 400', async () => {
    const tampered = aliceCursor.slice(0, -2) + (aliceCursor.endsWith('A') ? 'BB' : 'AA');
    const res = await h.request({ method: 'GET', path: '/todos', user: A, query: { cursor: tampered } });
    expect(res.statusCode).toBe(400);
  });
});

describe('Idempotency-Key on POST /todos', () => {
  const post = (user: string, key: string, body: Record<string, unknown>) =>
    h.request({ method: 'POST', path: '/todos', user, body, headers: { 'Idempotency-Key': key } });
  const itemsOf = async (user: string) => (await h.todoItems()).filter((item) => item.pk === `USER#${user}`);

  test('the same key returns the same todo with 201 and stores one item', async () => {
    const user = 'idem-same';
    const first = await post(user, 'key-1', { title: 'once' });
    const second = await post(user, 'key-1', { title: 'once' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await itemsOf(user)).toHaveLength(1);
  });

  test('the same key with a different body is 422 and creates nothing', async () => {
    const user = 'idem-diff';
    await post(user, 'key-1', { title: 'first' });
    const res = await post(user, 'key-1', { title: 'second' });
    expect(res.statusCode).toBe(422);
    expect(res.body.type).toBe('https://todo-observability.dev/problems/idempotency-key-reused');
    expect((await itemsOf(user)).map((item) => item.title)).toEqual(['first']);
  });

  test('the same key used by another user creates a separate todo', async () => {
    const one = await post('idem-user-1', 'shared-key', { title: 'same' });
    const two = await post('idem-user-2', 'shared-key', { title: 'same' });
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect(two.body.id).not.toBe(one.body.id);
    expect(await itemsOf('idem-user-1')).toHaveLength(1);
    expect(await itemsOf('idem-user-2')).toHaveLength(1);
  });

  test('different keys create different todos; no key never deduplicates', async () => {
    const user = 'idem-keys';
    await post(user, 'a', { title: 'x' });
    await post(user, 'b', { title: 'x' });
    await h.request({ method: 'POST', path: '/todos', user, body: { title: 'x' } });
    await h.request({ method: 'POST', path: '/todos', user, body: { title: 'x' } });
    expect(await itemsOf(user)).toHaveLength(4);
  });

  test('concurrent duplicates create exactly one todo (others replay it or get 409)', async () => {
    const user = 'idem-race';
    const results = await Promise.all(Array.from({ length: 6 }, () => post(user, 'race-key', { title: 'race' })));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of results) {
      expect([201, 409]).toContain(r.statusCode);
    }
    expect(await itemsOf(user)).toHaveLength(1);
  });

  test('a duplicate while the first request is still in progress is 409 and creates nothing', async () => {
    const user = 'idem-inprogress';
    const first = await post(user, 'slow-key', { title: 'slow' });
    expect(first.statusCode).toBe(201);
    // Put the stored record back into the state a still-running first request leaves it in.
    const records = (await h.idempotencyItems()).filter((item) => item.status === 'COMPLETED');
    const documentClient = DynamoDBDocumentClient.from(h.db.client);
    const before = await h.idempotencyItems();
    for (const record of records) {
      await documentClient
        .send(
          new UpdateCommand({
            TableName: h.db.idempotencyTableName,
            Key: { id: record.id },
            UpdateExpression: 'SET #status = :inProgress, #ipe = :future REMOVE #data',
            ConditionExpression: '#data.id = :todoId',
            ExpressionAttributeNames: { '#status': 'status', '#ipe': 'in_progress_expiration', '#data': 'data' },
            ExpressionAttributeValues: {
              ':inProgress': 'INPROGRESS',
              ':future': Date.now() + 60_000,
              ':todoId': first.body.id,
            },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        });
    }
    expect(await h.idempotencyItems()).not.toEqual(before);
    const duplicate = await post(user, 'slow-key', { title: 'slow' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body.type).toBe('https://todo-observability.dev/problems/request-in-progress');
    expect(await itemsOf(user)).toHaveLength(1);
  });

  test('a rejected body never reaches the idempotency store', async () => {
    const before = (await h.idempotencyItems()).length;
    const res = await post('idem-invalid', 'bad-body-key', { title: '' });
    expect(res.statusCode).toBe(400);
    expect((await h.idempotencyItems()).length).toBe(before);
  });
});

declareDimensionAllowListTest(() => h);
