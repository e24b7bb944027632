/**
 * How an alarm's state follows from its data points: the CloudWatch User Guide's two tables "How alarm state is
 * evaluated when data is missing" (alarms-and-missing-data.html), row by row. In the guide the newest point is on the
 * right; 0 = not breaching, X = breaching, - = missing; the evaluation range is 5 for 3 evaluation periods.
 */
import { AlarmState, compare, nextState, Point } from '../../../scripts/alert-replay/alarm-state';
import { TreatMissingData } from '../../../scripts/alert-replay/alarm-model';

const RETAIN = 'Retain current state';
const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** `0 - X - X` (newest right) → points newest first. */
const points = (row: string): Point[] =>
  row
    .split(' ')
    .reverse()
    .map((c) => (c === 'X' ? 'breaching' : c === '0' ? 'ok' : 'missing'));

function expectRow(row: string, datapointsToAlarm: number, expected: (AlarmState | typeof RETAIN)[]): void {
  TREATMENTS.forEach((treatment, i) => {
    for (const current of ['OK', 'ALARM'] as AlarmState[]) {
      const want = expected[i] === RETAIN ? current : expected[i];
      expect([treatment, current, nextState(points(row), 3, datapointsToAlarm, treatment, current)]).toEqual([
        treatment,
        current,
        want,
      ]);
    }
  });
}

describe('3 of 3 (Datapoints to Alarm 3, Evaluation Periods 3)', () => {
  test.each([
    ['0 - X - X', ['OK', 'OK', 'OK', 'OK']],
    ['0 - - - -', ['OK', 'OK', 'OK', 'OK']],
    ['- - - - -', ['INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK']],
    ['0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['- - X - -', ['ALARM', RETAIN, 'ALARM', 'OK']],
  ] as [string, (AlarmState | typeof RETAIN)[]][])(
    '%s → MISSING, IGNORE, BREACHING, NOT BREACHING = %j',
    (row, expected) => expectRow(row, 3, expected),
  );
});

describe('2 of 3 (Datapoints to Alarm 2, Evaluation Periods 3)', () => {
  test.each([
    ['0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    ['0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
    ['- - - X -', ['ALARM', RETAIN, 'ALARM', 'OK']],
  ] as [string, (AlarmState | typeof RETAIN)[]][])(
    '%s → MISSING, IGNORE, BREACHING, NOT BREACHING = %j',
    (row, expected) => expectRow(row, 2, expected),
  );
});

describe('M of N without missing data', () => {
  test('the newest N real points decide; older points of the range are not used', () => {
    // Newest first: the three newest are ok, the two older ones breach.
    expect(nextState(['ok', 'ok', 'ok', 'breaching', 'breaching'], 3, 1, 'missing', 'ALARM')).toBe('OK');
    expect(nextState(['ok', 'breaching', 'ok', 'ok', 'ok'], 3, 1, 'notBreaching', 'OK')).toBe('ALARM');
  });

  test('one breaching point too few is OK, whatever the current state (no hysteresis)', () => {
    expect(nextState(['breaching', 'ok', 'ok'], 3, 2, 'notBreaching', 'ALARM')).toBe('OK');
  });

  test('a breaching point of the early-alarm rule waits until it is M periods old', () => {
    // `- - - - X` with 3 of 3: too new to alarm (the 2023 table: INSUFFICIENT_DATA under missing).
    expect(nextState(points('- - - - X'), 3, 3, 'missing', 'OK')).toBe('INSUFFICIENT_DATA');
    expect(nextState(points('- - - - X'), 3, 3, 'ignore', 'OK')).toBe('OK');
  });
});

describe('comparison of a data point', () => {
  test('static thresholds', () => {
    expect(compare('GreaterThanOrEqualToThreshold', 5, 5)).toBe('breaching');
    expect(compare('GreaterThanThreshold', 5, 5)).toBe('ok');
    expect(compare('LessThanThreshold', 99, 100)).toBe('breaching');
    expect(compare('LessThanOrEqualToThreshold', 100, 100)).toBe('breaching');
    expect(compare('GreaterThanThreshold', NaN, 5)).toBe('missing');
  });

  test('anomaly bands: above the upper, below the lower, either; a band still training counts as missing', () => {
    const band = { lower: 10, upper: 20 };
    expect(compare('GreaterThanUpperThreshold', 21, undefined, band)).toBe('breaching');
    expect(compare('GreaterThanUpperThreshold', 9, undefined, band)).toBe('ok');
    expect(compare('LessThanLowerThreshold', 9, undefined, band)).toBe('breaching');
    expect(compare('LessThanLowerOrGreaterThanUpperThreshold', 25, undefined, band)).toBe('breaching');
    expect(compare('GreaterThanUpperThreshold', 25, undefined, { lower: NaN, upper: NaN })).toBe('missing');
  });
});
