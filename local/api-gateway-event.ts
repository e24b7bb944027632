/**
 * What API Gateway (REST API, Lambda proxy integration) does around a handler, reproduced for the local server:
 * route matching, the `APIGatewayProxyEvent` it builds and the Lambda `Context` the runtime passes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { API_FUNCTIONS, FunctionDefinition, RoutePath } from '../lambda/routes';
import type { LocalClaims } from './local-auth';
import { LOCAL_AWS_ENV } from './local-dynamodb';

export const LOCAL_STAGE = 'local';
const LOCAL_ACCOUNT_ID = '000000000000';
/** Lambda settings the local context reports (the TodoFunction defaults); nothing is limited locally. */
const LOCAL_MEMORY_MB = '1024';
const LOCAL_TIMEOUT_MS = 10_000;

export interface MatchedPath {
  readonly resource: RoutePath;
  readonly pathParameters: Record<string, string> | null;
}

/** Matches a raw (still percent-encoded) request path against the API's resources, like API Gateway does. */
export function matchPath(rawPath: string): MatchedPath | undefined {
  if (rawPath === '/todos') {
    return { resource: '/todos', pathParameters: null };
  }
  const item = /^\/todos\/([^/]+)$/.exec(rawPath);
  if (item) {
    return { resource: '/todos/{id}', pathParameters: { id: safeDecode(item[1]) } };
  }
  return undefined;
}

/** The function serving `method` on `resource`, if any. */
export function findFunction(resource: RoutePath, method: string): FunctionDefinition | undefined {
  return API_FUNCTIONS.find((fn) => fn.routes.some((route) => route.path === resource && route.method === method));
}

export interface EventInput {
  readonly request: IncomingMessage;
  /** API Gateway's request id (`requestContext.requestId`), also in the gateway's own error bodies. */
  readonly requestId: string;
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly matched: MatchedPath;
  readonly body: Buffer;
  readonly claims: LocalClaims;
}

/** A REST API (v1) proxy event as API Gateway would send it for this request. */
export function buildProxyEvent({
  request,
  requestId,
  rawPath,
  query,
  matched,
  body,
  claims,
}: EventInput): APIGatewayProxyEvent {
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    // Keep the caller's casing; group repeats case-insensitively under the first spelling seen.
    const name = Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === raw[i].toLowerCase()) ?? raw[i];
    (multiValueHeaders[name] ??= []).push(raw[i + 1]);
  }
  // API Gateway adds these in front of every integration; the handler builds its URLs from them.
  addHeaderIfAbsent(multiValueHeaders, 'X-Forwarded-Proto', 'http');
  addHeaderIfAbsent(multiValueHeaders, 'X-Forwarded-For', request.socket.remoteAddress ?? '127.0.0.1');
  addHeaderIfAbsent(
    multiValueHeaders,
    'X-Amzn-Trace-Id',
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  );
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(multiValueHeaders).map(([name, values]) => [name, values[values.length - 1]]),
  );

  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of query) {
    (multiValueQueryStringParameters[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(multiValueQueryStringParameters).length > 0;
  const httpMethod = request.method ?? 'GET';
  const host = request.headers.host ?? 'localhost';
  const now = new Date();

  return {
    resource: matched.resource,
    path: rawPath,
    httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(
          Object.entries(multiValueQueryStringParameters).map(([name, values]) => [name, values[values.length - 1]]),
        )
      : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQueryStringParameters : null,
    pathParameters: matched.pathParameters,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      stage: LOCAL_STAGE,
      requestId,
      extendedRequestId: randomBytes(8).toString('base64url'),
      // API Gateway puts the stage in this path (`/prod/todos`); locally there is no stage prefix, so the handler's
      // URL prefix (requestContext.path minus event.path) is ''.
      path: rawPath,
      resourcePath: matched.resource,
      resourceId: 'local',
      httpMethod,
      domainName: host,
      domainPrefix: host.split(':')[0].split('.')[0],
      protocol: `HTTP/${request.httpVersion}`,
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now.getTime(),
      identity: apiGatewayIdentity(request.socket.remoteAddress ?? '127.0.0.1', request.headers['user-agent'] ?? null),
      authorizer: { claims },
    },
  };
}

/** The Lambda context the runtime would pass to function `name` for one invocation. */
export function buildLambdaContext(name: string): Context {
  const functionName = `todo-${LOCAL_STAGE}-${name}`;
  const deadline = Date.now() + LOCAL_TIMEOUT_MS;
  const unsupported = (): never => {
    throw new Error('done/fail/succeed are not supported locally; return a promise');
  };
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_AWS_ENV.AWS_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: LOCAL_MEMORY_MB,
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function addHeaderIfAbsent(headers: Record<string, string[]>, name: string, value: string): void {
  if (!Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase())) {
    headers[name] = [value];
  }
}

/** Percent-decodes a path segment like API Gateway; a malformed escape is passed on as sent. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `25/Nov/2025:15:08:00 +0000`, the format of `requestContext.requestTime`. */
function formatRequestTime(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The caller identity API Gateway puts in a REST event when the authorizer is Cognito (no IAM fields). */
export function apiGatewayIdentity(
  sourceIp: string,
  userAgent: string | null,
): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}
