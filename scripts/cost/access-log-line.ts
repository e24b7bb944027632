/**
 * The API Gateway access log line of one request, rendered from the deployed format (`ACCESS_LOG_FIELDS`, the
 * `$context` variables the stage logs) with the request's values, as API Gateway would write it.
 * Variables: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ACCESS_LOG_FIELDS } from '../../lib/api/todo-api';

export interface AccessLogRequest {
  /** The proxy event the request became (ids, times, caller, method, resource, path). */
  readonly event: APIGatewayProxyEvent;
  /** The X-Ray trace id (`1-…-…`). */
  readonly traceId: string;
  readonly statusCode: number;
  /** Bytes of the response body. */
  readonly responseLength: number;
  /** Milliseconds, rounded (locally: the handler's duration; deployed it adds API Gateway's own few ms). */
  readonly latencyMs: number;
}

type Render = (request: AccessLogRequest) => string | number;

/** API Gateway writes `-` for a variable without a value (no error, no authorizer error). */
const NONE = '-';

/** Every `$context` variable the format may use; one the format adds without a renderer here is an error. */
const VARIABLES: Readonly<Record<string, Render>> = {
  '$context.requestId': ({ event }) => event.requestContext.requestId,
  '$context.extendedRequestId': ({ event }) => event.requestContext.extendedRequestId ?? NONE,
  '$context.xrayTraceId': ({ traceId }) => traceId,
  '$context.requestTime': ({ event }) => event.requestContext.requestTime ?? NONE,
  '$context.requestTimeEpoch': ({ event }) => event.requestContext.requestTimeEpoch,
  '$context.identity.sourceIp': ({ event }) => event.requestContext.identity.sourceIp,
  '$context.identity.userAgent': ({ event }) => event.requestContext.identity.userAgent ?? NONE,
  '$context.authorizer.claims.sub': ({ event }) => String(event.requestContext.authorizer?.claims?.sub ?? NONE),
  '$context.httpMethod': ({ event }) => event.requestContext.httpMethod,
  '$context.resourcePath': ({ event }) => event.requestContext.resourcePath,
  '$context.path': ({ event }) => event.requestContext.path,
  '$context.protocol': ({ event }) => event.requestContext.protocol,
  '$context.status': ({ statusCode }) => statusCode,
  '$context.responseLength': ({ responseLength }) => responseLength,
  '$context.responseLatency': ({ latencyMs }) => latencyMs,
  '$context.integrationLatency': ({ latencyMs }) => latencyMs,
  // The status of the Lambda invoke itself, 200 whatever the function answered.
  '$context.integrationStatus': () => 200,
  '$context.error.responseType': () => NONE,
  '$context.error.message': () => NONE,
  '$context.authorizer.error': () => NONE,
};

/** The line, exactly as the stage's format renders it (numeric fields unquoted). */
export function accessLogLine(request: AccessLogRequest): string {
  const fields = Object.entries(ACCESS_LOG_FIELDS).map(([name, field]) => {
    const render = VARIABLES[field.value];
    if (render === undefined) {
      throw new Error(
        `No value for ${field.value} (access log field ${name}): add it to scripts/cost/access-log-line.ts`,
      );
    }
    const value = render(request);
    return field.numeric ? `"${name}":${value}` : `"${name}":"${value}"`;
  });
  return `{${fields.join(',')}}`;
}
