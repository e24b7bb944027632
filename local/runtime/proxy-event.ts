/**
 * The REST API (v1) proxy event API Gateway builds for a request, from a plain description of the request: the one
 * builder behind `npm start`, the handler tests and the benchmark.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { matchPath } from './route-match';

/** Which deployed API the request reached (`requestContext`). */
export interface ApiDeployment {
  /** The API's host, already validated: the handlers build URLs from it. */
  readonly domainName: string;
  readonly stage: string;
  /** The stage as it appears in the path: `/dev` on execute-api, '' on a custom domain root or locally. */
  readonly stagePath: string;
  readonly accountId: string;
  readonly apiId: string;
}

export interface ProxyRequest {
  readonly method: string;
  /** The path after the stage, as sent (percent-encoded), e.g. `/todos/abc`. */
  readonly path: string;
  /** The query string, without `?`. */
  readonly query?: string;
  /** Header names and values as sent, in order, repeats included. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer;
  /** A body of a binary media type: passed base64-encoded. @default false */
  readonly binary?: boolean;
  /** The Cognito authorizer's claims; null when there are none. */
  readonly claims: Record<string, string> | null;
  /** @default a fresh UUID */
  readonly requestId?: string;
  /** @default '127.0.0.1' */
  readonly sourceIp?: string;
  /** @default 'HTTP/1.1' */
  readonly protocol?: string;
}

// ignoreBOM: a leading BOM stays in the body, as sent.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function buildProxyEvent(request: ProxyRequest, api: ApiDeployment): APIGatewayProxyEvent {
  const matched = matchPath(request.path);
  if (!matched) {
    throw new Error(`No API resource matches ${request.path}`);
  }
  const sourceIp = request.sourceIp ?? '127.0.0.1';
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [rawName, value] of request.headers) {
    // Keep the caller's casing; group repeats case-insensitively under the first spelling seen.
    const name = Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === rawName.toLowerCase()) ?? rawName;
    (multiValueHeaders[name] ??= []).push(value);
  }
  // API Gateway adds these in front of every integration; the handler builds its URLs from them.
  addHeaderIfAbsent(multiValueHeaders, 'X-Forwarded-Proto', 'http');
  addHeaderIfAbsent(multiValueHeaders, 'X-Forwarded-For', sourceIp);
  addHeaderIfAbsent(
    multiValueHeaders,
    'X-Amzn-Trace-Id',
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  );
  const headers = lastValues(multiValueHeaders);

  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(request.query ?? '')) {
    (multiValueQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  const userAgent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? null;
  const now = new Date();
  const requestId = request.requestId ?? randomUUID();

  return {
    resource: matched.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(multiValueQuery) : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: matched.pathParameters,
    stageVariables: null,
    ...body(request),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      stage: api.stage,
      requestId,
      extendedRequestId: randomBytes(8).toString('base64url'),
      // API Gateway puts the stage in this path (`/prod/todos`); the handler's URL prefix is this minus `path`.
      path: `${api.stagePath}${request.path}`,
      resourcePath: matched.resource,
      resourceId: 'local',
      httpMethod: request.method,
      domainName: api.domainName,
      domainPrefix: api.domainName.split(':')[0].split('.')[0],
      protocol: request.protocol ?? 'HTTP/1.1',
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now.getTime(),
      identity: apiGatewayIdentity(sourceIp, userAgent),
      authorizer: request.claims === null ? null : { claims: request.claims },
    },
  };
}

/**
 * A text body is handed on as a string. Bytes that are not UTF-8 are handed on base64-encoded, as for a binary
 * media type, so the handler sees exactly what was sent (and rejects it) rather than U+FFFD in their place.
 */
function body(request: ProxyRequest): Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'> {
  const bytes = request.body ?? Buffer.alloc(0);
  if (bytes.length === 0) {
    return { body: null, isBase64Encoded: false };
  }
  if (!request.binary) {
    try {
      return { body: utf8.decode(bytes), isBase64Encoded: false };
    } catch {
      // not UTF-8: base64 below
    }
  }
  return { body: bytes.toString('base64'), isBase64Encoded: true };
}

/** The caller identity API Gateway puts in a REST event when the authorizer is Cognito (no IAM fields). */
function apiGatewayIdentity(
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

function addHeaderIfAbsent(headers: Record<string, string[]>, name: string, value: string): void {
  if (!Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase())) {
    headers[name] = [value];
  }
}

const lastValues = (multi: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values[values.length - 1]]));

/** `25/Nov/2025:15:08:00 +0000`, the format of `requestContext.requestTime`. */
function formatRequestTime(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
