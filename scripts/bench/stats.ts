/** Percentiles of a sample, as the benchmark reports them. */
export interface Stats {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const p50 =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { p50, p90: at(0.9), p99: at(0.99) };
}
