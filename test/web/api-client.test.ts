import { NO_AUTH, SignedOutError, TokenSource } from '../../web/src/auth';
import { ApiError, MAX_PAGES, PAGE_SIZE, Todo, TodoApi } from '../../web/src/api-client';
import {
  fakeFetch,
  FakeFetch,
  jsonResponse,
  networkFailure,
  noContent,
  problemResponse,
  Responder,
} from './support/fake-fetch';

const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

const todo = (n: number, extra: Partial<Todo> = {}): Todo & { createdAt: string } => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `todo ${n}`,
  completed: false,
  order: n,
  url: `${API}/todos/00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

/** A token source handing out token-1, token-2, ... (a new one per refresh). */
function tokens(): TokenSource & { refreshes: number; forgotten: boolean } {
  const source = {
    mode: 'cognito' as const,
    refreshes: 0,
    forgotten: false,
    forget: () => {
      source.forgotten = true;
    },
    isSignedIn: () => true,
    getIdToken: async () => `token-${source.refreshes + 1}`,
    refreshAfterUnauthorized: async () => {
      source.refreshes += 1;
      return `token-${source.refreshes + 1}`;
    },
  };
  return source;
}

function client(auth: TokenSource, ...script: Responder[]): { api: TodoApi; fetch: FakeFetch } {
  const fetch = fakeFetch(...script);
  let key = 0;
  const api = new TodoApi({
    apiUrl: API,
    origin: 'https://app.example.com',
    fetch,
    auth,
    newIdempotencyKey: () => `key-${++key}`,
  });
  return { api, fetch };
}

describe('requests', () => {
  test('carry the ID token as a bearer token, JSON headers, and no cookies', async () => {
    const { api, fetch } = client(tokens(), () => jsonResponse(201, todo(1), { ETag: '"1"' }));
    await api.create({ title: 'todo 1' });
    expect(fetch.calls[0]).toEqual({
      url: `${API}/todos`,
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'Bearer token-1',
        'idempotency-key': 'key-1',
      },
      body: JSON.stringify({ title: 'todo 1' }),
      credentials: 'omit',
    });
  });

  test('go without Authorization when auth is off, to the page origin when apiUrl is empty', async () => {
    const fetch = fakeFetch(() => jsonResponse(200, []));
    const api = new TodoApi({
      apiUrl: '',
      origin: 'http://localhost:3000',
      fetch,
      auth: NO_AUTH,
      newIdempotencyKey: () => 'k',
    });
    await api.list();
    expect(fetch.calls[0].url).toBe(`http://localhost:3000/todos?limit=${PAGE_SIZE}`);
    expect(fetch.calls[0].headers.authorization).toBeUndefined();
  });

  test('create returns the todo (only its public fields) with its ETag', async () => {
    const { api } = client(tokens(), () => jsonResponse(201, todo(1), { ETag: '"1"', Location: todo(1).url }));
    expect(await api.create({ title: 'todo 1' })).toEqual({
      todo: { id: todo(1).id, title: 'todo 1', completed: false, order: 1, url: todo(1).url },
      etag: '"1"',
    });
  });

  test('create retries a network failure once with the same Idempotency-Key', async () => {
    const { api, fetch } = client(tokens(), networkFailure, () => jsonResponse(201, todo(1)));
    await api.create({ title: 'todo 1' });
    expect(fetch.calls.map((call) => call.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });

  test('ids are escaped into the item URL', async () => {
    const { api, fetch } = client(tokens(), noContent);
    await api.remove('a/b?c');
    expect(fetch.calls[0].url).toBe(`${API}/todos/a%2Fb%3Fc`);
  });
});

describe('list', () => {
  test('follows Link rel="next" until the last page and concatenates the pages', async () => {
    const next = (cursor: string): Record<string, string> => ({
      Link: `<${API}/todos?limit=${PAGE_SIZE}&cursor=${cursor}>; rel="next"`,
    });
    const { api, fetch } = client(
      tokens(),
      () => jsonResponse(200, [todo(1), todo(2)], next('abc')),
      () => jsonResponse(200, [todo(3)], next('def')),
      () => jsonResponse(200, [todo(4)]),
    );
    expect((await api.list()).map((item) => item.order)).toEqual([1, 2, 3, 4]);
    expect(fetch.calls.map((call) => call.url)).toEqual([
      `${API}/todos?limit=${PAGE_SIZE}`,
      `${API}/todos?limit=${PAGE_SIZE}&cursor=abc`,
      `${API}/todos?limit=${PAGE_SIZE}&cursor=def`,
    ]);
  });

  test('never sends the token to another host: only the query of a next link is used', async () => {
    const { api, fetch } = client(
      tokens(),
      () => jsonResponse(200, [todo(1)], { Link: '<https://evil.example.com/todos?cursor=x>; rel="next"' }),
      () => jsonResponse(200, []),
    );
    await api.list();
    expect(fetch.calls[1].url).toBe(`${API}/todos?cursor=x`);
  });

  test('stops after MAX_PAGES pages of a server that never ends the list', async () => {
    const { api, fetch } = client(tokens(), () =>
      jsonResponse(200, [], { Link: `<${API}/todos?cursor=again>; rel="next"` }),
    );
    await expect(api.list()).rejects.toThrow(/did not end after 100 pages/);
    expect(fetch.calls).toHaveLength(MAX_PAGES);
  });

  test('rejects a body that is not a list of todos', async () => {
    const { api } = client(tokens(), () => jsonResponse(200, { items: [] }));
    await expect(api.list()).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});

describe('errors', () => {
  test('a problem+json response surfaces its title and detail', async () => {
    const { api } = client(tokens(), () =>
      problemResponse(400, 'Title is too long', 'title must be at most 1000 characters.'),
    );
    const error = await api.create({ title: 'x'.repeat(1001) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      title: 'Title is too long',
      detail: 'title must be at most 1000 characters.',
      requestId: 'req-1',
      message: 'Title is too long: title must be at most 1000 characters.',
    });
  });

  test('a non-JSON error response surfaces its status', async () => {
    const { api } = client(
      tokens(),
      () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    await expect(api.list()).rejects.toMatchObject({
      kind: 'http',
      status: 502,
      title: 'HTTP 502',
      detail: 'Bad Gateway',
    });
  });

  test('a network failure becomes a readable error', async () => {
    const { api } = client(tokens(), networkFailure);
    await expect(api.list()).rejects.toMatchObject({ kind: 'network', status: 0, title: 'Network error' });
  });
});

describe('conditional writes', () => {
  test('update sends If-Match with the ETag and returns the new one', async () => {
    const { api, fetch } = client(tokens(), () => jsonResponse(200, todo(1, { completed: true }), { ETag: '"2"' }));
    const result = await api.update(ID, { completed: true }, '"1"');
    expect(fetch.calls[0]).toMatchObject({
      url: `${API}/todos/${ID}`,
      method: 'PATCH',
      headers: { 'if-match': '"1"', 'content-type': 'application/json' },
      body: '{"completed":true}',
    });
    expect(result).toMatchObject({ todo: { completed: true }, etag: '"2"' });
  });

  test('update without an ETag sends no If-Match', async () => {
    const { api, fetch } = client(tokens(), () => jsonResponse(200, todo(1)));
    await api.update(ID, { title: 'x' });
    expect(fetch.calls[0].headers['if-match']).toBeUndefined();
  });

  test('a 412 is a conflict error', async () => {
    const { api } = client(tokens(), () => problemResponse(412, 'Precondition failed', 'The todo has changed.'));
    const error = (await api.update(ID, { title: 'x' }, '"1"').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 412, title: 'Precondition failed' });
    expect(error.isConflict).toBe(true);
  });

  test('delete sends If-Match when given', async () => {
    const { api, fetch } = client(tokens(), noContent);
    await api.remove(ID, '"3"');
    expect(fetch.calls[0]).toMatchObject({ method: 'DELETE', headers: { 'if-match': '"3"' } });
  });
});

describe('401', () => {
  test('refreshes the token once and retries with the new one', async () => {
    const auth = tokens();
    const { api, fetch } = client(
      auth,
      () => problemResponse(401, 'Unauthorized', 'expired'),
      () => jsonResponse(200, []),
    );
    expect(await api.list()).toEqual([]);
    expect(fetch.calls.map((call) => call.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(auth.refreshes).toBe(1);
    expect(auth.forgotten).toBe(false);
  });

  test('a second 401 means signed out: the session is forgotten, no third attempt', async () => {
    const auth = tokens();
    const { api, fetch } = client(auth, () => problemResponse(401, 'Unauthorized', 'nope'));
    await expect(api.list()).rejects.toMatchObject({ kind: 'signed-out', status: 401 });
    expect(fetch.calls).toHaveLength(2);
    expect(auth.refreshes).toBe(1);
    expect(auth.forgotten).toBe(true);
  });

  test('a refresh that fails on the network is a network error, not a sign-out', async () => {
    const auth: TokenSource = {
      ...tokens(),
      getIdToken: async () => {
        throw new TypeError('Failed to fetch');
      },
    };
    const { api, fetch } = client(auth, () => jsonResponse(200, []));
    await expect(api.list()).rejects.toMatchObject({ kind: 'network', title: 'Network error' });
    expect(fetch.calls).toHaveLength(0);
  });

  test('a failed refresh means signed out', async () => {
    const auth: TokenSource = {
      ...tokens(),
      refreshAfterUnauthorized: async () => {
        throw new SignedOutError('Your session has ended. Please sign in again.');
      },
    };
    const { api, fetch } = client(auth, () => problemResponse(401, 'Unauthorized', 'expired'));
    await expect(api.list()).rejects.toMatchObject({
      kind: 'signed-out',
      detail: 'Your session has ended. Please sign in again.',
    });
    expect(fetch.calls).toHaveLength(1);
  });

  test('without a session no request is sent', async () => {
    const auth: TokenSource = {
      ...tokens(),
      getIdToken: async () => {
        throw new SignedOutError();
      },
    };
    const { api, fetch } = client(auth, () => jsonResponse(200, []));
    await expect(api.list()).rejects.toMatchObject({ kind: 'signed-out' });
    expect(fetch.calls).toHaveLength(0);
  });

  test('with auth off a 401 is an ordinary error, not retried', async () => {
    const fetch = fakeFetch(() => problemResponse(401, 'Unauthorized', 'The bearer token has no "sub" claim.'));
    const api = new TodoApi({ apiUrl: API, origin: 'x', fetch, auth: NO_AUTH, newIdempotencyKey: () => 'k' });
    await expect(api.list()).rejects.toMatchObject({ kind: 'http', status: 401 });
    expect(fetch.calls).toHaveLength(1);
  });
});
