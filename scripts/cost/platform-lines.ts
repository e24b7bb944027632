/**
 * The Lambda platform lines one warm invocation adds to the function's log group, in the JSON log format our
 * functions use (`loggingFormat: JSON`, system log level INFO).
 *
 * CONSTRUCTED, NOT CAPTURED: Lambda writes these lines itself, so no local run produces them. They are built from the
 * documented schema with the invocation's real values, and only their serialized size is used:
 * - at system log level INFO Lambda sends the `platform.start` and `platform.report` events per invocation
 *   (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html);
 * - their shape, `{time, type, record}` with `record` a PlatformStart (requestId, version, tracing) or a
 *   PlatformReport (requestId, metrics {durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB}, tracing,
 *   status), is the Telemetry API's (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html),
 *   which the JSON log format writes to CloudWatch Logs
 *   (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
 * Cold starts add `platform.initStart` / `platform.initReport` and `metrics.initDurationMs`; warm requests, which
 * this measures, do not.
 */
import { randomBytes } from 'node:crypto';

export interface PlatformInvocation {
  readonly requestId: string;
  /** The handler's duration, ms. */
  readonly durationMs: number;
  /** The function's configured memory. */
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** The function's `_X_AMZN_TRACE_ID` for the invocation (active tracing puts it on both records). */
  readonly traceHeader: string;
  /** When the invocation started. */
  readonly startedAt: Date;
}

/**
 * The version the records name: the API invokes each function's `live` alias, which points at a published version
 * number, never `$LATEST`.
 */
const INVOKED_VERSION = '12';

/** The `platform.start` and `platform.report` lines of one invocation, serialized as Lambda writes them. */
export function platformLines(invocation: PlatformInvocation): string[] {
  const tracing = { spanId: randomBytes(8).toString('hex'), type: 'X-Amzn-Trace-Id', value: invocation.traceHeader };
  const ended = new Date(invocation.startedAt.getTime() + Math.ceil(invocation.durationMs));
  const start = {
    time: invocation.startedAt.toISOString(),
    type: 'platform.start',
    record: { requestId: invocation.requestId, version: INVOKED_VERSION, tracing },
  };
  const report = {
    time: ended.toISOString(),
    type: 'platform.report',
    record: {
      requestId: invocation.requestId,
      metrics: {
        durationMs: Math.round(invocation.durationMs * 100) / 100,
        billedDurationMs: Math.ceil(invocation.durationMs),
        memorySizeMB: invocation.memorySizeMb,
        maxMemoryUsedMB: invocation.maxMemoryUsedMb,
      },
      tracing,
      status: 'success',
    },
  };
  return [JSON.stringify(start), JSON.stringify(report)];
}
