/**
 * The responses API Gateway produces itself, without calling a handler, as the deployed API's gateway responses
 * and 405 mock methods do (lib/api/todo-api.ts): RFC 9457 problem bodies (type and title from the same
 * problem catalog) with CORS headers, and the CORS preflight.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { corsHeaders, parseAllowedOrigins, preflightHeaders } from '../../lambda/shared/cors';
import { ProblemName, PROBLEMS, problemType } from '../../contract/problems';
import { HANDLER_ENV, HttpMethod } from '../../contract/routes';

export type GatewayStatus = 401 | 404 | 405 | 413 | 502;

/** The problem API Gateway answers each status with (502: its DEFAULT_5XX, when an integration fails). */
const PROBLEM_OF: Record<GatewayStatus, ProblemName> = {
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  502: 'server_error',
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
  const problem = PROBLEM_OF[status];
  return {
    statusCode: status,
    headers: {
      ...corsHeaders(origin, allowedOrigins()),
      ...headers,
      'Content-Type': 'application/problem+json',
    },
    body: JSON.stringify({ type: problemType(problem), title: PROBLEMS[problem].title, status, detail, requestId }),
  };
}

export function gatewayPreflight(origin: string | undefined, methods: readonly HttpMethod[]): APIGatewayProxyResult {
  return { statusCode: 204, headers: preflightHeaders(origin, allowedOrigins(), methods), body: '' };
}
