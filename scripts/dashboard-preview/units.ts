import { MetricRow } from './dashboards';

/**
 * The unit a metric's data points carry, as the services publish them (AWS service metric documentation for API
 * Gateway, Lambda, DynamoDB, SQS, Synthetics, RUM; the units the handlers and metric filters give their own metrics).
 * An expression has no unit of its own (undefined): the mixed-units check leaves it out.
 */
export function unitOf(row: MetricRow): string | undefined {
  if (row.metric === undefined || row.statistic === undefined) return undefined;
  if (row.statistic.kind === 'SampleCount' || row.statistic.kind === 'TC') return 'Count';
  const name = row.metric.metricName;
  if (/Latency|Duration|IteratorAge|InitDurationMs|LargestContentfulPaint|InteractionToNextPaint/.test(name))
    return 'Milliseconds';
  if (/MemoryUsedMB/.test(name)) return 'Megabytes';
  if (name === 'SuccessPercent') return 'Percent';
  if (name === 'WebVitalsCumulativeLayoutShift') return 'None';
  return 'Count';
}

/** Short form for legends: `ms`, `MB`, `%`, or nothing for counts. */
export function unitSuffix(unit: string | undefined): string {
  return { Milliseconds: ' ms', Megabytes: ' MB', Percent: ' %' }[unit ?? ''] ?? '';
}
