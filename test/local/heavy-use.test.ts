/**
 * What a heavy local user sends the local server, answered as the deployed API would: a `Host` header that is not
 * a plain host never reaches a URL, a body that is not UTF-8 is a 400 problem, a caller id this API cannot key data
 * by is a 401 problem, and every `next` link the server writes is accepted back.
 */
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fakeJwt, json, newUser, Todo } from './http-client';
import { LocalServer, startLocalServer } from '../../local/server';

let server: LocalServer;
let todos: string;

beforeAll(async () => {
  // Quiet test output: the handlers' JSON logs and EMF lines are checked by the npm-start test.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  server = await startLocalServer({ port: 0 });
  todos = `${server.url}/todos`;
});

afterAll(async () => {
  await server?.close();
});

type User = ReturnType<typeof newUser>;

async function createTodo(user: User, title: string): Promise<void> {
  const response = await fetch(todos, {
    method: 'POST',
    headers: { Authorization: user.authorization, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ title }),
  });
  expect(response.status).toBe(201);
}

async function list(user: User): Promise<Todo[]> {
  const response = await fetch(todos, { headers: { Authorization: user.authorization } });
  expect(response.status).toBe(200);
  return json<Todo[]>(response);
}

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return json<Record<string, unknown>>(response);
}

/** node:http rather than fetch: fetch sets Host itself. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

test.each(['evil.example"><script>', 'evil.example/path', 'a b'])(
  'a Host header that is not host[:port] (%s) never reaches Location or url',
  async (host) => {
    const user = newUser();
    const response = await send(
      'POST',
      '/todos',
      { Host: host, Authorization: user.authorization, 'Content-Type': 'application/json' },
      Buffer.from(JSON.stringify({ title: 'h' })),
    );

    expect(response.status).toBe(201);
    expect(response.headers.location).toMatch(new RegExp(`^${server.url}/todos/[0-9a-f-]{36}$`));
    expect((JSON.parse(response.body) as Todo).url).toBe(response.headers.location);
  },
);

test('a body that is not UTF-8 is a 400 problem and stores nothing', async () => {
  const user = newUser();
  const bytes = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);

  const response = await send(
    'POST',
    '/todos',
    { Authorization: user.authorization, 'Content-Type': 'application/json' },
    bytes,
  );

  expect(response.status).toBe(400);
  expect(JSON.parse(response.body)).toEqual(
    expect.objectContaining({ type: expect.stringMatching(/malformed-json$/) }),
  );
  expect(await list(user)).toEqual([]);
});

test.each([312, 2044])('a caller id (sub) of %i bytes is a 401 problem, not a 500 or a broken link', async (length) => {
  const authorization = `Bearer ${fakeJwt({ sub: 'u'.repeat(length) })}`;

  const response = await fetch(todos, { headers: { Authorization: authorization } });

  expect((await expectProblem(response, 401)).detail).toMatch(/caller id/);
});

test('with the longest caller id every next link is accepted back', async () => {
  const sub = `"${'\\'.repeat(253)}"`; // 255 characters, each escaped in the cursor's JSON
  const user = { sub, authorization: `Bearer ${fakeJwt({ sub })}` };
  for (const title of ['one', 'two', 'three']) {
    await createTodo(user, title);
  }
  const titles: string[] = [];
  let next: string | undefined = `${todos}?limit=1`;
  while (next !== undefined) {
    const response: Response = await fetch(next, { headers: { Authorization: user.authorization } });
    expect(response.status).toBe(200);
    titles.push(...(await json<Todo[]>(response)).map((todo) => todo.title));
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
  }
  expect(titles).toEqual(['one', 'two', 'three']);
});
