import { APP_NAME, physicalName, StageName } from '../../lib/config/stage-config';
import { AlarmDefinition, isNotifying, metricKey, readAlarms } from './alarm-model';
import { CloudAssembly } from './cloud-assembly';
import { MetricStore } from './metric-series';
import { Notification, replay, ReplayResult, scenarioStates, Suppression } from './replay-engine';
import { Fault, Scenario, trafficProfile } from './scenario';
import { needsSamples } from './statistics';
import { readTopology, Topology } from './topology';
import { simulate, Timeline } from './traffic-model';

/** History before a scenario by default: two weeks train the anomaly bands (and cover the 3-day burn windows). */
export const HISTORY_DAYS = 14;
/** Alarm states settle for a day before the scenario starts; notifications before it are not counted. */
const SETTLE_MINUTES = 1440;

/**
 * Minutes before an alarm sees a data point. No AWS document gives the figure; about 2 minutes for 1-minute AWS
 * metrics is what monitoring vendors measure (Datadog, "Cloud Metric Delay"), and EMF and metric-filter metrics arrive
 * through CloudWatch Logs within about a minute. Scenarios may override it per namespace.
 */
export const DEFAULT_PUBLICATION_DELAY = { vended: 2, custom: 1 } as const;

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly notifications: Notification[];
  readonly suppressed: Suppression[];
  /** Minutes from the start at which CodeDeploy rolled a bad deploy back. */
  readonly rollbacks: { readonly function: string; readonly minute: number }[];
  readonly failures: string[];
  /** Metrics the scenario's `metric` faults set that no alarm reads. */
  readonly warnings: string[];
  readonly replay: ReplayResult;
  /** The metrics the scenario produced (with `keepStore`: the dashboard preview reads them). */
  readonly store?: MetricStore;
}

export interface RunOptions {
  /** Metric keys whose raw samples to keep beside the alarms' (percentiles a dashboard shows). */
  readonly sampleKeys?: ReadonlySet<string>;
  readonly keepStore?: boolean;
}

export interface App {
  readonly stage: string;
  readonly prefix: string;
  readonly alarms: readonly AlarmDefinition[];
  readonly topology: Topology;
}

/** An alarm's id: its name without `{app}-{stage}-`, as scenarios, runbooks and tables name it. */
export const alarmId = (app: App, name: string): string => name.replace(app.prefix, '');

/** The keys of the metrics the alarms read; with `samples`, only those read with a percentile or trimmed statistic. */
function alarmMetricKeys(app: App, samples = false): Set<string> {
  return new Set(
    app.alarms
      .flatMap((a) => (a.kind === 'metric' ? a.queries : []))
      .flatMap((q) => (q.kind === 'metric' && (!samples || needsSamples(q.statistic)) ? [metricKey(q.metric)] : [])),
  );
}

export function loadApp(cdkOut: string, stage: string): App {
  const assembly = CloudAssembly.load(cdkOut);
  return {
    stage,
    prefix: `${physicalName({ appName: APP_NAME, stage: stage as StageName })}-`,
    alarms: readAlarms(assembly),
    topology: readTopology(assembly),
  };
}

/**
 * The two weeks before a scenario's day, simulated once per traffic profile and shared by every scenario that uses
 * it (a scenario's day starts at 00:00 UTC: the hours before its start are its own baseline).
 */
const histories = new Map<string, MetricStore>();

function historyFor(app: App, scenario: Scenario, keepSamples: ReadonlySet<string>): MetricStore {
  const profile = trafficProfile(scenario);
  const key = `${app.prefix}|${JSON.stringify([profile, scenario.routeMix, scenario.historyDays, [...keepSamples].sort()])}`;
  let history = histories.get(key);
  if (history === undefined) {
    const minutes = scenario.historyDays * 1440;
    history = new MetricStore(minutes, keepSamples);
    const baseline = { ...scenario, seed: 0, faults: [] };
    simulate(app.topology, baseline, profile, { minutes, scenarioStart: minutes, startHourUtc: 0 }, history, new Map());
    histories.set(key, history);
  }
  return history;
}

export function runScenario(app: App, scenario: Scenario, options: RunOptions = {}): ScenarioResult {
  const scenarioStart = scenario.historyDays * 1440 + scenario.startHourUtc * 60;
  const timeline: Timeline = { minutes: scenarioStart + scenario.durationMinutes, scenarioStart, startHourUtc: 0 };
  const keepSamples = alarmMetricKeys(app, true);
  for (const key of options.sampleKeys ?? []) keepSamples.add(key);
  const history = historyFor(app, scenario, keepSamples);
  const clock = {
    minutes: timeline.minutes,
    scenarioStart,
    evaluateFrom: Math.max(0, scenarioStart - SETTLE_MINUTES),
    publicationDelay: (namespace: string) =>
      scenario.publicationDelayMinutes[namespace] ??
      (namespace.startsWith('AWS/') ? DEFAULT_PUBLICATION_DELAY.vended : DEFAULT_PUBLICATION_DELAY.custom),
  };
  const byName = new Map(app.alarms.map((a) => [a.name, a]));
  checkExpectationNames(app, scenario, byName);

  // CodeDeploy rolls back when a rollback alarm of the deployment goes into ALARM: replay, find that minute, replay again.
  const rollbacks = new Map<Fault, number>();
  let result: ReplayResult;
  let store: MetricStore;
  for (let pass = 0; ; pass++) {
    store = new MetricStore(timeline.minutes, keepSamples, history);
    simulate(app.topology, scenario, trafficProfile(scenario), timeline, store, rollbacks);
    result = replay(app.alarms, store, clock);
    const found = findRollbacks(app, scenario, result, rollbacks);
    if (found === 0 || pass > 2) break;
  }
  const read = alarmMetricKeys(app);
  const metricWarnings = scenario.faults
    .filter((f) => f.kind === 'metric')
    .map((f) =>
      metricKey({
        namespace: f.namespace as string,
        metricName: f.metricName as string,
        dimensions: (f.dimensions ?? {}) as Record<string, string>,
      }),
    )
    .filter((key) => !read.has(key))
    .map((key) => `${scenario.file}: the scenario sets ${key}, which no alarm reads`);
  return {
    scenario,
    notifications: result.notifications,
    suppressed: result.suppressed,
    rollbacks: [...rollbacks].map(([f, minute]) => ({ function: f.function as string, minute })),
    failures: checkExpectations(app, scenario, result),
    warnings: metricWarnings,
    replay: result,
    store: options.keepStore ? store : undefined,
  };
}

function findRollbacks(app: App, scenario: Scenario, result: ReplayResult, rollbacks: Map<Fault, number>): number {
  let found = 0;
  for (const fault of scenario.faults.filter((f) => f.kind === 'bad-deploy' && !rollbacks.has(f))) {
    const fn = app.topology.functions.find((f) => f.name === fault.function);
    if (fn === undefined)
      throw new Error(
        `${scenario.file}: bad-deploy names function ${String(fault.function)}, which the app does not have`,
      );
    const minute = firstMinuteIn(result, fn.deployment?.rollbackAlarms ?? [], 'ALARM', fault.from, fault.to);
    // CodeDeploy polls the alarms and shifts traffic back within about a minute.
    if (minute !== undefined) {
      rollbacks.set(fault, minute + 1);
      found++;
    }
  }
  return found;
}

/** The first scenario minute in [from, to] at which one of the alarms is in a state. */
export function firstMinuteIn(
  result: ReplayResult,
  alarms: readonly string[],
  state: string,
  from: number,
  to: number,
): number | undefined {
  const states = alarms.map((name) => scenarioStates(result, name));
  for (let minute = from; minute <= to; minute++) {
    if (states.some((s) => s[minute] === state)) return minute;
  }
  return undefined;
}

function checkExpectationNames(app: App, scenario: Scenario, byName: Map<string, AlarmDefinition>): void {
  const { notify, states, silent } = scenario.expect;
  const named = [...notify, ...states, ...scenario.expect.explained]
    .map((e) => e.alarm)
    .concat(silent.filter((s) => s !== '*'));
  for (const id of named) {
    if (!byName.has(app.prefix + id))
      throw new Error(
        `${scenario.file}: expect names alarm ${id}, which is not an alarm of the app (${app.prefix}${id})`,
      );
  }
}

function checkExpectations(app: App, scenario: Scenario, result: ReplayResult): string[] {
  const failures: string[] = [];
  const { notify, states, silent, maxNotifications } = scenario.expect;
  for (const e of notify) {
    const hit = result.notifications.some(
      (n) =>
        n.alarm === app.prefix + e.alarm &&
        n.state === e.state &&
        n.minute >= e.after &&
        n.minute <= e.after + e.within,
    );
    if (!hit) {
      const got = result.notifications
        .filter((n) => n.alarm === app.prefix + e.alarm)
        .map((n) => `${n.state}@${n.minute}`);
      failures.push(
        `${e.alarm} did not notify ${e.state} within ${e.within} min after minute ${e.after} (got: ${got.join(', ') || 'nothing'})`,
      );
    }
  }
  for (const e of states) {
    if (firstMinuteIn(result, [app.prefix + e.alarm], e.state, e.after, e.after + e.within) === undefined) {
      failures.push(`${e.alarm} was not in ${e.state} within ${e.within} min after minute ${e.after}`);
    }
  }
  const expected = new Set([...notify, ...scenario.expect.explained].map((e) => app.prefix + e.alarm));
  const mustStaySilent = silent.includes('*')
    ? app.alarms.filter((a) => isNotifying(a) && !expected.has(a.name)).map((a) => a.name)
    : silent.map((id) => app.prefix + id).filter((name) => !expected.has(name));
  for (const name of mustStaySilent) {
    const got = result.notifications.filter((n) => n.alarm === name);
    if (got.length > 0)
      failures.push(
        `${alarmId(app, name)} must stay silent but notified ${got.map((n) => `${n.state}@${n.minute}`).join(', ')}`,
      );
  }
  for (const [severity, max] of Object.entries(maxNotifications)) {
    const count = result.notifications.filter((n) => n.severity === severity).length;
    if (count > max) failures.push(`${count} ${severity} notifications, more than the ${max} allowed`);
  }
  return failures;
}
