/**
 * The representative traffic the volumes are measured on: each route's share, and what a typical request of each
 * looks like. Data: users with about 15 todos of about 30-character titles, a third of them completed. Requests: the
 * web client's, from a browser on the CloudFront origin, through the deployed API's `prod` stage.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteName } from '../../contract/routes';
import { ApiDeployment, buildProxyEvent } from '../../local/runtime/proxy-event';
import { findFunction, matchPath } from '../../local/runtime/route-match';

/**
 * Each route's share of requests. The web client lists on every load (and again after a conflict), and otherwise
 * creates, toggles or renames (PATCH) and deletes one todo at a time, so listing leads and POST and PATCH follow. GET
 * of one todo, PUT and DELETE of all come only from Todo-Backend clients following `url` links and from the journey
 * canary, so they are rare.
 */
export const REQUEST_MIX: Readonly<Record<RouteName, number>> = {
  'GET /todos': 0.4,
  'POST /todos': 0.2,
  'DELETE /todos': 0.02,
  'GET /todos/{id}': 0.1,
  'PATCH /todos/{id}': 0.2,
  'PUT /todos/{id}': 0.02,
  'DELETE /todos/{id}': 0.06,
};

/** Typical titles: 29 to 33 characters, 30.75 on average. */
const TITLES = [
  'Book dentist appointment for May',
  'Renew passport before the summer',
  'Buy oat milk, eggs and coffee',
  'Call the plumber about the sink',
  'Send invoice to Acme for March',
  'Pick up dry cleaning on Friday',
  'Water the plants on the balcony',
  'Reply to Anna about the offsite',
  'Fix flaky test in checkout flow',
  'Prepare slides for team review',
  'Cancel unused streaming service',
  'Order birthday present for Sam',
  'Update resume with latest role',
  'Schedule car service in October',
  'Read chapter 4 of the SRE book',
  'Back up photos to external disk',
  'Pay electricity bill by the 15th',
  'Plan meals for the coming week',
  'Return library books on Monday',
  'Clean out the garage this weekend',
] as const;

/** The deployed API the events say they reached (an execute-api host, the `prod` stage in the path). */
const API: ApiDeployment = {
  domainName: 'k7x2m9q4ab.execute-api.us-east-1.amazonaws.com',
  stage: 'prod',
  stagePath: '/prod',
  accountId: '123456789012',
  apiId: 'k7x2m9q4ab',
};
export const WEB_ORIGIN = 'https://d1a2b3c4d5e6f7.cloudfront.net';
const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A request as the web client sends it. */
export interface WebRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: string;
  /** The caller's Cognito `sub`. */
  readonly user: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TodoState {
  readonly id: string;
  title: string;
  completed: boolean;
  order: number;
  etag: string;
}

export interface SeedUser {
  readonly sub: string;
  readonly todos: TodoState[];
}

export interface Fixture {
  /** Reads, PATCH and PUT. */
  readonly reader: SeedUser;
  readonly creator: SeedUser;
  /** One todo per DELETE /todos/{id} request. */
  readonly deleter: SeedUser;
  /** One user per DELETE /todos request. */
  readonly clearers: SeedUser[];
}

export type Send = (request: WebRequest) => Promise<{ readonly result: APIGatewayProxyResult }>;

/** Users and todos for `requests` requests per route (warm-up included), created through the real POST handler. */
export async function seedFixture(send: Send, requests: number, todosPerUser: number): Promise<Fixture> {
  const reader = await seedUser(send, todosPerUser);
  const creator = await seedUser(send, todosPerUser);
  const deleter = await seedUser(send, requests);
  const clearers: SeedUser[] = [];
  for (let i = 0; i < requests; i++) clearers.push(await seedUser(send, todosPerUser));
  return { reader, creator, deleter, clearers };
}

async function seedUser(send: Send, count: number): Promise<SeedUser> {
  const sub = randomUUID();
  const todos: TodoState[] = [];
  for (let k = 0; k < count; k++) {
    const input = { title: TITLES[k % TITLES.length], completed: k % 3 === 0, order: k + 1 };
    const { result } = await send({ method: 'POST', path: '/todos', user: sub, body: input });
    if (result.statusCode !== 201) throw new Error(`seeding failed: ${result.statusCode} ${result.body}`);
    const { id } = JSON.parse(result.body) as { id: string };
    todos.push({ ...input, id, etag: String(result.headers?.ETag) });
  }
  return { sub, todos };
}

/** Request `i` (0: the warm-up) of `route`. */
export function requestFor(route: RouteName, fixture: Fixture, i: number): WebRequest {
  const { reader } = fixture;
  const todo = reader.todos[i % reader.todos.length];
  const ifMatch = (t: TodoState): Record<string, string> => ({ 'If-Match': t.etag });
  switch (route) {
    case 'GET /todos':
      // The web client's page size.
      return { method: 'GET', path: '/todos', query: 'limit=100', user: reader.sub };
    case 'POST /todos':
      return {
        method: 'POST',
        path: '/todos',
        user: fixture.creator.sub,
        body: { title: TITLES[i % TITLES.length] },
        headers: { 'Idempotency-Key': randomUUID() },
      };
    case 'DELETE /todos':
      return { method: 'DELETE', path: '/todos', user: fixture.clearers[i].sub };
    case 'GET /todos/{id}':
      return { method: 'GET', path: `/todos/${todo.id}`, user: reader.sub };
    case 'PATCH /todos/{id}':
      // A checkbox toggle, the commonest edit.
      return {
        method: 'PATCH',
        path: `/todos/${todo.id}`,
        user: reader.sub,
        body: { completed: !todo.completed },
        headers: ifMatch(todo),
      };
    case 'PUT /todos/{id}':
      return {
        method: 'PUT',
        path: `/todos/${todo.id}`,
        user: reader.sub,
        body: { title: TITLES[(i + 10) % TITLES.length], completed: todo.completed, order: todo.order },
        headers: ifMatch(todo),
      };
    case 'DELETE /todos/{id}': {
      const doomed = fixture.deleter.todos[i];
      return { method: 'DELETE', path: `/todos/${doomed.id}`, user: fixture.deleter.sub, headers: ifMatch(doomed) };
    }
  }
}

/** The proxy event API Gateway hands the function serving `request`, with the X-Ray header it adds. */
export function buildEvent(
  request: WebRequest,
  traceHeader: string,
): { readonly functionName: string; readonly event: APIGatewayProxyEvent } {
  const matched = matchPath(request.path);
  const fn = matched && findFunction(matched.resource, request.method);
  if (!fn) throw new Error(`No function serves ${request.method} ${request.path}`);
  const headers: Record<string, string> = {
    Host: API.domainName,
    Accept: 'application/json',
    ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    Origin: WEB_ORIGIN,
    'User-Agent': BROWSER_USER_AGENT,
    'X-Amzn-Trace-Id': traceHeader,
    'X-Forwarded-Proto': 'https',
    ...request.headers,
  };
  const event = buildProxyEvent(
    {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: Object.entries(headers),
      body: request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body)),
      claims: { sub: request.user, 'cognito:username': request.user, token_use: 'access' },
      sourceIp: '198.51.100.23',
    },
    API,
  );
  // API Gateway's extended request ids are 16 characters (the local builder's are shorter): the access log has one.
  const extendedRequestId = randomBytes(11).toString('base64');
  return { functionName: fn.name, event: { ...event, requestContext: { ...event.requestContext, extendedRequestId } } };
}
