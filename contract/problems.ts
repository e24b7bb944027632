/**
 * The problem catalog: every RFC 9457 problem type this API returns, whoever answers (a handler, API Gateway, or the
 * local server standing in for API Gateway), with its one title and status. RFC 9457 §3.1.3: the title of a type
 * does not change from occurrence to occurrence; what differs goes in `detail`.
 *
 * Names are snake_case (validation reasons are also the `reason` dimension of the `ValidationFailed` metric); the
 * `type` URI is {@link PROBLEM_TYPE_BASE} plus the kebab-case name, e.g. `.../problems/title-too-long`.
 */

/** Base of every problem `type` URI. */
export const PROBLEM_TYPE_BASE = 'https://todo-observability.dev/problems/';

export interface ProblemType {
  readonly title: string;
  /** HTTP status; absent where API Gateway answers with its own status (its DEFAULT_4XX and DEFAULT_5XX). */
  readonly status?: number;
}

/** Why a request was rejected as invalid: a closed set (metric dimension values). */
const VALIDATION = {
  malformed_json: { title: 'Malformed JSON body', status: 400 },
  not_an_object: { title: 'Body is not a JSON object', status: 400 },
  missing_field: { title: 'Required field missing', status: 400 },
  wrong_type: { title: 'Field has the wrong type', status: 400 },
  title_blank: { title: 'Title is blank', status: 400 },
  title_too_long: { title: 'Title is too long', status: 400 },
  non_finite_number: { title: 'Number is not finite', status: 400 },
  number_out_of_range: { title: 'Number out of range', status: 400 },
  unknown_field: { title: 'Unknown field', status: 400 },
  unsupported_media_type: { title: 'Unsupported media type', status: 415 },
  payload_too_large: { title: 'Payload too large', status: 413 },
  invalid_id: { title: 'Invalid todo id', status: 400 },
  invalid_query: { title: 'Invalid query parameter', status: 400 },
  invalid_cursor: { title: 'Invalid pagination cursor', status: 400 },
  invalid_idempotency_key: { title: 'Invalid Idempotency-Key header', status: 400 },
  invalid_if_match: { title: 'Invalid If-Match header', status: 400 },
  nothing_to_update: { title: 'Nothing to update', status: 400 },
} as const satisfies Record<string, Required<ProblemType>>;

/** Failures the handlers raise that are not input validation. */
const HANDLER = {
  unauthorized: { title: 'Unauthorized', status: 401 },
  // Generic, not "Todo not found": API Gateway answers an unknown route with the same type.
  not_found: { title: 'Not found', status: 404 },
  precondition_failed: { title: 'Precondition failed', status: 412 },
  idempotency_key_reused: { title: 'Idempotency key reused with a different request', status: 422 },
  request_in_progress: { title: 'Request with this idempotency key is in progress', status: 409 },
  internal_error: { title: 'Internal server error', status: 500 },
} as const satisfies Record<string, Required<ProblemType>>;

/** Answered by API Gateway itself (and by the local server in its place), never by a handler. */
const GATEWAY = {
  forbidden: { title: 'Forbidden', status: 403 },
  invalid_body: { title: 'Invalid request body', status: 400 },
  method_not_allowed: { title: 'Method Not Allowed', status: 405 },
  too_many_requests: { title: 'Too Many Requests', status: 429 },
  client_error: { title: 'Client error' },
  server_error: { title: 'Internal Server Error' },
} as const satisfies Record<string, ProblemType>;

export type ValidationReason = keyof typeof VALIDATION;
export type ProblemKind = keyof typeof HANDLER;
/** What a handler can answer with: each has a status. */
export type HandlerProblemName = ValidationReason | ProblemKind;
export type ProblemName = HandlerProblemName | keyof typeof GATEWAY;

export const PROBLEMS: Readonly<Record<HandlerProblemName, Required<ProblemType>> & Record<ProblemName, ProblemType>> =
  { ...VALIDATION, ...HANDLER, ...GATEWAY };

/** What the handlers can answer, for tests and tools that enumerate it. */
export const VALIDATION_REASONS = Object.keys(VALIDATION) as readonly ValidationReason[];
export const PROBLEM_KINDS = Object.keys(HANDLER) as readonly ProblemKind[];

/** The `type` URI of a problem, e.g. `problemType('not_found')` is `.../problems/not-found`. */
export const problemType = (name: ProblemName): string => `${PROBLEM_TYPE_BASE}${name.replace(/_/g, '-')}`;
