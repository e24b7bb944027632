/**
 * Logger and metrics of the audit stream processor. Its own instances with the service name fixed to
 * `todo-audit` (not read from the environment): locally the processor runs in the same process as the API handlers,
 * and its entries and metrics must never take the API's service name or interleave with its per-request state.
 *
 * Metrics: `AUDIT_METRICS` of the telemetry contract (Count), dimension set {service} only; ids belong in the
 * entries, never in dimensions.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AUDIT_PROCESSOR } from '../../contract/routes';
import type { AuditMetricName } from '../../contract/telemetry';

export const auditLogger = new Logger({ serviceName: AUDIT_PROCESSOR.serviceName });

const metrics = new Metrics({ serviceName: AUDIT_PROCESSOR.serviceName });

export interface AuditCounts {
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
}

/** One EMF blob with the invocation's three counts (zeros included, so the series have no gaps). */
export function publishAuditMetrics(counts: AuditCounts): void {
  try {
    const values: Record<AuditMetricName, number> = {
      AuditEntriesWritten: counts.written,
      AuditRecordsSkipped: counts.skipped,
      AuditRecordsFailed: counts.failed,
    };
    for (const [name, value] of Object.entries(values)) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  } finally {
    metrics.clearMetrics();
  }
}
