/**
 * RFC 9457 problem details. Every client error carries a `type` URI under {@link PROBLEM_TYPE_BASE} whose last
 * segment is the kebab-case form of a reason (e.g. `.../problems/title-too-long`); validation reasons are also the
 * `reason` dimension of the `ValidationFailed` metric.
 */
import { PROBLEM_TYPE_BASE } from './problem-types';

/** Why a request was rejected as invalid: a closed enum (metric dimension values). */
export type ValidationReason =
  | 'malformed_json'
  | 'not_an_object'
  | 'missing_field'
  | 'wrong_type'
  | 'title_blank'
  | 'title_too_long'
  | 'non_finite_number'
  | 'number_out_of_range'
  | 'unknown_field'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'invalid_id'
  | 'invalid_query'
  | 'invalid_cursor'
  | 'invalid_idempotency_key'
  | 'invalid_if_match'
  | 'nothing_to_update';

/** Client errors that are not input validation. */
export type ProblemKind =
  | 'unauthorized'
  | 'not_found'
  | 'precondition_failed'
  | 'idempotency_key_reused'
  | 'request_in_progress'
  | 'internal_error';

const VALIDATION_STATUS: Partial<Record<ValidationReason, number>> = {
  unsupported_media_type: 415,
  payload_too_large: 413,
};

const TITLES: Record<ValidationReason | ProblemKind, string> = {
  malformed_json: 'Malformed JSON body',
  not_an_object: 'Body is not a JSON object',
  missing_field: 'Required field missing',
  wrong_type: 'Field has the wrong type',
  title_blank: 'Title is blank',
  title_too_long: 'Title is too long',
  non_finite_number: 'Number is not finite',
  number_out_of_range: 'Number out of range',
  unknown_field: 'Unknown field',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Payload too large',
  invalid_id: 'Invalid todo id',
  invalid_query: 'Invalid query parameter',
  invalid_cursor: 'Invalid pagination cursor',
  invalid_idempotency_key: 'Invalid Idempotency-Key header',
  invalid_if_match: 'Invalid If-Match header',
  nothing_to_update: 'Nothing to update',
  unauthorized: 'Unauthorized',
  not_found: 'Todo not found',
  precondition_failed: 'Precondition failed',
  idempotency_key_reused: 'Idempotency key reused with a different request',
  request_in_progress: 'Request with this idempotency key is in progress',
  internal_error: 'Internal server error',
};

const KIND_STATUS: Record<ProblemKind, number> = {
  unauthorized: 401,
  not_found: 404,
  precondition_failed: 412,
  idempotency_key_reused: 422,
  request_in_progress: 409,
  internal_error: 500,
};

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId?: string;
}

/** A failure the client should see as a problem response. Thrown anywhere below a handler. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: string;
  /** Set for validation failures: counted in the `ValidationFailed` metric. */
  readonly reason?: ValidationReason;

  private constructor(status: number, slug: string, detail: string, reason?: ValidationReason) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.slug = slug;
    this.reason = reason;
  }

  /** A 4xx for invalid input (400 unless the reason implies 413/415). */
  static invalid(reason: ValidationReason, detail: string): HttpProblem {
    return new HttpProblem(VALIDATION_STATUS[reason] ?? 400, reason, detail, reason);
  }

  static of(kind: ProblemKind, detail: string): HttpProblem {
    return new HttpProblem(KIND_STATUS[kind], kind, detail);
  }

  body(requestId: string | undefined): ProblemBody {
    return {
      type: `${PROBLEM_TYPE_BASE}${this.slug.replace(/_/g, '-')}`,
      title: TITLES[this.slug as ValidationReason | ProblemKind],
      status: this.status,
      detail: this.message,
      ...(requestId === undefined ? {} : { requestId }),
    };
  }
}
