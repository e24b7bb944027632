/**
 * The HTTP edge of a handler: reading an API Gateway REST (v1) proxy event (headers in any case, caller, base URL)
 * and building JSON / problem responses. No business logic here.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpProblem } from './problems';

export interface ApiRequest {
  readonly event: APIGatewayProxyEvent;
  /** API Gateway request id (`requestContext.requestId`): the correlation id of logs and responses. */
  readonly requestId: string;
  /** The caller's Cognito `sub`: the only user id the handlers ever see. */
  readonly user: string;
  /** Absolute URL of the API root, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/dev`. */
  readonly baseUrl: string;
  /** A request header, looked up case-insensitively. */
  header(name: string): string | undefined;
}

export type ApiResponse = APIGatewayProxyResult & { headers?: Record<string, string> };

/** Case-insensitive header lookup over `headers`, then `multiValueHeaders` (both may be null). */
export function readHeader(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined && value !== null) {
      return value;
    }
  }
  for (const [key, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted && values !== undefined && values !== null && values.length > 0) {
      return values.join(', ');
    }
  }
  return undefined;
}

export function requestIdOf(event: APIGatewayProxyEvent): string | undefined {
  const id = event.requestContext?.requestId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

const HOST_PATTERN = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/**
 * `<proto>://<host><stage prefix>`: proto from `X-Forwarded-Proto` (else https), host from `Host` (else the API
 * domain), prefix = `requestContext.path` minus `event.path` (`/dev` on execute-api, empty on a custom domain
 * root or locally). Malformed header values fall back to the defaults so they can never inject into a URL.
 */
export function baseUrlOf(event: APIGatewayProxyEvent): string {
  const forwardedProto = readHeader(event, 'X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase();
  const proto = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : 'https';
  const hostHeader = readHeader(event, 'Host')?.trim();
  const host =
    hostHeader !== undefined && HOST_PATTERN.test(hostHeader)
      ? hostHeader
      : (event.requestContext?.domainName ?? 'localhost');
  const fullPath = event.requestContext?.path ?? '';
  const path = event.path ?? '';
  const prefix = path.length > 0 && fullPath.endsWith(path) ? fullPath.slice(0, fullPath.length - path.length) : '';
  return `${proto}://${host}${prefix.replace(/\/+$/, '')}`;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { statusCode: 204, headers, body: '' };
}

export function problemResponse(problem: HttpProblem, requestId: string | undefined): ApiResponse {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json' },
    body: JSON.stringify(problem.body(requestId)),
  };
}
