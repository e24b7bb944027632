/**
 * Tracing facade: the only module that knows the tracing backend (Powertools Tracer on the X-Ray SDK today).
 *
 * The X-Ray SDK is in maintenance mode; keeping every call behind these few functions means a switch to
 * OpenTelemetry touches this file only (the plan for its end of support, and what the switch costs at cold start:
 * docs/cold-start.md). When tracing is disabled (outside Lambda, in tests, or with
 * `POWERTOOLS_TRACE_ENABLED=false`) every function is a cheap no-op that still runs the wrapped work.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

/** The annotations we index traces by. All values are low cardinality except `user`, which is an opaque id. */
export type TraceAnnotation = 'route' | 'operation' | 'outcome' | 'user';

const tracer = new Tracer();

/** Instruments an AWS SDK v3 client so each call becomes a subsegment. Returns the same client. */
export function captureClient<T>(client: T): T {
  return tracer.isTracingEnabled() ? tracer.captureAWSv3Client(client) : client;
}

export function putAnnotation(key: TraceAnnotation, value: string | number | boolean): void {
  tracer.putAnnotation(key, value);
}

/** Non-indexed data for a trace (ids, counts); safe for high-cardinality values. */
export function putMetadata(key: string, value: unknown): void {
  tracer.putMetadata(key, value);
}

/** Runs `fn` in a subsegment named `name`, recording a thrown error on it (and rethrowing). */
export async function inSubsegment<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) {
    return fn();
  }
  return tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Error) {
        subsegment?.addError(error, false);
      }
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}

/**
 * Wraps one invocation in the handler subsegment (`## <handler>`), annotated with ColdStart and Service, so the
 * annotations put during the request land on a segment we own (the Lambda facade segment is immutable).
 */
export function traceHandler<T>(fn: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) {
    return fn();
  }
  return inSubsegment(`## ${process.env._HANDLER ?? 'handler'}`, async () => {
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    return fn();
  });
}

/** The X-Ray root trace id of the current invocation (from `_X_AMZN_TRACE_ID`), for log correlation. */
export function currentTraceId(): string | undefined {
  return tracer.getRootXrayTraceId();
}
