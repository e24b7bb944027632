/**
 * Realistic API Gateway events for the benchmark, built by the local server's event builder (the same shape the
 * handlers get from `npm start`) from a minimal stand-in for the HTTP request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildProxyEvent, matchPath } from '../local/api-gateway-event';

export interface BenchRequest {
  readonly method: string;
  readonly path: string;
  readonly user: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

export function benchEvent({ method, path, user, headers = {}, body }: BenchRequest): APIGatewayProxyEvent {
  const matched = matchPath(path);
  if (!matched) {
    throw new Error(`no route for ${path}`);
  }
  const allHeaders: Record<string, string> = {
    Host: 'api.bench.local',
    'User-Agent': 'todo-bench',
    Accept: 'application/json',
    'X-Forwarded-Proto': 'https',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...headers,
  };
  const request = {
    method,
    httpVersion: '1.1',
    rawHeaders: Object.entries(allHeaders).flat(),
    headers: Object.fromEntries(Object.entries(allHeaders).map(([name, value]) => [name.toLowerCase(), value])),
    socket: { remoteAddress: '203.0.113.10' },
  } as unknown as IncomingMessage;
  return buildProxyEvent({
    request,
    requestId: randomUUID(),
    rawPath: path,
    query: new URLSearchParams(),
    matched,
    body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    claims: { sub: user, 'cognito:username': user, token_use: 'id' },
  });
}
