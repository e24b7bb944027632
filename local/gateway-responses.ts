/**
 * The responses API Gateway produces itself, without calling a handler, as the deployed API's gateway responses
 * and 405 mock methods do (lib/constructs/todo-api.ts): RFC 9457 problem bodies (same `type` URIs and titles)
 * with CORS headers, and the CORS preflight.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { corsHeaders, parseAllowedOrigins, preflightHeaders } from '../lambda/shared/cors';
import { PROBLEM_TYPE_BASE } from '../lambda/shared/problem-types';
import { HANDLER_ENV, HttpMethod } from '../lambda/routes';

export type GatewayStatus = 401 | 404 | 405 | 413 | 502;

const PROBLEMS: Record<GatewayStatus, { readonly slug: string; readonly title: string }> = {
  401: { slug: 'unauthorized', title: 'Unauthorized' },
  404: { slug: 'not-found', title: 'Not Found' },
  405: { slug: 'method-not-allowed', title: 'Method Not Allowed' },
  413: { slug: 'payload-too-large', title: 'Payload Too Large' },
  502: { slug: 'server-error', title: 'Internal Server Error' },
};

const allowedOrigins = (): string[] => parseAllowedOrigins(process.env[HANDLER_ENV.corsAllowedOrigins]);

export interface GatewayProblem {
  readonly status: GatewayStatus;
  readonly detail: string;
  readonly requestId: string;
  readonly origin: string | undefined;
  readonly headers?: Record<string, string>;
}

export function gatewayProblem({
  status,
  detail,
  requestId,
  origin,
  headers = {},
}: GatewayProblem): APIGatewayProxyResult {
  const { slug, title } = PROBLEMS[status];
  return {
    statusCode: status,
    headers: {
      ...corsHeaders(origin, allowedOrigins()),
      ...headers,
      'Content-Type': 'application/problem+json',
    },
    body: JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail, requestId }),
  };
}

export function gatewayPreflight(origin: string | undefined, methods: readonly HttpMethod[]): APIGatewayProxyResult {
  return { statusCode: 204, headers: preflightHeaders(origin, allowedOrigins(), methods), body: '' };
}
