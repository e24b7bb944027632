import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { PROBLEMS, ProblemName, problemType } from '../../contract/problems';
import { CORS_EXPOSE_HEADERS } from '../../contract/http';

/**
 * What the API answers when no handler does: API Gateway's own errors and the 405 of a method a path does not serve,
 * as RFC 9457 problem+json with CORS headers, like the handlers' errors. Type, title and status come from the problem
 * catalog the handlers use: one title per type.
 */

/** Errors raised by API Gateway itself get problem+json bodies and CORS headers, like the handlers' errors. */
export function addGatewayResponses(api: apigateway.RestApi, origins: readonly string[]): void {
  // Type, title and status from the problem catalog, shared with the handlers: one title per type.
  const responses: Array<[string, apigateway.ResponseType, ProblemName, string]> = [
    [
      'NotFound',
      apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      'not_found',
      'No route matches $context.httpMethod $context.path',
    ],
    [
      'Unauthorized',
      apigateway.ResponseType.UNAUTHORIZED,
      'unauthorized',
      'A valid bearer token from the user pool is required',
    ],
    ['AccessDenied', apigateway.ResponseType.ACCESS_DENIED, 'forbidden', MESSAGE],
    [
      'BadRequestBody',
      apigateway.ResponseType.BAD_REQUEST_BODY,
      'invalid_body',
      'The body is not JSON or does not match the todo schema',
    ],
    [
      'UnsupportedMediaType',
      apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE,
      'unsupported_media_type',
      'Send application/json',
    ],
    ['RequestTooLarge', apigateway.ResponseType.REQUEST_TOO_LARGE, 'payload_too_large', MESSAGE],
    ['Throttled', apigateway.ResponseType.THROTTLED, 'too_many_requests', 'Slow down and retry with backoff'],
    ['Default4xx', apigateway.ResponseType.DEFAULT_4XX, 'client_error', MESSAGE],
    ['Default5xx', apigateway.ResponseType.DEFAULT_5XX, 'server_error', 'The request failed on our side; retry later'],
  ];
  const headers = gatewayCorsHeaders(origins);
  for (const [id, type, problem, detail] of responses) {
    const { status } = PROBLEMS[problem];
    api.addGatewayResponse(id, {
      type,
      statusCode: status === undefined ? undefined : String(status),
      responseHeaders: headers,
      templates: { 'application/json': problemTemplate(problem, detail) },
    });
  }
}

/** Request content types the 405 mock integration accepts. */
export const MOCK_CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
];

/**
 * VTL for a mock integration response: sets `Access-Control-Allow-Origin` the way the handlers do (`*`, or the
 * caller's Origin when it is allowed) and the problem+json content type.
 */
export function corsOriginTemplate(origins: readonly string[]): string {
  const lines = ["#set($context.responseOverride.header.Content-Type = 'application/problem+json')"];
  if (origins.includes('*')) {
    lines.push("#set($context.responseOverride.header.Access-Control-Allow-Origin = '*')");
  } else {
    lines.push(
      '#set($origin = $input.params().header.get("Origin"))',
      `#if(${origins.map((origin) => `$origin == "${origin}"`).join(' || ')})`,
      '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
      '#end',
      "#set($context.responseOverride.header.Vary = 'Origin')",
    );
  }
  return lines.join('\n');
}

/** The gateway's own error message, already quoted and JSON-escaped (gateway templates are not VTL). */
const MESSAGE = '$context.error.messageString';

/**
 * An RFC 9457 body as a gateway mapping template. Gateway templates can't read the status code, so responses that
 * keep the gateway's own status (no status in the catalog) omit the (optional) `status` member.
 */
export function problemTemplate(problem: ProblemName, detail: string): string {
  const { title, status } = PROBLEMS[problem];
  const statusMember = status === undefined ? '' : `"status":${status},`;
  const detailValue = detail === MESSAGE ? MESSAGE : `"${detail}"`;
  return `{"type":"${problemType(problem)}","title":"${title}",${statusMember}"detail":${detailValue},"requestId":"$context.requestId"}`;
}

/**
 * Gateway responses can't run the handlers' origin check: one origin (or `*`) is sent as is; with several, the
 * caller's Origin is echoed, which only ever exposes an error body.
 */
function gatewayCorsHeaders(origins: readonly string[]): Record<string, string> {
  const allowOrigin = origins.length === 1 ? `'${origins[0]}'` : 'method.request.header.origin';
  return {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
    'Content-Type': "'application/problem+json'",
    ...(origins.includes('*') ? {} : { Vary: "'Origin'" }),
  };
}
