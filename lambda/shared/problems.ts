/**
 * RFC 9457 problem details as the handlers throw and answer them. Type URI, title and status of each problem come
 * from the problem catalog (contract/problems.ts), which API Gateway's own responses share; validation reasons
 * are also the `reason` dimension of the `ValidationFailed` metric.
 */
import { HandlerProblemName, ProblemKind, PROBLEMS, problemType, ValidationReason } from '../../contract/problems';

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
  readonly slug: HandlerProblemName;
  /** Set for validation failures: counted in the `ValidationFailed` metric. */
  readonly reason?: ValidationReason;

  private constructor(slug: HandlerProblemName, detail: string, reason?: ValidationReason) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = PROBLEMS[slug].status;
    this.slug = slug;
    this.reason = reason;
  }

  /** A 4xx for invalid input (400 unless the catalog says 413 or 415). */
  static invalid(reason: ValidationReason, detail: string): HttpProblem {
    return new HttpProblem(reason, detail, reason);
  }

  static of(kind: ProblemKind, detail: string): HttpProblem {
    return new HttpProblem(kind, detail);
  }

  body(requestId: string | undefined): ProblemBody {
    return {
      type: problemType(this.slug),
      title: PROBLEMS[this.slug].title,
      status: this.status,
      detail: this.message,
      ...(requestId === undefined ? {} : { requestId }),
    };
  }
}
