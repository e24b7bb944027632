/**
 * API Gateway REST (v1) Lambda proxy events and Lambda contexts shaped like the real ones (Cognito authorizer
 * claims included), for driving the real handlers in tests.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { apiGatewayIdentity } from '../../../local/api-gateway-event';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  readonly method: Method;
  /** Path after the stage, e.g. `/todos` or `/todos/<id>`. */
  readonly path: string;
  /** The caller's `sub`; `null` for a request without claims. @default 'user-a' */
  readonly user?: string | null;
  /** Headers exactly as sent (any case). A JSON body gets `Content-Type: application/json` unless given. */
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  readonly multiValueQuery?: Record<string, string[]>;
  readonly isBase64Encoded?: boolean;
  /** @default '/dev' */
  readonly stagePrefix?: string;
}

export const API_DOMAIN = 'abc123.execute-api.us-east-1.amazonaws.com';

export function apiEvent(spec: RequestSpec): APIGatewayProxyEvent {
  const stagePrefix = spec.stagePrefix ?? '/dev';
  const match = /^\/todos\/(.+)$/.exec(spec.path);
  const resource = match ? '/todos/{id}' : '/todos';
  const body = spec.body === undefined ? null : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  const headers: Record<string, string> = {
    Host: API_DOMAIN,
    'X-Forwarded-Proto': 'https',
    Accept: 'application/json',
  };
  if (
    body !== null &&
    typeof spec.body !== 'string' &&
    !Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')
  ) {
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const user = spec.user === undefined ? 'user-a' : spec.user;
  const requestId = randomUUID();
  const query =
    spec.query ??
    (spec.multiValueQuery
      ? Object.fromEntries(Object.entries(spec.multiValueQuery).map(([k, v]) => [k, v[v.length - 1]]))
      : null);
  const multiValueQuery =
    spec.multiValueQuery ??
    (spec.query ? Object.fromEntries(Object.entries(spec.query).map(([k, v]) => [k, [v]])) : null);
  return {
    resource,
    path: spec.path,
    httpMethod: spec.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: multiValueQuery,
    pathParameters: match ? { id: decodeURIComponent(match[1]) } : null,
    stageVariables: null,
    body,
    isBase64Encoded: spec.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer:
        user === null
          ? null
          : {
              claims: { sub: user, email: `${user}@example.com`, 'cognito:username': `name-${user}`, token_use: 'id' },
            },
      domainName: API_DOMAIN,
      domainPrefix: 'abc123',
      extendedRequestId: `ext-${requestId}`,
      httpMethod: spec.method,
      identity: apiGatewayIdentity('203.0.113.10', 'jest'),
      path: `${stagePrefix}${spec.path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'res123',
      resourcePath: resource,
      stage: stagePrefix.replace(/^\//, '') || 'local',
    },
  };
}

export function lambdaContext(functionName = 'todo-test-function'): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/01/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
