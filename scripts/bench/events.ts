/**
 * Realistic API Gateway events for the benchmark, built by the local runtime's event builder (the same shape the
 * handlers get from `npm start`).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { buildProxyEvent } from '../../local/runtime/proxy-event';

export interface BenchRequest {
  readonly method: string;
  readonly path: string;
  readonly user: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

const BENCH_API = {
  domainName: 'api.bench.local',
  stage: 'bench',
  stagePath: '',
  accountId: '000000000000',
  apiId: 'bench',
} as const;

export function benchEvent({ method, path, user, headers = {}, body }: BenchRequest): APIGatewayProxyEvent {
  const allHeaders: Record<string, string> = {
    Host: BENCH_API.domainName,
    'User-Agent': 'todo-bench',
    Accept: 'application/json',
    'X-Forwarded-Proto': 'https',
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...headers,
  };
  return buildProxyEvent(
    {
      method,
      path,
      headers: Object.entries(allHeaders),
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      claims: { sub: user, 'cognito:username': user, token_use: 'id' },
      sourceIp: '203.0.113.10',
    },
    BENCH_API,
  );
}
