import { AlarmState } from '../alert-replay/alarm-state';
import { metricKey } from '../alert-replay/alarm-model';
import { evaluateExpression, MathValue, parseExpression } from '../alert-replay/metric-math';
import { MetricStore } from '../alert-replay/metric-series';
import { ScenarioResult } from '../alert-replay/replay-runner';
import { windowStatistic } from '../alert-replay/statistics';
import { MetricRow, Widget } from './dashboards';

/** What one row of a widget shows over a scenario: a point per period, or why it cannot be drawn offline. */
export interface RowData {
  readonly row: MetricRow;
  /** Minutes from the scenario's start (the end of each period) and values; no point where there is no data. */
  readonly points: readonly { readonly minute: number; readonly value: number }[];
  readonly offline?: string;
}

/**
 * The data of a metric widget in a replayed scenario, through the same statistics and metric math the alarms use:
 * each row's statistic over consecutive periods from the scenario's start (a period longer than the data covers what
 * there is, as CloudWatch does for a single value over 30 days).
 */
export function widgetData(widget: Widget, result: ScenarioResult): RowData[] {
  const store = result.store as MetricStore;
  const start = result.replay.clock.scenarioStart;
  const end = result.replay.clock.minutes;
  const full = new Map<string, MathValue>();
  const seriesOf = (row: MetricRow): Float64Array => {
    const period = Math.min(row.periodMinutes, end);
    const series = store.find(metricKey(row.metric!));
    if (series === undefined) return new Float64Array(end + 1).fill(NaN);
    return windowStatistic(series, row.statistic!, period, Math.max(period, start - period));
  };
  const byId = new Map(widget.rows.map((r) => [r.id, r]));
  const valueOf = (row: MetricRow): MathValue => {
    const known = full.get(row.id);
    if (known !== undefined) return known;
    const value = row.metric
      ? seriesOf(row)
      : evaluateExpression(parseExpression(row.expression!), {
          length: end + 1,
          periodMinutes: row.periodMinutes,
          lookup: (id) => {
            const other = byId.get(id);
            if (other === undefined) throw new Error(`the expression names ${id}, which is not a row of the widget`);
            return valueOf(other);
          },
        });
    full.set(row.id, value);
    return value;
  };
  return widget.rows
    .filter((row) => row.visible)
    .map((row) => {
      let values: MathValue;
      try {
        values = valueOf(row);
      } catch (error) {
        return { row, points: [], offline: (error as Error).message };
      }
      if (!(values instanceof Float64Array)) return { row, points: [], offline: 'the expression is not a time series' };
      const period = Math.min(row.periodMinutes, end - start);
      const points: { minute: number; value: number }[] = [];
      for (let t = end; t > start; t -= period) {
        if (Number.isFinite(values[t])) points.unshift({ minute: t - start, value: values[t] });
      }
      return { row, points };
    });
}

/** An alarm widget's alarms and the state each is in at the end of the scenario. */
export function alarmStates(widget: Widget, result: ScenarioResult): { name: string; state: AlarmState | 'unknown' }[] {
  const arns = (widget.properties.alarms ?? []) as string[];
  return arns.map((arn) => {
    const name = arn.replace(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/, '');
    const states = result.replay.timelines.get(name)?.states;
    return { name, state: states === undefined ? 'unknown' : states[states.length - 1] };
  });
}
