/**
 * API Gateway REST (v1) Lambda proxy events and Lambda contexts for driving the real handlers in tests, built by
 * the local runtime's builders (the ones behind `npm start`) as if the request reached a deployed execute-api
 * stage through the Cognito authorizer.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { buildLambdaContext } from '../../../local/runtime/lambda-context';
import { ApiDeployment, buildProxyEvent } from '../../../local/runtime/proxy-event';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  readonly method: Method;
  /** Path after the stage, e.g. `/todos` or `/todos/<id>`. */
  readonly path: string;
  /** The caller's `sub`; `null` for a request without claims. @default 'user-a' */
  readonly user?: string | null;
  /** Headers exactly as sent (any case). A JSON body gets `Content-Type: application/json` unless given. */
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (base64 with `isBase64Encoded`); a Buffer as those bytes. */
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  readonly multiValueQuery?: Record<string, string[]>;
  /** The body is of a binary media type: `body` is its base64 and the handler gets it so. */
  readonly isBase64Encoded?: boolean;
  /** @default '/dev' */
  readonly stagePrefix?: string;
}

export const API_DOMAIN = 'abc123.execute-api.us-east-1.amazonaws.com';
/** The stage the handler tests' functions run in (`STAGE`, function names `todo-test-*`). */
export const TEST_STAGE = 'test';

export function apiEvent(spec: RequestSpec): APIGatewayProxyEvent {
  const stagePrefix = spec.stagePrefix ?? '/dev';
  const headers: Record<string, string> = {
    Host: API_DOMAIN,
    'X-Forwarded-Proto': 'https',
    Accept: 'application/json',
    'User-Agent': 'jest',
  };
  const json = spec.body !== undefined && typeof spec.body !== 'string' && !Buffer.isBuffer(spec.body);
  if (json && !Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(spec.multiValueQuery ?? {})) {
    values.forEach((value) => query.append(name, value));
  }
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    query.append(name, value);
  }
  const user = spec.user === undefined ? 'user-a' : spec.user;
  const api: ApiDeployment = {
    domainName: API_DOMAIN,
    stage: stagePrefix.replace(/^\//, '') || TEST_STAGE,
    stagePath: stagePrefix,
    accountId: '123456789012',
    apiId: 'abc123',
  };
  return buildProxyEvent(
    {
      method: spec.method,
      path: spec.path,
      query: query.toString(),
      headers: Object.entries(headers),
      body: bodyBytes(spec),
      binary: spec.isBase64Encoded ?? false,
      claims:
        user === null
          ? null
          : { sub: user, email: `${user}@example.com`, 'cognito:username': `name-${user}`, token_use: 'id' },
      sourceIp: '203.0.113.10',
    },
    api,
  );
}

function bodyBytes({ body, isBase64Encoded }: RequestSpec): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** The context the runtime passes function `name` (`todo-test-<name>`). */
export function lambdaContext(name = 'function'): Context {
  return buildLambdaContext(name, { stage: TEST_STAGE });
}
