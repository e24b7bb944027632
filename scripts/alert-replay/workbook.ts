/**
 * The SLO burn-rate tiers against the Google SRE workbook, chapter 5 "Alerting on SLOs"
 * (https://sre.google/workbook/alerting-on-slos/): detection and reset times from the workbook's own formulas, side
 * by side with what the replay measures at a range of error rates.
 *
 * - Detection: "the time taken for an alert to fire is: (1 − SLO) / error ratio × alerting window size × burn rate",
 *   i.e. threshold / error ratio × long window (never, when the error ratio is below the threshold).
 * - Reset (multiwindow): the alert "stops firing" when the short window's average drops below the threshold after
 *   the errors stop: short window × (1 − threshold / error ratio).
 */
import { AlarmDefinition, MetricAlarmDefinition } from './alarm-model';
import { parseRule, ruleAlarms } from './composite-rule';
import { App, firstMinuteIn, runScenario } from './replay-runner';
import { parseScenario } from './scenario';

export const WORKBOOK_ERROR_RATES = [1, 0.1, 0.02, 0.01, 0.005, 0.001] as const;

export interface Tier {
  readonly slo: string;
  readonly tier: string;
  readonly alarm: string;
  readonly threshold: number;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
}

export interface WorkbookRow {
  readonly errorRate: number;
  readonly tier: Tier;
  /** Minutes; undefined: never. */
  readonly workbookDetection?: number;
  readonly workbookReset?: number;
  readonly replayDetection?: number;
  readonly replayReset?: number;
  /** Minutes of errors replayed. */
  readonly faultMinutes: number;
}

/** The burn-rate tiers of an SLO, read from the alarms: `api-<slo>-burn-<tier>-<severity>` composites and their windows. */
export function burnRateTiers(alarms: readonly AlarmDefinition[], prefix: string, slo: string): Tier[] {
  const byName = new Map(alarms.map((a) => [a.name, a]));
  return alarms.flatMap((alarm) => {
    const match = new RegExp(`^${prefix}api-${slo}-burn-(\\w+)-(critical|warning)$`).exec(alarm.name);
    if (match === null || alarm.kind !== 'composite') return [];
    const windows = ruleAlarms(parseRule(alarm.rule)).map((name) => byName.get(name) as MetricAlarmDefinition);
    const span = (w: MetricAlarmDefinition) => w.periodMinutes * w.evaluationPeriods;
    const [long, short] = [...windows].sort((a, b) => span(b) - span(a));
    return [
      {
        slo,
        tier: match[1],
        alarm: alarm.name,
        threshold: long.threshold as number,
        longWindowMinutes: span(long),
        shortWindowMinutes: span(short),
      },
    ];
  });
}

export function workbookDetection(tier: Tier, errorRate: number): number | undefined {
  return errorRate < tier.threshold ? undefined : (tier.threshold / errorRate) * tier.longWindowMinutes;
}

export function workbookReset(tier: Tier, errorRate: number): number | undefined {
  return errorRate < tier.threshold ? undefined : tier.shortWindowMinutes * (1 - tier.threshold / errorRate);
}

/**
 * Replays the availability SLO at each error rate: errors (500s on every route) long enough for the slowest tier
 * that can see them to fire, then a day without; detection is the first minute the tier's composite is in ALARM
 * (whether or not a faster tier suppresses its notification), reset the first minute it is OK after the errors stop.
 */
export function compareWithWorkbook(app: App, rates: readonly number[] = WORKBOOK_ERROR_RATES): WorkbookRow[] {
  const tiers = burnRateTiers(app.alarms, app.prefix, 'availability');
  return rates.flatMap((errorRate) => {
    // Errors last until the slowest tier that can see them has had half as long again to fire, then stop; the
    // scenario goes on for the longest short window (6 h) and an hour, in which every tier resets.
    const reachable = tiers.map((t) => workbookDetection(t, errorRate) ?? 0);
    const faultMinutes = Math.min(3.5 * 1440, Math.max(120, Math.ceil(Math.max(...reachable) * 1.5 + 120)));
    const settle = Math.max(...tiers.map((t) => t.shortWindowMinutes)) + 60;
    const start = 60;
    const scenario = parseScenario(
      {
        title: `${errorRate * 100}% errors`,
        description: 'Workbook comparison',
        durationMinutes: start + faultMinutes + settle,
        faults: [{ kind: 'errors', from: start, to: start + faultMinutes, ratio: errorRate }],
      },
      `workbook-${errorRate}`,
    );
    const result = runScenario(app, scenario).replay;
    return tiers.map((tier) => {
      const detected = firstMinuteIn(result, [tier.alarm], 'ALARM', start, start + faultMinutes);
      const reset =
        detected === undefined
          ? undefined
          : firstMinuteIn(result, [tier.alarm], 'OK', start + faultMinutes, scenario.durationMinutes);
      return {
        errorRate,
        tier,
        workbookDetection: workbookDetection(tier, errorRate),
        workbookReset: workbookReset(tier, errorRate),
        replayDetection: detected === undefined ? undefined : detected - start,
        replayReset: reset === undefined ? undefined : reset - (start + faultMinutes),
        faultMinutes,
      };
    });
  });
}
