import { MetricIdentity, metricKey } from './alarm-model';

/** Raw sample values in minute order: the samples of minute m are `values[offsets[m] .. offsets[m + 1])`. */
export interface RawSamples {
  readonly values: Float32Array;
  readonly offsets: Int32Array;
}

/**
 * The data points one metric received, minute by minute, as CloudWatch stores them: per minute the sample count,
 * sum, minimum and maximum and, where an alarm asks for a percentile or trimmed statistic, every sample value.
 * A minute with no sample has count 0 (no data point, which alarms see as missing data).
 */
export class MetricSeries {
  public readonly key: string;
  public readonly count: Float64Array;
  public readonly sum: Float64Array;
  public readonly min: Float64Array;
  public readonly max: Float64Array;
  private values?: Float32Array;
  private length = 0;
  private offsets?: Int32Array;
  private lastMinute = 0;

  constructor(
    public readonly metric: MetricIdentity,
    public readonly minutes: number,
    keepSamples: boolean,
    history?: MetricSeries,
  ) {
    this.key = metricKey(metric);
    this.count = new Float64Array(minutes);
    this.sum = new Float64Array(minutes);
    this.min = new Float64Array(minutes);
    this.max = new Float64Array(minutes);
    if (keepSamples) {
      this.values = new Float32Array(1024);
      this.offsets = new Int32Array(minutes + 1);
    }
    if (history !== undefined) this.copyHistory(history);
  }

  /** Starts from another series' minutes (a shared history): this series goes on from where that one ends. */
  private copyHistory(history: MetricSeries): void {
    const n = history.minutes;
    for (const key of ['count', 'sum', 'min', 'max'] as const) this[key].set(history[key].subarray(0, n));
    const samples = history.samples;
    if (this.offsets !== undefined && samples !== undefined) {
      this.offsets.set(samples.offsets.subarray(0, n + 1));
      this.values = new Float32Array(Math.max(1024, samples.values.length * 2));
      this.values.set(samples.values);
      this.length = samples.values.length;
    }
    this.lastMinute = n - 1;
  }

  /** Adds `count` samples of `value` in `minute` (PutMetricData's Values/Counts). Minutes must not go backwards. */
  add(minute: number, value: number, count = 1): void {
    if (count <= 0) return;
    if (minute < this.lastMinute) throw new Error(`${this.key}: samples must be added in minute order`);
    if (this.count[minute] === 0) {
      this.min[minute] = value;
      this.max[minute] = value;
    } else {
      if (value < this.min[minute]) this.min[minute] = value;
      if (value > this.max[minute]) this.max[minute] = value;
    }
    this.count[minute] += count;
    this.sum[minute] += value * count;
    if (this.offsets !== undefined) {
      this.closeMinutesBefore(minute);
      for (let i = 0; i < count; i++) this.push(value);
    }
    this.lastMinute = minute;
  }

  /** The raw samples, or undefined where none were kept. */
  get samples(): RawSamples | undefined {
    if (this.offsets === undefined || this.values === undefined) return undefined;
    this.closeMinutesBefore(this.minutes);
    return { values: this.values.subarray(0, this.length), offsets: this.offsets };
  }

  /** Minutes with at least one sample. */
  get minutesWithData(): number {
    let n = 0;
    for (const c of this.count) if (c > 0) n++;
    return n;
  }

  private closeMinutesBefore(minute: number): void {
    const offsets = this.offsets as Int32Array;
    for (let m = this.lastMinute + 1; m <= minute; m++) offsets[m] = this.length;
  }

  private push(value: number): void {
    let values = this.values as Float32Array;
    if (this.length === values.length) {
      const grown = new Float32Array(values.length * 2);
      grown.set(values);
      this.values = values = grown;
    }
    values[this.length++] = value;
  }
}

/** The metrics of one replay, created on first use. */
export class MetricStore {
  private readonly series = new Map<string, MetricSeries>();
  private readonly aliases = new Map<string, MetricSeries>();

  constructor(
    public readonly minutes: number,
    /** Metric keys whose alarms need raw samples (percentiles, trimmed statistics). */
    private readonly keepSamplesFor: ReadonlySet<string>,
    /** Data of the first minutes, shared by every scenario with the same baseline. */
    private readonly history?: MetricStore,
  ) {}

  /** Minutes already filled from the shared history. */
  get historyMinutes(): number {
    return this.history?.minutes ?? 0;
  }

  /** The series of a metric; `alias`, a short name the caller always uses for it, saves building its key again. */
  get(metric: MetricIdentity, alias?: string): MetricSeries {
    if (alias !== undefined) {
      const known = this.aliases.get(alias);
      if (known !== undefined) return known;
      const series = this.get(metric);
      this.aliases.set(alias, series);
      return series;
    }
    const key = metricKey(metric);
    let series = this.series.get(key);
    if (series === undefined) {
      series = new MetricSeries(metric, this.minutes, this.keepSamplesFor.has(key), this.history?.find(key));
      this.series.set(key, series);
    }
    return series;
  }

  find(key: string): MetricSeries | undefined {
    const own = this.series.get(key);
    if (own !== undefined) return own;
    const past = this.history?.find(key);
    return past === undefined ? undefined : this.get(past.metric);
  }

  all(): MetricSeries[] {
    return [...this.series.values()];
  }
}
