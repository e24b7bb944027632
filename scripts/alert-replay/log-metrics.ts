import { MetricSeries, MetricStore } from './metric-series';
import { matchesFilterPattern, metricValueOf } from './filter-pattern';
import { MetricFilterTopology } from './topology';

/**
 * Metrics from log lines, as CloudWatch Logs metric filters make them: the app's own filter patterns (from the
 * templates) applied to the lines the simulated requests write. Lines of one shape are matched once and counted.
 * "DefaultValue: the value reported to the metric filter during a period when logs are ingested but no matching logs
 * are found ... If no logs are ingested during a one-minute period, then no value is reported."
 * (CloudWatch Logs User Guide, "Creating metrics from log events using filters".)
 */
export class LogMetrics {
  private readonly byGroup = new Map<string, { filter: MetricFilterTopology; series?: MetricSeries }[]>();
  private readonly shapes = new Map<string, Map<string, LineShape>>();
  private readonly pending = new Map<string, Map<string, number>>();

  constructor(
    filters: readonly MetricFilterTopology[],
    private readonly store: MetricStore,
  ) {
    for (const filter of filters) {
      const list = this.byGroup.get(filter.logGroup) ?? [];
      list.push({
        filter,
        series:
          Object.keys(filter.dimensions).length > 0
            ? undefined
            : store.get({ namespace: filter.namespace, metricName: filter.metricName, dimensions: {} }),
      });
      this.byGroup.set(filter.logGroup, list);
    }
  }

  /** Records `count` lines of one shape written to a log group in the current minute. */
  write(logGroup: string, line: string, count: number): void {
    if (count <= 0 || !this.byGroup.has(logGroup)) return;
    const lines = this.pending.get(logGroup) ?? new Map<string, number>();
    lines.set(line, (lines.get(line) ?? 0) + count);
    this.pending.set(logGroup, lines);
  }

  /** Publishes the minute's metric filter data points. */
  flush(minute: number): void {
    for (const [logGroup, lines] of this.pending) {
      const filters = this.byGroup.get(logGroup) ?? [];
      const matched = new Map<MetricFilterTopology, number>();
      for (const [line, count] of lines) {
        const shape = this.shapeOf(logGroup, line);
        for (const { series, value } of shape.samples) series.add(minute, value, count);
        for (const filter of shape.matched) matched.set(filter, (matched.get(filter) ?? 0) + count);
      }
      for (const { filter, series } of filters) {
        if (!matched.has(filter) && filter.defaultValue !== undefined && series !== undefined)
          series.add(minute, filter.defaultValue, 1);
      }
    }
    this.pending.clear();
  }

  /** Which filters a line matches and what it publishes, worked out once per distinct line. */
  private shapeOf(logGroup: string, line: string): LineShape {
    let known = this.shapes.get(logGroup);
    if (known === undefined) this.shapes.set(logGroup, (known = new Map()));
    const shape = known.get(line);
    if (shape !== undefined) return shape;
    const result: LineShape = { matched: [], samples: [] };
    for (const { filter } of this.byGroup.get(logGroup) ?? []) {
      if (!matchesFilterPattern(filter.pattern, line)) continue;
      result.matched.push(filter);
      const value = metricValueOf(filter.value, line);
      if (value === undefined) continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      const dimensions: Record<string, string> = {};
      let complete = true;
      for (const [name, selector] of Object.entries(filter.dimensions)) {
        const dimension = selector
          .slice(2)
          .split('.')
          .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], event);
        if (dimension === undefined) complete = false;
        dimensions[name] = String(dimension);
      }
      if (!complete) continue;
      result.samples.push({
        series: this.store.get({ namespace: filter.namespace, metricName: filter.metricName, dimensions }),
        value,
      });
    }
    known.set(line, result);
    return result;
  }
}

interface LineShape {
  readonly matched: MetricFilterTopology[];
  readonly samples: { series: MetricSeries; value: number }[];
}
