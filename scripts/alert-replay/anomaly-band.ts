/**
 * An approximation of ANOMALY_DETECTION_BAND(m, k). CloudWatch trains a model on up to two weeks of the metric's
 * history with daily and weekly seasonality and draws a band k standard deviations wide
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html); that model
 * cannot be reproduced offline. The replay uses a seasonal baseline instead: for each data point, the values of the
 * metric at the same time of day (and one period either side) on each of the trailing 14 days; the band is their
 * mean ± k × their standard deviation. Every result that depends on it is marked approximate in the report.
 */
export const BAND_HISTORY_DAYS = 14;
const DAY_MINUTES = 1440;

export function anomalyBand(
  values: Float64Array,
  width: number,
  periodMinutes: number,
): { readonly lower: Float64Array; readonly upper: Float64Array } {
  const length = values.length;
  const lower = new Float64Array(length).fill(NaN);
  const upper = new Float64Array(length).fill(NaN);
  const history: number[] = [];
  for (let t = 0; t < length; t++) {
    history.length = 0;
    for (let day = 1; day <= BAND_HISTORY_DAYS; day++) {
      for (const shift of [-periodMinutes, 0, periodMinutes]) {
        const past = t - day * DAY_MINUTES + shift;
        if (past >= 0 && past < t && !Number.isNaN(values[past])) history.push(values[past]);
      }
    }
    // Like a model still training, no band without a few days of history.
    if (history.length < 3 * 3) continue;
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const variance = history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length;
    const deviation = Math.sqrt(variance);
    lower[t] = mean - width * deviation;
    upper[t] = mean + width * deviation;
  }
  return { lower, upper };
}
