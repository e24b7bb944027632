/**
 * How one metric alarm's state follows from its most recent data points: M out of N, and missing data.
 * CloudWatch User Guide, "Evaluating an alarm" and "Configuring how CloudWatch alarms treat missing data":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 */
import { ComparisonOperator, TreatMissingData } from './alarm-model';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
/** One data point as the alarm sees it. */
export type Point = 'breaching' | 'ok' | 'missing';

/** Whether a value breaches; `lower`/`upper` are the band for the band operators. */
export function compare(
  operator: ComparisonOperator,
  value: number,
  threshold: number | undefined,
  band?: { lower: number; upper: number },
): Point {
  if (Number.isNaN(value)) return 'missing';
  const t = threshold as number;
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= t ? 'breaching' : 'ok';
    case 'GreaterThanThreshold':
      return value > t ? 'breaching' : 'ok';
    case 'LessThanThreshold':
      return value < t ? 'breaching' : 'ok';
    case 'LessThanOrEqualToThreshold':
      return value <= t ? 'breaching' : 'ok';
    default: {
      // A band still training (no value) cannot be compared: the point counts as missing.
      if (band === undefined || Number.isNaN(band.lower) || Number.isNaN(band.upper)) return 'missing';
      const below = value < band.lower;
      const above = value > band.upper;
      if (operator === 'LessThanLowerThreshold') return below ? 'breaching' : 'ok';
      if (operator === 'GreaterThanUpperThreshold') return above ? 'breaching' : 'ok';
      return below || above ? 'breaching' : 'ok';
    }
  }
}

/**
 * How many data points CloudWatch retrieves for an alarm of N evaluation periods: "CloudWatch attempts to retrieve a
 * higher number of data points than the number specified as Evaluation Periods" — the evaluation range. The guide's
 * only figure is 5 for N = 3; the replay uses N + 2 for every N.
 */
export const evaluationRange = (evaluationPeriods: number): number => evaluationPeriods + 2;

/**
 * The next state of an alarm from the points of its evaluation range (most recent first) and its current state,
 * following the guide ("Configuring how CloudWatch alarms treat missing data"):
 * - at least N real points in the range: the newest N real points decide (M of N) and the missing-data setting is
 *   not used;
 * - no real point: `missing` → INSUFFICIENT_DATA, `ignore` → current state, `breaching` → ALARM, `notBreaching` → OK;
 * - fewer than N: the real points plus N − real points filled as the setting says. With `missing` and `ignore` a
 *   breaching point alarms early only when it "is at least as old as the value of Datapoints to Alarm, and all other
 *   more recent data points are breaching or missing"; `ignore` then keeps the current state.
 * Every row of the guide's two tables is a test (test/scripts/alert-replay/alarm-state.test.ts).
 */
export function nextState(
  range: readonly Point[],
  evaluationPeriods: number,
  datapointsToAlarm: number,
  treatMissing: TreatMissingData,
  current: AlarmState,
): AlarmState {
  // Counted in loops, not with arrays: this runs for every alarm every minute.
  let real = 0;
  let breachingInNewest = 0;
  let breaching = 0;
  let anyOk = false;
  let oldestBreachingAge = 0;
  for (let i = 0; i < range.length; i++) {
    const point = range[i];
    if (point === 'missing') continue;
    real++;
    if (point === 'breaching') {
      breaching++;
      oldestBreachingAge = i + 1;
      if (real <= evaluationPeriods) breachingInNewest++;
    } else anyOk = true;
  }
  if (real >= evaluationPeriods) return breachingInNewest >= datapointsToAlarm ? 'ALARM' : 'OK';
  if (real === 0) {
    if (treatMissing === 'missing') return 'INSUFFICIENT_DATA';
    return treatMissing === 'ignore' ? current : treatMissing === 'breaching' ? 'ALARM' : 'OK';
  }
  const filled = evaluationPeriods - real;
  if (breaching + (treatMissing === 'breaching' ? filled : 0) >= datapointsToAlarm) return 'ALARM';
  if (treatMissing === 'breaching' || treatMissing === 'notBreaching' || anyOk) return 'OK';
  // Only breaching points, fewer than M: alarm early once the oldest is old enough; otherwise wait for more data
  // (the 2023 edition of the table: `- - - - X` with 3 of 3 → INSUFFICIENT_DATA under `missing`).
  if (treatMissing === 'ignore') return current;
  return oldestBreachingAge >= datapointsToAlarm ? 'ALARM' : 'INSUFFICIENT_DATA';
}
