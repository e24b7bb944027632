import { Severity } from '../../lib/alarms/alert-topics';
import { AlarmDefinition, AlarmQuery, CompositeAlarmDefinition, metricKey, MetricAlarmDefinition } from './alarm-model';
import { AlarmState, compare, evaluationRange, nextState, Point } from './alarm-state';
import { evaluateRule, parseRule, ruleAlarms, RuleNode } from './composite-rule';
import { evaluateExpression, MathValue, parseExpression } from './metric-math';
import { MetricStore } from './metric-series';
import { windowStatistic } from './statistics';

export interface ReplayClock {
  /** Minutes of data in the store (history, then the scenario). */
  readonly minutes: number;
  /** The minute the scenario starts: notifications are counted from it. */
  readonly scenarioStart: number;
  /** The first minute alarms are evaluated (states settle before the scenario starts). */
  readonly evaluateFrom: number;
  /** Minutes between a data point's time and the time an alarm can see it, by namespace. */
  readonly publicationDelay: (namespace: string) => number;
}

export interface Notification {
  readonly alarm: string;
  readonly severity: Severity;
  readonly state: 'ALARM' | 'OK';
  /** Minutes from the scenario's start. */
  readonly minute: number;
  /** The alarm depends on the anomaly-band approximation. */
  readonly approximate: boolean;
}

export interface Suppression {
  readonly alarm: string;
  readonly minute: number;
  readonly by: string;
}

export interface AlarmTimeline {
  readonly alarm: AlarmDefinition;
  /** State at each evaluated minute, from `evaluateFrom`. */
  readonly states: AlarmState[];
  /** The value the alarm compares, by data point end minute (metric alarms). */
  readonly values?: Float64Array;
  readonly band?: { readonly lower: Float64Array; readonly upper: Float64Array };
  readonly approximate: boolean;
  /** Metric keys the alarm reads that the replay produced no sample for. */
  readonly unproduced: readonly string[];
}

/** An alarm's state at each minute of the scenario (its states before the scenario's start left out). */
export function scenarioStates(result: ReplayResult, alarm: string): AlarmState[] {
  const timeline = result.timelines.get(alarm);
  if (timeline === undefined) throw new Error(`no alarm named ${alarm} was replayed`);
  return timeline.states.slice(result.clock.scenarioStart - result.clock.evaluateFrom);
}

export interface ReplayResult {
  /** The clock without its delay function (results cross worker threads). */
  readonly clock: Omit<ReplayClock, 'publicationDelay'>;
  readonly notifications: Notification[];
  readonly suppressed: Suppression[];
  readonly timelines: Map<string, AlarmTimeline>;
}

/**
 * Evaluates every alarm once a minute against the metrics in `store`, as CloudWatch would: metric alarms over their
 * last N periods (sliding, ending at the evaluation minute less the publication delay), then composite alarms in
 * dependency order, then actions: each state change notifies the severity topics of its ALARM or OK actions, unless
 * the composite's actions suppressor holds it back.
 */
export function replay(alarms: readonly AlarmDefinition[], store: MetricStore, clock: ReplayClock): ReplayResult {
  const metricAlarms = alarms.filter((a): a is MetricAlarmDefinition => a.kind === 'metric');
  const composites = orderComposites(alarms.filter((a): a is CompositeAlarmDefinition => a.kind === 'composite'));
  const prepared = metricAlarms.map((alarm) => prepare(alarm, store, clock));
  const byName = new Map<string, AlarmTimeline>();
  for (const p of prepared) byName.set(p.timeline.alarm.name, p.timeline);
  for (const { alarm } of composites) {
    const approximate = ruleAlarms(parseRule(alarm.rule)).some((child) => byName.get(child)?.approximate === true);
    byName.set(alarm.name, { alarm, states: [], approximate, unproduced: [] });
  }

  const state = new Map<string, AlarmState>(alarms.map((a) => [a.name, 'INSUFFICIENT_DATA']));
  const notifications: Notification[] = [];
  const suppressed: Suppression[] = [];
  const relative = (minute: number) => minute - clock.scenarioStart;
  const notify = (alarm: AlarmDefinition, to: AlarmState, minute: number) => {
    if (minute < clock.scenarioStart || to === 'INSUFFICIENT_DATA') return;
    const severities = to === 'ALARM' ? alarm.alarmSeverities : alarm.okSeverities;
    const approximate = (byName.get(alarm.name) as AlarmTimeline).approximate;
    for (const severity of severities)
      notifications.push({ alarm: alarm.name, severity, state: to, minute: relative(minute), approximate });
  };
  const actions = new Map(composites.map(({ alarm }) => [alarm.name, new CompositeActions(alarm)]));

  for (let t = clock.evaluateFrom; t < clock.minutes; t++) {
    for (const p of prepared) {
      // "If the number of evaluation periods multiplied by the length of each evaluation period exceeds one day, the
      // alarm is evaluated once per hour", on data up to the top of the hour (alarm-evaluation.html).
      if (p.hourly && t % 60 !== 0) continue;
      const from = state.get(p.alarm.name) as AlarmState;
      const to = nextState(
        p.points(t),
        p.alarm.evaluationPeriods,
        p.alarm.datapointsToAlarm,
        p.alarm.treatMissingData,
        from,
      );
      if (to !== from) {
        state.set(p.alarm.name, to);
        notify(p.alarm, to, t);
      }
    }
    for (const { alarm, rule } of composites) {
      const from = state.get(alarm.name) as AlarmState;
      const to: AlarmState = evaluateRule(rule, (name) => stateOf(state, name, alarm)) ? 'ALARM' : 'OK';
      state.set(alarm.name, to);
      const suppressor = alarm.suppressor === undefined ? undefined : stateOf(state, alarm.suppressor, alarm);
      const decision = (actions.get(alarm.name) as CompositeActions).step(t, from, to, suppressor);
      if (decision === 'act') notify(alarm, to, t);
      if (decision === 'suppressed' && to === 'ALARM' && t >= clock.scenarioStart && alarm.alarmSeverities.length > 0) {
        suppressed.push({ alarm: alarm.name, minute: relative(t), by: alarm.suppressor as string });
      }
    }
    for (const alarm of alarms)
      (byName.get(alarm.name) as AlarmTimeline).states.push(state.get(alarm.name) as AlarmState);
  }
  const { minutes, scenarioStart, evaluateFrom } = clock;
  return { clock: { minutes, scenarioStart, evaluateFrom }, notifications, suppressed, timelines: byName };
}

/**
 * When a composite alarm takes its actions, with an actions suppressor (Create_Composite_Alarm.html, "Actions
 * suppression", and its six worked examples):
 * - a state change while the suppressor is in ALARM takes no action;
 * - a state change while it is not starts the wait period; if the suppressor goes into ALARM meanwhile the wait is
 *   discarded, otherwise the composite "takes its actions" for its current state when the wait ends;
 * - when the suppressor leaves ALARM the extension period starts; a state change during it starts a new wait; when it
 *   ends, the composite takes the actions of its current state (if that is not the state it last acted on).
 * Without a suppressor every state change acts at once. The first evaluation (INSUFFICIENT_DATA → OK at creation)
 * acts too.
 */
class CompositeActions {
  private acted: AlarmState = 'INSUFFICIENT_DATA';
  private waitUntil?: number;
  private extensionUntil?: number;
  private suppressorWas?: AlarmState;

  constructor(private readonly alarm: CompositeAlarmDefinition) {}

  step(t: number, from: AlarmState, to: AlarmState, suppressor: AlarmState | undefined): 'act' | 'suppressed' | 'none' {
    const changed = from !== to;
    if (suppressor === undefined) return this.act(to, changed);
    const entered = suppressor === 'ALARM' && this.suppressorWas !== 'ALARM';
    const left = suppressor !== 'ALARM' && this.suppressorWas === 'ALARM';
    this.suppressorWas = suppressor;
    if (entered) [this.waitUntil, this.extensionUntil] = [undefined, undefined];
    if (left) this.extensionUntil = t + this.alarm.suppressorExtensionMinutes;
    if (suppressor === 'ALARM') return changed || entered ? 'suppressed' : 'none';
    if (changed) {
      this.extensionUntil = undefined;
      if (this.alarm.suppressorWaitMinutes === 0) return this.act(to, true);
      this.waitUntil = t + this.alarm.suppressorWaitMinutes;
      return 'none';
    }
    if (this.waitUntil !== undefined && t >= this.waitUntil) {
      this.waitUntil = undefined;
      return this.act(to, to !== this.acted);
    }
    if (this.extensionUntil !== undefined && t >= this.extensionUntil) {
      this.extensionUntil = undefined;
      return this.act(to, to !== this.acted);
    }
    return 'none';
  }

  private act(to: AlarmState, needed: boolean): 'act' | 'none' {
    if (!needed) return 'none';
    this.acted = to;
    return 'act';
  }
}

function stateOf(state: Map<string, AlarmState>, name: string, composite: CompositeAlarmDefinition): AlarmState {
  const s = state.get(name);
  if (s === undefined)
    throw new Error(
      `${composite.name} (${composite.construct}): its rule names ${name}, which is not an alarm of the app`,
    );
  return s;
}

/** Composite alarms, each after the composites its rule reads. */
function orderComposites(
  composites: CompositeAlarmDefinition[],
): { alarm: CompositeAlarmDefinition; rule: RuleNode }[] {
  const parsed = composites.map((alarm) => {
    try {
      return { alarm, rule: parseRule(alarm.rule) };
    } catch (error) {
      throw new Error(`${alarm.name} (${alarm.construct}): ${(error as Error).message}`);
    }
  });
  const ordered: typeof parsed = [];
  const placed = new Set<string>();
  const names = new Set(composites.map((c) => c.name));
  while (ordered.length < parsed.length) {
    const ready = parsed.filter(
      (p) => !placed.has(p.alarm.name) && ruleAlarms(p.rule).every((child) => !names.has(child) || placed.has(child)),
    );
    if (ready.length === 0) throw new Error('composite alarms reference each other in a cycle');
    for (const p of ready) {
      ordered.push(p);
      placed.add(p.alarm.name);
    }
  }
  return ordered;
}

interface PreparedAlarm {
  readonly alarm: MetricAlarmDefinition;
  readonly timeline: AlarmTimeline;
  /** Evaluated once an hour (N × period over a day). */
  readonly hourly: boolean;
  /** The points of the alarm's evaluation range (most recent first) at an evaluation minute. */
  readonly points: (minute: number) => Point[];
}

/** Computes an alarm's compared series (and band) for every minute, once. */
function prepare(alarm: MetricAlarmDefinition, store: MetricStore, clock: ReplayClock): PreparedAlarm {
  const where = `${alarm.name} (${alarm.construct})`;
  const length = clock.minutes + 1;
  const cache = new Map<string, MathValue>();
  const unproduced: string[] = [];
  const queries = new Map(alarm.queries.map((q) => [q.id, q]));
  const approximate = alarm.queries.some(
    (q) => q.kind === 'expression' && /ANOMALY_DETECTION_BAND/i.test(q.expression),
  );
  // An anomaly band learns from two weeks of history; other alarms only read their evaluation range.
  const delay = Math.max(
    ...alarm.queries.map((q) => (q.kind === 'metric' ? clock.publicationDelay(q.metric.namespace) : 0)),
  );
  const range = evaluationRange(alarm.evaluationPeriods);
  const from = approximate ? 0 : Math.max(0, clock.evaluateFrom - delay - (range + 1) * alarm.periodMinutes);
  const valueOf = (query: AlarmQuery): MathValue => {
    const cached = cache.get(query.id);
    if (cached !== undefined) return cached;
    let value: MathValue;
    if (query.kind === 'metric') {
      const series = store.find(metricKey(query.metric));
      if (series === undefined || series.minutesWithData === 0) unproduced.push(metricKey(query.metric));
      value =
        series === undefined
          ? new Float64Array(length).fill(NaN)
          : windowStatistic(series, query.statistic, query.periodMinutes, from);
    } else {
      try {
        value = evaluateExpression(parseExpression(query.expression), {
          length,
          periodMinutes: alarm.periodMinutes,
          lookup: (id) => {
            const other = queries.get(id);
            if (other === undefined) throw new Error(`the expression names ${id}, which is not a query of the alarm`);
            return valueOf(other);
          },
        });
      } catch (error) {
        throw new Error(`${where}: expression ${query.id} "${query.expression}": ${(error as Error).message}`);
      }
    }
    cache.set(query.id, value);
    return value;
  };
  const returned = alarm.queries.filter((q) => q.returnData && q.id !== alarm.thresholdMetricId);
  const compared = valueOf(returned[0]);
  if (!(compared instanceof Float64Array)) throw new Error(`${where}: the alarm's returned query is not a time series`);
  const bandValue =
    alarm.thresholdMetricId === undefined ? undefined : valueOf(queries.get(alarm.thresholdMetricId) as AlarmQuery);
  if (bandValue !== undefined && (typeof bandValue !== 'object' || !('upper' in bandValue))) {
    throw new Error(`${where}: ThresholdMetricId ${alarm.thresholdMetricId} is not an ANOMALY_DETECTION_BAND`);
  }
  const band = bandValue as { lower: Float64Array; upper: Float64Array } | undefined;
  const points = (minute: number): Point[] => {
    const result: Point[] = [];
    for (let k = 0; k < range; k++) {
      const end = minute - delay - k * alarm.periodMinutes;
      if (end < 0) {
        result.push('missing');
        continue;
      }
      const bandAt = band === undefined ? undefined : { lower: band.lower[end], upper: band.upper[end] };
      result.push(compare(alarm.comparison, compared[end], alarm.threshold, bandAt));
    }
    return result;
  };
  return {
    alarm,
    hourly: alarm.evaluationPeriods * alarm.periodMinutes > 1440,
    points,
    timeline: { alarm, states: [], values: compared, band, approximate, unproduced },
  };
}
