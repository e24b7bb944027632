/**
 * Metric math as the CloudWatch User Guide's "Using metric math" defines it, with its own examples.
 */
import { evaluateExpression, MathValue, parseExpression } from '../../../scripts/alert-replay/metric-math';

const _ = NaN;
function run(expression: string, series: Record<string, number[]>, periodMinutes = 1): number[] | number {
  const length = Math.max(...Object.values(series).map((s) => s.length));
  const value = evaluateExpression(parseExpression(expression), {
    length,
    periodMinutes,
    lookup: (id) => {
      if (!(id in series)) throw new Error(`no ${id}`);
      return Float64Array.from(series[id]) as MathValue;
    },
  });
  return typeof value === 'number' ? value : Array.from(value as Float64Array);
}

describe('the guide’s examples', () => {
  const metric1 = [30, 20, 0, 0];
  const metric2 = [20, _, 20, _];

  test('comparisons between two series give 1/0, a one-sided gap counting as 0', () => {
    expect(run('metric1 < metric2', { metric1, metric2 })).toEqual([0, 0, 1, 0]);
    expect(run('metric1 >= 30', { metric1, metric2 })).toEqual([1, 0, 0, 0]);
    expect(run('metric1 > 15 AND metric2 > 15', { metric1, metric2 })).toEqual([1, 0, 0, 0]);
  });

  test('IF(metric1, metric2, metric3) = [30, 0, 20, -, -]', () => {
    expect(run('IF(m1, m2, m3)', { m1: [1, 1, 0, 0, _], m2: [30, _, 0, 0, 30], m3: [0, 0, 20, _, 20] })).toEqual([
      30,
      0,
      20,
      _,
      _,
    ]);
  });
});

test('arithmetic: a missing value is 0 against another series’ value; no value where neither has one', () => {
  expect(run('a + b', { a: [1, _, _], b: [2, 3, _] })).toEqual([3, 3, _]);
  expect(run('a * 2', { a: [1, _] })).toEqual([2, _]);
});

test('division by zero drops the point', () => {
  expect(run('a / b', { a: [1, 1], b: [0, 2] })).toEqual([_, 0.5]);
});

test('the SLO ratio: IF(valid >= N AND bad >= K, bad / valid, 0)', () => {
  const ratio = run('IF(valid >= 100 AND bad >= 10, bad / valid, 0)', {
    valid: [1000, 50, 1000, _],
    bad: [20, 50, 5, _],
  });
  expect(ratio).toEqual([0.02, 0, 0, _]);
});

test('FILL with a value or with the previous data point (REPEAT, one period back)', () => {
  expect(run('FILL(a, 0)', { a: [_, 2, _] })).toEqual([0, 2, 0]);
  expect(run('FILL(a, REPEAT)', { a: [1, _, _, 4, _, _] }, 2)).toEqual([1, _, 1, 4, 1, 4]);
});

test('SUM of an array of series, missing values as 0 where another series has one', () => {
  expect(run('SUM([a, b, c])', { a: [1, _, _], b: [2, 3, _], c: [_, _, _] })).toEqual([3, 3, _]);
  expect(run('MAX([a, b])', { a: [1, 5], b: [2, _] })).toEqual([2, 5]);
});

test('precedence: * before +, comparisons after arithmetic, AND before OR', () => {
  expect(run('1 + 2 * 3', { a: [0] })).toBe(7);
  expect(run('a + 1 > 2 OR a < 0 AND a > 5', { a: [2, 1] })).toEqual([1, 0]);
});

test('an unknown function or syntax is an error, never a silent pass', () => {
  expect(() => run('RATE(a)', { a: [1] })).toThrow('metric math function RATE is not supported by the alert replay');
  expect(() => parseExpression('a + ')).toThrow(/unexpected end/);
  expect(() => run("SEARCH('{AWS/Lambda} Errors', 'Sum', 60)", { a: [1] })).toThrow(
    'metric math function SEARCH is not supported',
  );
  expect(() => parseExpression('a $ b')).toThrow(/unsupported syntax/);
});
