import { LogMetrics } from './log-metrics';
import { MetricSeries, MetricStore } from './metric-series';
import { FunctionTopology, RouteTopology } from './topology';

/** The Lambda metrics of one function: by function, by alias (`Resource`) and by executed version. */
export class LambdaSeries {
  private readonly byVersion = new Map<string, VersionSeries>();
  private readonly lines = new Map<string, string[]>();
  private readonly byFunction: (name: string) => MetricSeries;

  constructor(
    private readonly store: MetricStore,
    private readonly fn: FunctionTopology,
  ) {
    this.byFunction = this.series({});
  }

  private series(dimensions: Record<string, string>): (name: string) => MetricSeries {
    return (name) =>
      this.store.get({
        namespace: 'AWS/Lambda',
        metricName: name,
        dimensions: { FunctionName: this.fn.functionName, ...dimensions },
      });
  }

  private versioned(version: string): VersionSeries {
    let found = this.byVersion.get(version);
    if (found === undefined) {
      const live = `${this.fn.functionName}:live`;
      const variants = [
        this.byFunction,
        this.series({ Resource: live }),
        this.series({ Resource: live, ExecutedVersion: version }),
      ];
      const of = (name: string) => variants.map((v) => v(name));
      found = {
        Invocations: of('Invocations'),
        Errors: of('Errors'),
        Duration: of('Duration'),
        invocations: 0,
        errors: 0,
      };
      this.byVersion.set(version, found);
    }
    return found;
  }

  /**
   * "Invocation metrics are binary indicators of the outcome of a Lambda function invocation" (Errors 0 or 1):
   * counted over the minute and published by `flush`; each duration is a sample.
   */
  invocation(minute: number, version: string, durationMs: number, failed: boolean): void {
    const series = this.versioned(version);
    for (let i = 0; i < 3; i++) series.Duration[i].add(minute, durationMs);
    series.invocations++;
    if (failed) series.errors++;
  }

  flush(minute: number): void {
    for (const series of this.byVersion.values()) {
      for (let i = 0; i < 3; i++) {
        series.Invocations[i].add(minute, 1, series.invocations);
        series.Errors[i].add(minute, 1, series.errors);
        series.Errors[i].add(minute, 0, series.invocations - series.errors);
      }
      series.invocations = 0;
      series.errors = 0;
    }
  }

  throttles(minute: number, throttled: number, attempts: number): void {
    const series = this.byFunction('Throttles');
    series.add(minute, 1, throttled);
    series.add(minute, 0, attempts - throttled);
  }

  concurrency(minute: number, peak: number): void {
    this.byFunction('ConcurrentExecutions').add(minute, peak);
  }

  /** The lines `count` invocations write to the function's log group (Powertools JSON and the platform report). */
  log(logs: LogMetrics, route: RouteTopology, status: number, cold: boolean, count: number): void {
    if (this.fn.logGroup === undefined) return;
    const key = `${route.key}|${status}|${cold}`;
    let lines = this.lines.get(key);
    if (lines === undefined) {
      const level = status >= 500 ? 'ERROR' : 'INFO';
      const error = level === 'ERROR' ? { error: { name: status === 502 ? 'Error' : 'InternalServerError' } } : {};
      const metrics = { maxMemoryUsedMB: 96, ...(cold ? { initDurationMs: 350 } : {}) };
      lines = [
        JSON.stringify({ level, message: 'request completed', route: route.key, statusCode: status, ...error }),
        JSON.stringify({ type: 'platform.report', record: { metrics } }),
      ];
      this.lines.set(key, lines);
    }
    for (const line of lines) logs.write(this.fn.logGroup, line, count);
  }
}

/** A version's Lambda series (by function, alias, executed version) and its counts in the current minute. */
interface VersionSeries extends Record<'Invocations' | 'Errors' | 'Duration', MetricSeries[]> {
  invocations: number;
  errors: number;
}
