/**
 * `instrumentedHandler(config, fn)`: everything every handler does the same way, so a handler file is only its
 * business logic.
 *
 * Per invocation: logger context (cold start, correlation id = API request id, route, user, trace id, debug
 * sampling), ColdStart metric, handler trace subsegment with route/operation/user/outcome annotations, caller
 * resolution (401 without a `sub`), problem responses for `HttpProblem`s and a leak-free 500 for anything else,
 * CORS and `X-Request-Id` headers on every response, one 'request completed' log line with status and latency,
 * and metrics flushed at the end even on error. Log keys are reset between invocations.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { corsHeaders, parseAllowedOrigins } from './cors';
import { callerOf } from './caller';
import { ApiRequest, ApiResponse, baseUrlOf, problemResponse, readHeader, requestIdOf } from './http';
import { errorAttributes, logger } from './logger';
import { captureColdStart, publishRequestMetrics, recordRequestLatency, recordValidationFailure } from './metrics';
import { HttpProblem } from './problems';
import { HANDLER_ENV, type RouteName } from '../../contract/routes';
import { currentTraceId, putAnnotation, putMetadata, traceHandler } from './tracing';

export interface RouteConfig {
  /** `METHOD /resource`, e.g. `GET /todos/{id}`: the `route` log key, trace annotation and metric dimension. */
  readonly route: RouteName;
  /** What the handler does, e.g. `updateTodo`: the `operation` trace annotation. */
  readonly operation: string;
}

export type RouteFunction = (request: ApiRequest, context: Context) => Promise<ApiResponse>;

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

type Outcome = 'success' | 'client_error' | 'server_error';

export function instrumentedHandler(config: RouteConfig, fn: RouteFunction): LambdaHandler {
  return async (event, context) => {
    const started = performance.now();
    const requestId = requestIdOf(event);
    logger.refreshSampleRateCalculation();
    logger.addContext(context);
    logger.setCorrelationId(requestId ?? context.awsRequestId);
    logger.appendKeys({ route: config.route, traceId: currentTraceId() });
    captureColdStart();
    try {
      return await traceHandler(async () => {
        putAnnotation('route', config.route);
        putAnnotation('operation', config.operation);
        const response = await run(config, fn, event, context, requestId);
        const outcome: Outcome =
          response.statusCode >= 500 ? 'server_error' : response.statusCode >= 400 ? 'client_error' : 'success';
        putAnnotation('outcome', outcome);
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        recordRequestLatency(config.route, latencyMs);
        logger.info('request completed', { statusCode: response.statusCode, latencyMs, outcome });
        return withStandardHeaders(response, event, requestId);
      });
    } catch (error) {
      // Instrumentation itself failed (tracing, metrics): still answer like every other error, CORS included.
      logger.error('instrumentation error', { route: config.route, ...errorAttributes(error) });
      return withStandardHeaders(
        problemResponse(HttpProblem.of('internal_error', 'The request could not be completed.'), requestId),
        event,
        requestId,
      );
    } finally {
      publishRequestMetrics();
      logger.resetKeys();
    }
  };
}

async function run(
  config: RouteConfig,
  fn: RouteFunction,
  event: APIGatewayProxyEvent,
  context: Context,
  requestId: string | undefined,
): Promise<ApiResponse> {
  try {
    const user = callerOf(event);
    logger.appendKeys({ user });
    putAnnotation('user', user);
    putMetadata('requestId', requestId);
    const request: ApiRequest = {
      event,
      requestId: requestId ?? context.awsRequestId,
      user,
      baseUrl: baseUrlOf(event),
      header: (name) => readHeader(event, name),
    };
    return await fn(request, context);
  } catch (error) {
    if (error instanceof HttpProblem) {
      if (error.reason !== undefined) {
        recordValidationFailure(error.reason);
      }
      logger.info('request rejected', { statusCode: error.status, problem: error.slug, detail: error.message });
      return problemResponse(error, requestId);
    }
    logger.error('unhandled error', { route: config.route, ...errorAttributes(error) });
    return problemResponse(HttpProblem.of('internal_error', 'The request could not be completed.'), requestId);
  }
}

function withStandardHeaders(
  response: ApiResponse,
  event: APIGatewayProxyEvent,
  requestId: string | undefined,
): APIGatewayProxyResult {
  return {
    ...response,
    headers: {
      ...response.headers,
      ...corsHeaders(readHeader(event, 'Origin'), parseAllowedOrigins(process.env[HANDLER_ENV.corsAllowedOrigins])),
      ...(requestId === undefined ? {} : { 'X-Request-Id': requestId }),
    },
  };
}
