/**
 * The caller id (the Cognito `sub`) keys everything a caller owns: one this API cannot key data by (longer than
 * OpenID Connect's 255 characters, or not visible ASCII) is a 401 problem on every route, before any key or cursor
 * is built from it.
 */
import { MAX_CALLER_ID_LENGTH } from '../../lambda/shared/caller';
import { RequestSpec } from './support/events';
import { ApiResult, Harness, startHarness } from './support/harness';

let h: Harness;
let existingId: string;

beforeAll(async () => {
  h = await startHarness();
  existingId = (await h.request({ method: 'POST', path: '/todos', user: 'caller-owner', body: { title: 'x' } })).body
    .id;
});
afterAll(async () => {
  await h.close();
});

function expectUnauthorized(res: ApiResult): void {
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.body).toMatchObject({ type: 'https://todo-observability.dev/problems/unauthorized', status: 401 });
}

/** The whole todo table, to assert a rejected request wrote nothing. */
const snapshot = async (): Promise<string> =>
  JSON.stringify((await h.todoItems()).sort((a, b) => (a.sk < b.sk ? -1 : 1)));

const routes = (user: string): RequestSpec[] => [
  { method: 'GET', path: '/todos', user },
  { method: 'POST', path: '/todos', user, body: { title: 'x' } },
  { method: 'DELETE', path: '/todos', user },
  { method: 'GET', path: `/todos/${existingId}`, user },
  { method: 'PATCH', path: `/todos/${existingId}`, user, body: { title: 'x' } },
  { method: 'PUT', path: `/todos/${existingId}`, user, body: { title: 'x' } },
  { method: 'DELETE', path: `/todos/${existingId}`, user },
];

test.each([
  [`one character over the limit (${MAX_CALLER_ID_LENGTH + 1})`, 'u'.repeat(MAX_CALLER_ID_LENGTH + 1)],
  ['over DynamoDB’s 2048-byte key limit', 'u'.repeat(2044)],
  ['with a space', 'user one'],
  ['with a control character', 'user\u0000one'],
  ['with non-ASCII characters', 'usér'],
])('a caller id %s is 401 on every route and writes nothing', async (_case, user) => {
  const before = await snapshot();
  for (const spec of routes(user)) {
    const res = await h.request(spec);
    expectUnauthorized(res);
    expect(res.body.detail).toContain('caller id');
  }
  expect(await snapshot()).toBe(before);
});

test(`a caller id of exactly ${MAX_CALLER_ID_LENGTH} characters is served`, async () => {
  const user = 'u'.repeat(MAX_CALLER_ID_LENGTH);
  expect((await h.request({ method: 'POST', path: '/todos', user, body: { title: 'long sub' } })).statusCode).toBe(201);
  expect((await h.request({ method: 'GET', path: '/todos', user })).body).toHaveLength(1);
});
