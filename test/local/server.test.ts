/**
 * HTTP tests: the real handlers behind the local server (in-process, ephemeral port, in-memory DynamoDB), driven
 * with fetch the way a Todo-Backend client or a browser would.
 */
import { randomUUID } from 'node:crypto';
import { canListen, fakeJwt, json, newUser, Todo } from './http-client';
import { LocalServer, startLocalServer } from '../../local/server';

const APP_ORIGIN = 'http://localhost:5173';

let server: LocalServer;
let todos: string;

beforeAll(async () => {
  // Quiet test output: the handlers' JSON logs and EMF lines are checked by the npm-start test.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.CORS_ALLOWED_ORIGINS = `${APP_ORIGIN},http://127.0.0.1:5173`;
  server = await startLocalServer({ port: 0 });
  todos = `${server.url}/todos`;
});

afterAll(async () => {
  await server?.close();
});

type User = ReturnType<typeof newUser>;

async function create(user: User, title: string): Promise<Response> {
  return fetch(todos, {
    method: 'POST',
    headers: {
      Authorization: user.authorization,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomUUID(),
      Origin: APP_ORIGIN,
    },
    body: JSON.stringify({ title }),
  });
}

async function createTodo(user: User, title: string): Promise<Todo> {
  const response = await create(user, title);
  expect(response.status).toBe(201);
  return json<Todo>(response);
}

async function list(user: User): Promise<Todo[]> {
  const response = await fetch(todos, { headers: { Authorization: user.authorization } });
  expect(response.status).toBe(200);
  return json<Todo[]>(response);
}

function expectProblem(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

async function problemBody(response: Response): Promise<Record<string, unknown>> {
  const body = await json<Record<string, unknown>>(response);
  expect(body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status: response.status }),
  );
  return body;
}

describe('CORS preflight', () => {
  const preflight = (path: string, origin = APP_ORIGIN): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key,if-match',
      },
    });
  const list = (value: string | null): string[] => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

  test('on /todos allows the collection methods and the API headers for the app origin', async () => {
    const response = await preflight('/todos');

    expect(response.status).toBe(204);
    expect(list(response.headers.get('access-control-allow-methods'))).toEqual(
      expect.arrayContaining(['get', 'post', 'delete', 'options']),
    );
    expect(list(response.headers.get('access-control-allow-methods'))).not.toContain('patch');
    expect(list(response.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'if-match']),
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-max-age')).toMatch(/^\d+$/);
  });

  test('on /todos/{id} allows the item methods', async () => {
    const response = await preflight('/todos/some-id');

    expect(response.status).toBe(204);
    expect(list(response.headers.get('access-control-allow-methods'))).toEqual(
      expect.arrayContaining(['get', 'patch', 'put', 'delete', 'options']),
    );
    expect(list(response.headers.get('access-control-allow-methods'))).not.toContain('post');
    expect(list(response.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['idempotency-key', 'if-match']),
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  test('does not allow an origin outside the configured list', async () => {
    const response = await preflight('/todos', 'https://evil.example');

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });
});

describe('Todo-Backend flow', () => {
  test('POST /todos creates a todo: 201, not completed, with an absolute url that serves it', async () => {
    const user = newUser();
    const response = await create(user, 'walk the dog');

    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const todo = await json<Todo>(response);
    expect(todo).toEqual(expect.objectContaining({ title: 'walk the dog', completed: false }));
    expect(new URL(todo.url).origin).toBe(new URL(server.url).origin);

    const fetched = await fetch(todo.url, { headers: { Authorization: user.authorization } });
    expect(fetched.status).toBe(200);
    expect(await json<Todo>(fetched)).toEqual(todo);
  });

  test('GET /todos lists the todos created', async () => {
    const user = newUser();
    const first = await createTodo(user, 'first');
    const second = await createTodo(user, 'second');

    const listed = await list(user);

    expect(listed.map((todo) => todo.url).sort()).toEqual([first.url, second.url].sort());
  });

  test('PATCH on the todo url changes title and completed and returns the whole todo', async () => {
    const user = newUser();
    const todo = await createTodo(user, 'draft');

    const response = await fetch(todo.url, {
      method: 'PATCH',
      headers: { Authorization: user.authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'final', completed: true }),
    });

    expect(response.status).toBe(200);
    const patched = await json<Todo>(response);
    expect(patched).toEqual(expect.objectContaining({ url: todo.url, title: 'final', completed: true }));
    const fetched = await fetch(todo.url, { headers: { Authorization: user.authorization } });
    expect(await json<Todo>(fetched)).toEqual(expect.objectContaining({ title: 'final', completed: true }));
  });

  test('DELETE on the todo url answers 204, then the todo is gone (404)', async () => {
    const user = newUser();
    const todo = await createTodo(user, 'ephemeral');

    const deleted = await fetch(todo.url, { method: 'DELETE', headers: { Authorization: user.authorization } });
    expect(deleted.status).toBe(204);

    const fetched = await fetch(todo.url, { headers: { Authorization: user.authorization } });
    expectProblem(fetched, 404);
    expect(await list(user)).toEqual([]);
  });

  test('DELETE /todos answers 204 and empties the list', async () => {
    const user = newUser();
    await createTodo(user, 'one');
    await createTodo(user, 'two');

    const response = await fetch(todos, { method: 'DELETE', headers: { Authorization: user.authorization } });

    expect(response.status).toBe(204);
    expect(await list(user)).toEqual([]);
  });
});

describe('gateway errors', () => {
  test('an unknown route is a 404 problem with CORS headers', async () => {
    const response = await fetch(`${server.url}/nothing/here`, { headers: { Origin: APP_ORIGIN } });

    expectProblem(response, 404);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(await problemBody(response)).toEqual(expect.objectContaining({ detail: expect.any(String) }));
  });

  test('a method a known path does not serve is a 405 problem with Allow and CORS headers', async () => {
    const response = await fetch(`${todos}/some-id`, { method: 'POST', headers: { Origin: APP_ORIGIN } });

    expectProblem(response, 405);
    const allow = (response.headers.get('allow') ?? '').split(',').map((method) => method.trim());
    expect(allow).toEqual(expect.arrayContaining(['GET', 'PATCH', 'PUT', 'DELETE']));
    expect(allow).not.toContain('POST');
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    await problemBody(response);
  });

  test('a request body over API Gateway’s 10 MB limit is a 413 problem', async () => {
    const response = await fetch(todos, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });

    expectProblem(response, 413);
    // Rejected by the gateway before the handler (whose own limit is 64 KiB) is called.
    expect(await problemBody(response)).toEqual(
      expect.objectContaining({ detail: expect.stringContaining('API Gateway') }),
    );
  });
});

describe('local auth', () => {
  test('two bearer-JWT users do not see each other’s todos', async () => {
    const alice = newUser();
    const bob = newUser();
    const alicesTodo = await createTodo(alice, 'alice only');

    expect(await list(bob)).toEqual([]);
    const peek = await fetch(alicesTodo.url, { headers: { Authorization: bob.authorization } });
    expect(peek.status).toBe(404);
    expect((await list(alice)).map((todo) => todo.url)).toEqual([alicesTodo.url]);
  });

  test('a malformed bearer token is a 401 problem', async () => {
    const response = await fetch(todos, { headers: { Authorization: 'Bearer not-a-jwt', Origin: APP_ORIGIN } });

    expectProblem(response, 401);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    await problemBody(response);
  });

  test('a bearer token without a sub claim is a 401 problem', async () => {
    const response = await fetch(todos, { headers: { Authorization: `Bearer ${fakeJwt({ email: 'a@b.c' })}` } });

    expectProblem(response, 401);
  });

  test('without an Authorization header the caller is local-user', async () => {
    const anonymous = await fetch(todos, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ title: 'mine' }),
    });
    expect(anonymous.status).toBe(201);
    const todo = await json<Todo>(anonymous);

    const asLocalUser = await fetch(todo.url, {
      headers: { Authorization: `Bearer ${fakeJwt({ sub: 'local-user' })}` },
    });
    expect(asLocalUser.status).toBe(200);
  });
});

describe('handler errors', () => {
  test('malformed JSON is a 400 problem from the handler', async () => {
    const user = newUser();
    const response = await fetch(todos, {
      method: 'POST',
      headers: {
        Authorization: user.authorization,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: '{"title": ',
    });

    expectProblem(response, 400);
    await problemBody(response);
  });
});

describe('shutdown', () => {
  test('close() resolves and releases the port', async () => {
    const other = await startLocalServer({ port: 0 });
    const port = Number(new URL(other.url).port);
    expect((await fetch(`${other.url}/todos`)).status).toBe(200);

    await other.close();

    await expect(canListen(port)).resolves.toBe(true);
  });
});
