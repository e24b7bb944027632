import { MetricSeries } from './metric-series';

/**
 * The statistics an alarm may ask for, computed from the raw samples of a window (never from pre-aggregated values).
 * CloudWatch User Guide, "CloudWatch statistics definitions":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 */
export type Statistic =
  | { readonly kind: 'Sum' | 'Average' | 'Minimum' | 'Maximum' | 'SampleCount'; readonly text: string }
  | { readonly kind: 'percentile'; readonly percentile: number; readonly text: string }
  | {
      readonly kind: 'TC' | 'TM';
      readonly lower?: number;
      readonly upper?: number;
      /** Bounds are percentiles of the window (`TC(10%:90%)`) rather than values (`TC(1000:)`). */
      readonly percentBounds: boolean;
      readonly text: string;
    };

const SIMPLE = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'] as const;

/** Parses `Sum`, `p99`, `p99.9`, `TC(1000:)`, `TM(10%:90%)`, …; anything else is an error naming the alarm. */
export function parseStatistic(text: string, where: string): Statistic {
  if ((SIMPLE as readonly string[]).includes(text)) return { kind: text as (typeof SIMPLE)[number], text };
  const percentile = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(text);
  if (percentile) return { kind: 'percentile', percentile: Number(percentile[1]), text };
  const trimmed = /^(TC|TM)\(([^:)]*):([^:)]*)\)$/.exec(text);
  if (trimmed) {
    const [, kind, lowText, highText] = trimmed;
    const percent = [lowText, highText].filter((b) => b !== '').every((b) => b.endsWith('%'));
    const mixed = [lowText, highText].some((b) => b.endsWith('%')) !== percent;
    const bound = (b: string) => (b === '' ? undefined : Number(b.replace('%', '')));
    const [lower, upper] = [bound(lowText), bound(highText)];
    if (
      !mixed &&
      [lower, upper].every((b) => b === undefined || Number.isFinite(b)) &&
      (lower ?? upper) !== undefined
    ) {
      return { kind: kind as 'TC' | 'TM', lower, upper, percentBounds: percent, text };
    }
  }
  throw new Error(
    `${where}: statistic "${text}" is not supported by the alert replay (Sum, Average, Minimum, Maximum, SampleCount, pNN, TC(a:b), TM(a:b))`,
  );
}

/** Whether a statistic needs the window's individual samples (percentiles and trimmed statistics). */
export const needsSamples = (statistic: Statistic): boolean =>
  statistic.kind === 'percentile' || statistic.kind === 'TC' || statistic.kind === 'TM';

/**
 * The bounds of a trimmed statistic: "TM(x:y)" keeps values greater than x and less than or equal to y
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html, trimmed mean), and an
 * omitted bound is open. So `TC(1000:)` counts requests slower than 1000 ms.
 */
export function inTrimRange(value: number, lower: number | undefined, upper: number | undefined): boolean {
  return (lower === undefined || value > lower) && (upper === undefined || value <= upper);
}

/**
 * The statistic of every window of `periodMinutes` ending at each minute: `result[t]` covers minutes [t − period, t).
 * NaN where the window holds no sample (a missing datapoint), where it starts before the data, and before `from`
 * (windows no evaluation reads are not computed).
 */
export function windowStatistic(
  series: MetricSeries,
  statistic: Statistic,
  periodMinutes: number,
  from = 0,
): Float64Array {
  const minutes = series.minutes;
  const first = Math.max(periodMinutes, from);
  const result = new Float64Array(minutes + 1).fill(NaN);
  const count = prefix(series.count);
  if (statistic.kind === 'Sum' || statistic.kind === 'SampleCount' || statistic.kind === 'Average') {
    const sum = prefix(series.sum);
    for (let t = first; t <= minutes; t++) {
      const n = count[t] - count[t - periodMinutes];
      if (n <= 0) continue;
      const s = sum[t] - sum[t - periodMinutes];
      result[t] = statistic.kind === 'Sum' ? s : statistic.kind === 'SampleCount' ? n : s / n;
    }
    return result;
  }
  if (statistic.kind === 'Minimum' || statistic.kind === 'Maximum') {
    const values = statistic.kind === 'Minimum' ? series.min : series.max;
    const pick = statistic.kind === 'Minimum' ? Math.min : Math.max;
    for (let t = first; t <= minutes; t++) {
      let best = NaN;
      for (let m = t - periodMinutes; m < t; m++) {
        if (series.count[m] > 0) best = Number.isNaN(best) ? values[m] : pick(best, values[m]);
      }
      result[t] = best;
    }
    return result;
  }
  const samples = series.samples;
  if (samples === undefined) throw new Error(`${series.key}: ${statistic.text} needs raw samples, which were not kept`);
  if ((statistic.kind === 'TC' || statistic.kind === 'TM') && !statistic.percentBounds) {
    // Trimmed count and mean with value bounds are additive per minute: prefix sums keep long windows cheap.
    const inCount = new Float64Array(minutes);
    const inSum = new Float64Array(minutes);
    for (let m = 0; m < minutes; m++) {
      for (let i = samples.offsets[m]; i < samples.offsets[m + 1]; i++) {
        const v = samples.values[i];
        if (inTrimRange(v, statistic.lower, statistic.upper)) {
          inCount[m]++;
          inSum[m] += v;
        }
      }
    }
    const [c, s] = [prefix(inCount), prefix(inSum)];
    for (let t = first; t <= minutes; t++) {
      if (count[t] - count[t - periodMinutes] <= 0) continue;
      const n = c[t] - c[t - periodMinutes];
      result[t] = statistic.kind === 'TC' ? n : n > 0 ? (s[t] - s[t - periodMinutes]) / n : NaN;
    }
    return result;
  }
  let scratch = new Float64Array(1024);
  for (let t = first; t <= minutes; t++) {
    const [start, end] = [samples.offsets[t - periodMinutes], samples.offsets[t]];
    const n = end - start;
    if (n === 0) continue;
    if (statistic.kind === 'percentile') {
      if (scratch.length < n) scratch = new Float64Array(n * 2);
      scratch.set(samples.values.subarray(start, end));
      result[t] = select(scratch, n, nearestRank(n, statistic.percentile) - 1);
    } else {
      result[t] = sortedStatistic(samples.values.slice(start, end).sort(), statistic);
    }
  }
  return result;
}

/** The k-th smallest of the first n values (Hoare's selection, in place, O(n) on average). */
function select(values: Float64Array, n: number, k: number): number {
  let [left, right] = [0, n - 1];
  while (left < right) {
    const pivot = values[(left + right) >> 1];
    let [i, j] = [left, right];
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}

const nearestRank = (n: number, percentile: number): number => Math.max(1, Math.ceil((percentile / 100) * n));

/** Nearest-rank percentile of sorted samples: the smallest value with at least p% of the samples at or below it. */
export function percentileOf(sorted: ArrayLike<number>, percentile: number): number {
  return sorted[nearestRank(sorted.length, percentile) - 1];
}

function sortedStatistic(sorted: Float32Array, statistic: Statistic): number {
  if (statistic.kind === 'percentile') return percentileOf(sorted, statistic.percentile);
  if (statistic.kind !== 'TC' && statistic.kind !== 'TM') throw new Error(`unexpected ${statistic.text}`);
  const lower = statistic.lower === undefined ? undefined : percentileOf(sorted, statistic.lower);
  const upper = statistic.upper === undefined ? undefined : percentileOf(sorted, statistic.upper);
  let n = 0;
  let sum = 0;
  for (const v of sorted) {
    if (inTrimRange(v, lower, upper)) {
      n++;
      sum += v;
    }
  }
  return statistic.kind === 'TC' ? n : n > 0 ? sum / n : NaN;
}

function prefix(values: Float64Array): Float64Array {
  const result = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) result[i + 1] = result[i] + values[i];
  return result;
}
