/**
 * Statistics from the raw samples of each window (CloudWatch User Guide, "CloudWatch statistics definitions").
 */
import { MetricSeries } from '../../../scripts/alert-replay/metric-series';
import { parseStatistic, percentileOf, windowStatistic } from '../../../scripts/alert-replay/statistics';

/** A 4-minute series: minute 0 has 1..10, minute 1 has nothing, minute 2 has 1000 and 1001, minute 3 has 0/1 flags. */
function series(): MetricSeries {
  const s = new MetricSeries({ namespace: 'Test', metricName: 'Latency', dimensions: {} }, 4, true);
  for (let v = 1; v <= 10; v++) s.add(0, v);
  s.add(2, 1000);
  s.add(2, 1001);
  s.add(3, 1, 3);
  s.add(3, 0, 7);
  return s;
}
const stat = (text: string, period: number) => windowStatistic(series(), parseStatistic(text, 'test'), period);

test('Sum, SampleCount, Average, Minimum, Maximum over one-minute windows; a window without samples is missing', () => {
  // result[t] covers minutes [t - period, t).
  expect(Array.from(stat('Sum', 1))).toEqual([NaN, 55, NaN, 2001, 3]);
  expect(Array.from(stat('SampleCount', 1))).toEqual([NaN, 10, NaN, 2, 10]);
  expect(stat('Average', 1)[1]).toBe(5.5);
  expect(stat('Minimum', 1)[3]).toBe(1000);
  expect(stat('Maximum', 1)[1]).toBe(10);
});

test('windows longer than a minute aggregate the samples of every minute in them', () => {
  expect(stat('Sum', 3)[3]).toBe(55 + 2001);
  expect(stat('Maximum', 3)[3]).toBe(1001);
  expect(stat('Average', 2)[4]).toBeCloseTo((2001 + 3) / 12, 12);
});

test('percentiles are nearest-rank over the samples, never over averages', () => {
  expect(stat('p50', 1)[1]).toBe(5);
  expect(stat('p90', 1)[1]).toBe(9);
  expect(stat('p99', 1)[1]).toBe(10);
  // Across minutes 0..2: 12 samples; p90 is the 11th smallest (1000), far from any average.
  expect(stat('p90', 3)[3]).toBe(1000);
  expect(percentileOf([1, 2, 3, 4], 25)).toBe(1);
});

test('trimmed count and mean: lower bound excluded, upper included (TC(1000:) counts samples above 1000)', () => {
  expect(stat('TC(1000:)', 3)[3]).toBe(1);
  expect(stat('TC(999:)', 3)[3]).toBe(2);
  expect(stat('TC(:5)', 1)[1]).toBe(5);
  expect(stat('TC(2:4)', 1)[1]).toBe(2);
  expect(stat('TM(2:4)', 1)[1]).toBe(3.5);
  // A window with samples but none in range counts 0 (a data point), not missing.
  expect(stat('TC(5000:)', 1)[1]).toBe(0);
});

test('trimmed statistics with percentile bounds use the window’s own percentiles', () => {
  // p10 = 1, p90 = 9: values in (1, 9] are 2..9.
  expect(stat('TC(10%:90%)', 1)[1]).toBe(8);
  expect(stat('TM(10%:90%)', 1)[1]).toBe(5.5);
});

test('an unknown statistic is an error naming the alarm', () => {
  expect(() => parseStatistic('WM(10%:90%)', 'alarm x (Monitoring/X)')).toThrow(
    'alarm x (Monitoring/X): statistic "WM(10%:90%)" is not supported by the alert replay',
  );
  expect(() => parseStatistic('TC(1:2%)', 'alarm x')).toThrow(/not supported/);
});

test('samples must arrive in minute order', () => {
  const s = new MetricSeries({ namespace: 'Test', metricName: 'M', dimensions: {} }, 3, true);
  s.add(2, 1);
  expect(() => s.add(1, 1)).toThrow('samples must be added in minute order');
});
