/** Happy paths of every route, ordering, pagination, ETag/If-Match and concurrent updates, against dynalite. */
import { API_DOMAIN, apiEvent, lambdaContext } from './support/events';
import { Harness, startHarness } from './support/harness';
import { declareDimensionAllowListTest } from './support/metrics-hygiene';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE = `https://${API_DOMAIN}/dev`;

async function create(user: string, body: Record<string, unknown>) {
  const res = await h.request({ method: 'POST', path: '/todos', user, body });
  expect(res.statusCode).toBe(201);
  return res;
}

describe('POST /todos', () => {
  test('creates a todo with defaults, trimmed title, Location, ETag and no internal attributes', async () => {
    const res = await create('crud-create', { title: '  Buy milk  ' });
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      title: 'Buy milk',
      completed: false,
      order: 1,
      url: `${BASE}/todos/${res.body.id}`,
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect(res.headers.location).toBe(res.body.url);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-request-id']).toBe(res.event.requestContext.requestId);

    const items = (await h.todoItems()).filter((item) => item.pk === 'USER#crud-create');
    expect(items).toEqual([
      expect.objectContaining({
        sk: `TODO#${res.body.id}`,
        title: 'Buy milk',
        version: 1,
        updatedBy: 'crud-create',
        lastRequestId: res.event.requestContext.requestId,
      }),
    ]);
  });

  test('builds the url from Host and X-Forwarded-Proto, without a stage prefix locally', async () => {
    const res = await h.request({
      method: 'POST',
      path: '/todos',
      user: 'crud-url',
      body: { title: 'local' },
      headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http' },
      stagePrefix: '',
    });
    expect(res.body.url).toBe(`http://localhost:3000/todos/${res.body.id}`);
  });

  test('accepts and ignores the read-only fields the TodoMVC client echoes back', async () => {
    const res = await create('crud-readonly', {
      title: 'echo',
      id: 'client-id',
      url: 'http://evil.example/x',
      createdAt: 'yesterday',
      updatedAt: 'today',
      completed: true,
      order: 7.5,
    });
    expect(res.body.id).not.toBe('client-id');
    expect(res.body.url).toBe(`${BASE}/todos/${res.body.id}`);
    expect(res.body).toMatchObject({ completed: true, order: 7.5 });
  });

  test('an omitted order sorts after every existing todo', async () => {
    await create('crud-order', { title: 'a', order: 10 });
    await create('crud-order', { title: 'b', order: 2.5 });
    const third = await create('crud-order', { title: 'c' });
    expect(third.body.order).toBe(11);
    const list = await h.request({ method: 'GET', path: '/todos', user: 'crud-order' });
    expect(list.body.map((t: { title: string }) => t.title)).toEqual(['b', 'a', 'c']);
  });
});

describe('GET /todos', () => {
  test('returns a bare array sorted by order, with TodoMVC fields only', async () => {
    for (const [title, order] of [
      ['three', 3],
      ['one', 1],
      ['minus', -4],
      ['two', 2],
    ] as const) {
      await create('crud-list', { title, order });
    }
    const res = await h.request({ method: 'GET', path: '/todos', user: 'crud-list' });
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.map((t: { order: number }) => t.order)).toEqual([-4, 1, 2, 3]);
    expect(Object.keys(res.body[0]).sort()).toEqual([
      'completed',
      'createdAt',
      'id',
      'order',
      'title',
      'updatedAt',
      'url',
    ]);
    expect(res.headers.link).toBeUndefined();
  });

  test('an empty list is []', async () => {
    const res = await h.request({ method: 'GET', path: '/todos', user: 'crud-nobody' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual([]);
  });

  test('paginates with limit and a Link rel="next" cursor until the last page', async () => {
    const user = 'crud-pages';
    for (let i = 1; i <= 7; i++) {
      await create(user, { title: `t${i}`, order: i });
    }
    const seen: number[] = [];
    let next: string | undefined = `${BASE}/todos?limit=3`;
    let pages = 0;
    while (next !== undefined) {
      const url = new URL(next);
      expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/todos`);
      const res = await h.request({ method: 'GET', path: '/todos', user, query: Object.fromEntries(url.searchParams) });
      expect(res.statusCode).toBe(200);
      seen.push(...res.body.map((t: { order: number }) => t.order));
      pages++;
      const link = res.headers.link;
      next = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      if (link !== undefined) expect(next).toBeDefined();
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('an exactly full last page has no Link', async () => {
    const user = 'crud-full-page';
    for (let i = 1; i <= 2; i++) await create(user, { title: `t${i}` });
    const res = await h.request({ method: 'GET', path: '/todos', user, query: { limit: '2' } });
    expect(res.body).toHaveLength(2);
    expect(res.headers.link).toBeUndefined();
  });
});

describe('GET /todos/{id}', () => {
  test('returns the todo with its ETag', async () => {
    const created = await create('crud-get', { title: 'read me' });
    const res = await h.request({ method: 'GET', path: `/todos/${created.body.id}`, user: 'crud-get' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.headers.etag).toBe('"1"');
  });

  test('an unknown id is a 404 problem', async () => {
    const res = await h.request({
      method: 'GET',
      path: '/todos/00000000-0000-4000-8000-000000000000',
      user: 'crud-get',
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      type: 'https://todo-observability.dev/problems/not-found',
      status: 404,
      title: expect.any(String),
    });
  });
});

describe('PATCH and PUT /todos/{id}', () => {
  test('PATCH changes only the given fields, bumps the ETag and returns the whole todo', async () => {
    const created = await create('crud-patch', { title: 'patch me', order: 4 });
    const res = await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user: 'crud-patch',
      body: { completed: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toEqual({ ...created.body, completed: true, updatedAt: expect.any(String) });
    expect(res.body.updatedAt >= created.body.updatedAt).toBe(true);
    expect(res.headers.etag).toBe('"2"');
    const stored = await h.request({ method: 'GET', path: `/todos/${created.body.id}`, user: 'crud-patch' });
    expect(stored.body).toEqual(res.body);
    expect(stored.headers.etag).toBe('"2"');
  });

  test('PUT replaces title and completed (default false) and keeps order when omitted', async () => {
    const created = await create('crud-put', { title: 'old', completed: true, order: 9 });
    const res = await h.request({
      method: 'PUT',
      path: `/todos/${created.body.id}`,
      user: 'crud-put',
      body: { title: ' new ', id: created.body.id, url: created.body.url, createdAt: 'x', updatedAt: 'y' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      title: 'new',
      completed: false,
      order: 9,
      createdAt: created.body.createdAt,
    });
    const withOrder = await h.request({
      method: 'PUT',
      path: `/todos/${created.body.id}`,
      user: 'crud-put',
      body: { title: 'n', order: 1 },
    });
    expect(withOrder.body.order).toBe(1);
    expect(withOrder.headers.etag).toBe('"3"');
  });

  test('PATCH and PUT of an unknown id are 404 and create nothing', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const patch = await h.request({ method: 'PATCH', path: `/todos/${id}`, user: 'crud-ghost', body: { title: 'x' } });
    const put = await h.request({ method: 'PUT', path: `/todos/${id}`, user: 'crud-ghost', body: { title: 'x' } });
    expect([patch.statusCode, put.statusCode]).toEqual([404, 404]);
    expect((await h.todoItems()).filter((item) => item.pk === 'USER#crud-ghost')).toEqual([]);
  });

  test('concurrent PATCHes of different fields never lose each other', async () => {
    const user = 'crud-race';
    for (let round = 0; round < 15; round++) {
      const created = await create(user, { title: `round ${round}`, order: round });
      const path = `/todos/${created.body.id}`;
      const results = await Promise.all([
        h.request({ method: 'PATCH', path, user, body: { title: `renamed ${round}` } }),
        h.request({ method: 'PATCH', path, user, body: { completed: true } }),
        h.request({ method: 'PATCH', path, user, body: { order: 100 + round } }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(results.map((r) => r.headers.etag).sort()).toEqual(['"2"', '"3"', '"4"']);
      const stored = await h.request({ method: 'GET', path, user });
      expect(stored.body).toMatchObject({ title: `renamed ${round}`, completed: true, order: 100 + round });
      expect(stored.headers.etag).toBe('"4"');
    }
  });
});

describe('If-Match', () => {
  test('a matching ETag updates; a stale one is 412 and changes nothing', async () => {
    const user = 'crud-ifmatch';
    const created = await create(user, { title: 'v1' });
    const path = `/todos/${created.body.id}`;
    const ok = await h.request({ method: 'PATCH', path, user, body: { title: 'v2' }, headers: { 'If-Match': '"1"' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');

    const before = (await h.todoItems()).find((item) => item.id === created.body.id);
    const stale = await h.request({
      method: 'PATCH',
      path,
      user,
      body: { title: 'v3' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.body.type).toBe('https://todo-observability.dev/problems/precondition-failed');
    const stalePut = await h.request({
      method: 'PUT',
      path,
      user,
      body: { title: 'v3' },
      headers: { 'If-Match': 'W/"2"' },
    });
    expect(stalePut.statusCode).toBe(412);
    const staleDelete = await h.request({ method: 'DELETE', path, user, headers: { 'If-Match': '"7", "1"' } });
    expect(staleDelete.statusCode).toBe(412);
    expect((await h.todoItems()).find((item) => item.id === created.body.id)).toEqual(before);

    const listMatch = await h.request({
      method: 'PATCH',
      path,
      user,
      body: { completed: true },
      headers: { 'If-Match': '"9", "2"' },
    });
    expect(listMatch.statusCode).toBe(200);
    const deleted = await h.request({ method: 'DELETE', path, user, headers: { 'If-Match': '"3"' } });
    expect(deleted.statusCode).toBe(204);
  });

  test('* requires the todo to exist', async () => {
    const user = 'crud-star';
    const created = await create(user, { title: 'x' });
    const ok = await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user,
      body: { title: 'y' },
      headers: { 'If-Match': '*' },
    });
    expect(ok.statusCode).toBe(200);
    const ghost = '22222222-2222-4222-8222-222222222222';
    const missing = await h.request({
      method: 'PUT',
      path: `/todos/${ghost}`,
      user,
      body: { title: 'y' },
      headers: { 'If-Match': '*' },
    });
    expect(missing.statusCode).toBe(404);
    const missingVersion = await h.request({
      method: 'PATCH',
      path: `/todos/${ghost}`,
      user,
      body: { title: 'y' },
      headers: { 'If-Match': '"1"' },
    });
    expect(missingVersion.statusCode).toBe(404);
    const missingDelete = await h.request({
      method: 'DELETE',
      path: `/todos/${ghost}`,
      user,
      headers: { 'If-Match': '"1"' },
    });
    expect(missingDelete.statusCode).toBe(404);
  });
});

describe('DELETE', () => {
  test('DELETE /todos/{id} removes the todo; a second delete is 404', async () => {
    const user = 'crud-delete';
    const created = await create(user, { title: 'bye' });
    const first = await h.request({ method: 'DELETE', path: `/todos/${created.body.id}`, user });
    expect(first.statusCode).toBe(204);
    expect(first.rawBody).toBe('');
    const again = await h.request({ method: 'DELETE', path: `/todos/${created.body.id}`, user });
    expect(again.statusCode).toBe(404);
    expect((await h.todoItems()).filter((item) => item.pk === `USER#${user}`)).toEqual([]);
  });

  test("DELETE /todos removes all (more than one batch) of the caller's todos and nobody else's", async () => {
    const user = 'crud-delete-all';
    await Promise.all(Array.from({ length: 60 }, (_, i) => create(user, { title: `t${i}`, order: i })));
    await create('crud-delete-all-bystander', { title: 'keep me' });
    const res = await h.request({ method: 'DELETE', path: '/todos', user });
    expect(res.statusCode).toBe(204);
    const remaining = await h.todoItems();
    expect(remaining.filter((item) => item.pk === `USER#${user}`)).toHaveLength(0);
    expect(remaining.filter((item) => item.pk === 'USER#crud-delete-all-bystander')).toHaveLength(1);
    const list = await h.request({ method: 'GET', path: '/todos', user });
    expect(list.body).toEqual([]);
  });
});

describe('DELETE /todos near the function deadline', () => {
  test('stops after a page, answers 202 with Retry-After and what it deleted; repeating finishes with 204', async () => {
    const user = 'crud-delete-all-deadline';
    await Promise.all(Array.from({ length: 150 }, (_, i) => create(user, { title: `t${i}`, order: i })));
    // The deadline is near from the first check on: one page (100 keys) is deleted, then the function answers.
    const context = { ...lambdaContext('delete-all-todos'), getRemainingTimeInMillis: () => 1_500 };
    const first = await h.invoke('delete-all-todos', apiEvent({ method: 'DELETE', path: '/todos', user }), context);
    expect(first.statusCode).toBe(202);
    expect(first.headers['retry-after']).toBe('0');
    expect(first.body).toEqual({ deleted: 100, complete: false });
    const left = (await h.todoItems()).filter((item) => item.pk === `USER#${user}`);
    expect(left).toHaveLength(50);

    const second = await h.request({ method: 'DELETE', path: '/todos', user });
    expect(second.statusCode).toBe(204);
    expect((await h.todoItems()).filter((item) => item.pk === `USER#${user}`)).toEqual([]);
  });

  test('with time to spare it deletes every page in one request', async () => {
    const user = 'crud-delete-all-in-time';
    await Promise.all(Array.from({ length: 120 }, (_, i) => create(user, { title: `t${i}`, order: i })));
    const res = await h.request({ method: 'DELETE', path: '/todos', user });
    expect(res.statusCode).toBe(204);
    expect((await h.todoItems()).filter((item) => item.pk === `USER#${user}`)).toEqual([]);
  });
});

declareDimensionAllowListTest(() => h);
