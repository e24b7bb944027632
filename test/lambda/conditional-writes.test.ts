/**
 * A conditional write that fails tells "changed" (412) from "gone" (404) by the item DynamoDB returns on the failure
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), without a second call: locally the runtime's DynamoDB proxy
 * returns it as DynamoDB does, so these run the branch production takes.
 */
import type { RequestSpec } from './support/events';
import { Harness, jsonLines, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** The status of `spec` and the DynamoDB calls it made, from the handler's performance log lines. */
async function dynamoDbCalls(spec: RequestSpec): Promise<{ status: number; calls: string[] }> {
  h.clearOutput();
  const res = await h.request(spec);
  const calls = jsonLines(h.output()).filter((line) => line.message === 'dynamodb call');
  return { status: res.statusCode, calls: calls.map((line) => `${line.operation} ${line.outcome}`) };
}

async function newTodo(user: string): Promise<string> {
  const created = await h.request({ method: 'POST', path: '/todos', user, body: { title: 'v1' } });
  return `/todos/${created.body.id}`;
}

const stale = (path: string, user: string): RequestSpec[] => [
  { method: 'PATCH', path, user, body: { title: 'x' }, headers: { 'If-Match': '"9"' } },
  { method: 'DELETE', path, user, headers: { 'If-Match': '"9"' } },
];

test('a changed todo is 412 after one failed conditional write', async () => {
  const user = 'conditional-changed';
  const path = await newTodo(user);

  for (const spec of stale(path, user)) {
    expect(await dynamoDbCalls(spec)).toEqual({ status: 412, calls: ['UpdateItem condition_failed'] });
  }
});

test('a gone todo is 404 after one failed conditional write', async () => {
  const user = 'conditional-gone';
  const path = await newTodo(user);
  expect((await h.request({ method: 'DELETE', path, user })).statusCode).toBe(204);

  for (const spec of stale(path, user)) {
    expect(await dynamoDbCalls(spec)).toEqual({ status: 404, calls: ['UpdateItem condition_failed'] });
  }
});
