/**
 * The local stand-in for API Gateway (REST API, Lambda proxy integration) in front of the local runtime. In API
 * Gateway's order: route (404), preflight (no auth), payload limit (413), Cognito authorizer (401, here the
 * LOCAL-ONLY auth of local-auth.ts), then the method: the ANY mock answering 405, or the Lambda proxy integration.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedMethods } from '../../contract/routes';
import { logLocalError } from '../runtime/local-log';
import { buildProxyEvent } from '../runtime/proxy-event';
import { findFunction, matchPath } from '../runtime/route-match';
import type { LocalRuntime } from '../runtime/runtime';
import { GatewayStatus, gatewayPreflight, gatewayProblem } from './gateway-responses';
import { isProxyResult, readBody, writeResult } from './http-io';
import { resolveLocalCaller } from './local-auth';
import { localDeployment, proxyRequestOf } from './proxy-request';

/** API Gateway's payload limit; the handlers enforce their own, much smaller one. */
const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  readonly runtime: LocalRuntime;
  /** `host:port` the server listens on: the API's domain when the request's `Host` is unusable. */
  readonly listening: () => string;
}

/** Serves one API request; a failure of the gateway itself is a 502 problem, as API Gateway answers. */
export function apiGateway(options: GatewayOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      logLocalError('local gateway failure', error);
      if (!response.headersSent) {
        const failure = {
          status: 502,
          detail: 'The local gateway failed',
          requestId: randomUUID(),
          origin: request.headers.origin,
        } as const;
        writeResult(response, gatewayProblem(failure));
      } else {
        response.destroy();
      }
    });
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: GatewayOptions): Promise<void> {
  const { runtime } = options;
  const requestId = randomUUID();
  const origin = request.headers.origin;
  const method = request.method ?? 'GET';
  const [rawPath, rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s, 2);
  const problem = (status: GatewayStatus, detail: string, headers?: Record<string, string>): void =>
    writeResult(response, gatewayProblem({ status, detail, requestId, origin, headers }));

  const matched = matchPath(rawPath);
  if (!matched) {
    return problem(404, `No route matches ${method} ${rawPath}`);
  }
  const allowed = allowedMethods(matched.resource);
  if (method === 'OPTIONS') {
    return writeResult(response, gatewayPreflight(origin, allowed));
  }
  const body = await readBody(request, MAX_REQUEST_BODY_BYTES);
  if (body === undefined) {
    response.setHeader('Connection', 'close');
    return problem(413, `The request body exceeds API Gateway's limit of ${MAX_REQUEST_BODY_BYTES} bytes`);
  }
  const caller = resolveLocalCaller(request.headers.authorization);
  if (!caller.ok) {
    return problem(401, caller.detail, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  const fn = findFunction(matched.resource, method);
  if (!fn) {
    const allow = allowed.join(', ');
    return problem(405, `${method} is not allowed on ${matched.resource}; allowed: ${allow}`, { Allow: allow });
  }

  const event = buildProxyEvent(
    proxyRequestOf(request, { requestId, rawPath, rawQuery, body, claims: caller.claims }),
    localDeployment(request, { stage: runtime.stage, listening: options.listening() }),
  );
  const context = runtime.context(fn.name);
  let result: unknown;
  try {
    result = await runtime.invoke(fn.name, event, context);
  } catch (error) {
    // In Lambda the runtime logs an unhandled error to the function's log group; API Gateway answers 502.
    logLocalError(`${context.functionName} failed`, error, context.awsRequestId);
    return problem(502, 'The function failed; see its log above');
  }
  if (!isProxyResult(result)) {
    logLocalError(`${context.functionName} returned a malformed proxy response`, result, context.awsRequestId);
    return problem(502, 'Malformed Lambda proxy response');
  }
  writeResult(response, result);
}
