import { SEVERITIES } from '../../lib/alarms/alert-topics';
import { AlarmDefinition, isNotifying, MetricAlarmDefinition, severityOf } from './alarm-model';
import { parseRule, ruleAlarms } from './composite-rule';
import { AlarmTimeline, scenarioStates } from './replay-engine';
import { alarmId, App, firstMinuteIn, ScenarioResult } from './replay-runner';
import { renderTimeline, TimelineLane } from './svg-timeline';
import { WorkbookRow } from './workbook';

/** What the replay says about each alarm across the suite. */
export interface AlarmCoverage {
  readonly name: string;
  readonly notifying: boolean;
  /** Scenarios in which it notified ALARM (a silent alarm: went into ALARM). */
  readonly firedIn: string[];
  /** False when no scenario produced every metric it reads. */
  readonly evaluated: boolean;
}

export function coverage(app: App, results: readonly ScenarioResult[]): AlarmCoverage[] {
  const byName = new Map(app.alarms.map((a) => [a.name, a]));
  const evaluatedIn = (alarm: AlarmDefinition, result: ScenarioResult): boolean =>
    alarm.kind === 'metric'
      ? (result.replay.timelines.get(alarm.name) as AlarmTimeline).unproduced.length === 0
      : ruleAlarms(parseRule(alarm.rule)).some((child) => evaluatedIn(byName.get(child) as AlarmDefinition, result));
  return app.alarms.map((alarm) => ({
    name: alarm.name,
    notifying: isNotifying(alarm),
    firedIn: results
      .filter((r) =>
        isNotifying(alarm)
          ? r.notifications.some((n) => n.alarm === alarm.name && n.state === 'ALARM')
          : startedAlarmIn(r, alarm.name),
      )
      .map((r) => r.scenario.name),
    evaluated: results.some((r) => evaluatedIn(alarm, r)),
  }));
}

function startedAlarmIn(result: ScenarioResult, name: string): boolean {
  return scenarioStates(result.replay, name).includes('ALARM');
}

/** The `--json` document. */
export function jsonReport(app: App, results: readonly ScenarioResult[], workbook: readonly WorkbookRow[]): unknown {
  const id = (name: string) => alarmId(app, name);
  return {
    stage: app.stage,
    scenarios: results.map((r) => ({
      name: r.scenario.name,
      title: r.scenario.title,
      notifications: r.notifications,
      suppressed: r.suppressed,
      rollbacks: r.rollbacks,
      expectations: { passed: r.failures.length === 0, failures: r.failures },
    })),
    alarms: coverage(app, results).map((c) => ({ ...c, id: id(c.name) })),
    workbook: workbook.map((w) => ({
      errorRate: w.errorRate,
      alarm: w.tier.alarm,
      workbookDetectionMinutes: w.workbookDetection ?? null,
      replayDetectionMinutes: w.replayDetection ?? null,
      workbookResetMinutes: w.workbookReset ?? null,
      replayResetMinutes: w.replayReset ?? null,
    })),
  };
}

/** The SVG timeline of one scenario: the alarms it expects and the ones that notified, four lanes at most. */
export function scenarioChart(app: App, result: ScenarioResult): string {
  const { scenario, replay } = result;
  const named = [
    ...scenario.expect.notify.map((e) => app.prefix + e.alarm),
    ...scenario.expect.states.map((e) => app.prefix + e.alarm),
    ...result.notifications.map((n) => n.alarm),
  ];
  const lanesFor = [...new Set(named)].slice(0, 4);
  const start = replay.clock.scenarioStart;
  const window = (values: ArrayLike<number>) =>
    Array.from({ length: scenario.durationMinutes }, (_, m) => values[start + m]);
  const byName = new Map(app.alarms.map((a) => [a.name, a]));
  const lanes: TimelineLane[] = lanesFor.map((name) => {
    const alarm = byName.get(name) as AlarmDefinition;
    const timeline = replay.timelines.get(name) as AlarmTimeline;
    const sources: MetricAlarmDefinition[] =
      alarm.kind === 'metric'
        ? [alarm]
        : ruleAlarms(parseRule(alarm.rule))
            .map((c) => byName.get(c))
            .filter((c): c is MetricAlarmDefinition => c?.kind === 'metric')
            .slice(0, 2);
    const markers = [
      ...result.notifications.filter((n) => n.alarm === name).map((n) => ({ minute: n.minute, kind: n.state })),
      ...result.suppressed
        .filter((s) => s.alarm === name)
        .map((s) => ({ minute: s.minute, kind: 'suppressed' as const })),
    ];
    const band = sources.length === 1 ? (replay.timelines.get(sources[0].name) as AlarmTimeline).band : undefined;
    return {
      title: `${alarmId(app, name)}${timeline.approximate ? ' (approximate)' : ''}`,
      series: sources.map((s) => ({
        label: alarmId(app, s.name).replace(alarmId(app, name).replace(/-(critical|warning|info)$/, ''), '…'),
        values: window((replay.timelines.get(s.name) as AlarmTimeline).values as Float64Array),
      })),
      threshold: sources[0]?.threshold,
      downsample: sources[0]?.comparison.startsWith('LessThan') ? 'min' : 'max',
      band: band === undefined ? undefined : { lower: window(band.lower), upper: window(band.upper) },
      states: scenarioStates(replay, name).slice(0, scenario.durationMinutes),
      markers,
    };
  });
  return renderTimeline({
    title: `${scenario.name}: ${scenario.title}`,
    minutes: scenario.durationMinutes,
    faults: scenario.faults.map((f) => ({ from: f.from, to: f.to, label: f.kind })),
    lanes,
  });
}

const minutes = (m: number | undefined): string => {
  if (m === undefined) return 'never';
  const rounded = Math.round(m * 10) / 10;
  if (rounded < 120) return `${rounded} min`;
  if (rounded < 2880) return `${Math.round((rounded / 60) * 10) / 10} h`;
  return `${Math.round((rounded / 1440) * 10) / 10} d`;
};

/** The Markdown report: summary, workbook comparison, coverage, then each scenario with its chart. */
export function markdownReport(
  app: App,
  results: readonly ScenarioResult[],
  workbook: readonly WorkbookRow[],
  formatDoc: string,
): string {
  const id = (name: string) => alarmId(app, name);
  const lines: string[] = [
    `# Alert replay: every alarm of the ${app.stage} app, evaluated against scenarios`,
    '',
    `Generated by \`npm run alerts:replay\` from the synthesized \`${app.stage}\` templates: ${app.alarms.length} alarms ` +
      `(${app.alarms.filter(isNotifying).length} notify a topic). Do not edit: \`test/scripts/alert-replay/report.test.ts\` fails when this file is stale.`,
    '',
    '## Summary',
    '',
    `| scenario | ${SEVERITIES.join(' | ')} | suppressed | expectations |`,
    `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} | ---: | --- |`,
    ...results.map((r) => {
      const counts = SEVERITIES.map((s) => r.notifications.filter((n) => n.severity === s).length);
      return `| [${r.scenario.name}](#${r.scenario.name}) | ${counts.join(' | ')} | ${r.suppressed.length} | ${r.failures.length === 0 ? 'met' : `**${r.failures.length} failed**`} |`;
    }),
    '',
    "Counts are notifications per topic (ALARM and OK); suppressed: state changes a composite's actions suppressor held back.",
    '',
    '## Detection and reset against the SRE workbook',
    '',
    'Availability SLO, errors on every route at each rate until the slowest tier that can see them has fired, then none. ' +
      'Workbook: detection = threshold ÷ error rate × long window; reset = short window × (1 − threshold ÷ error rate) ' +
      "([chapter 5](https://sre.google/workbook/alerting-on-slos/)). Replay: the first minute the tier's composite is in " +
      'ALARM (notified or suppressed by a faster tier) and the first minute it is OK after the errors stop; it includes the publication delay.',
    '',
    '| errors | tier (threshold, windows) | workbook detection | replay detection | workbook reset | replay reset |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
    ...workbook.map(
      (w) =>
        `| ${w.errorRate * 100}% | ${w.tier.tier} (${w.tier.threshold * 100}%, ${minutes(w.tier.longWindowMinutes)} & ${minutes(w.tier.shortWindowMinutes)}) | ` +
        `${minutes(w.workbookDetection)} | ${minutes(w.replayDetection)} | ${w.workbookReset === undefined ? '–' : minutes(w.workbookReset)} | ${w.replayDetection === undefined ? '–' : minutes(w.replayReset)} |`,
    ),
    '',
    '## Alarm coverage',
    '',
    '| alarm | severity | fired in |',
    '| --- | --- | --- |',
    ...coverage(app, results)
      .filter((c) => c.notifying)
      .map(
        (c) =>
          `| ${id(c.name)} | ${severityOf(app.alarms.find((a) => a.name === c.name) as AlarmDefinition)} | ${c.firedIn.join(', ') || '**never**'} |`,
      ),
    '',
    ...neverEvaluated(app, results),
    '## Scenarios',
    '',
  ];
  for (const r of results) lines.push(...scenarioSection(app, r));
  lines.push(formatDoc);
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * Per fault, each alarm that went into ALARM during it: how long after the fault started it notified (or, for a
 * silent alarm, went into ALARM) and how long after the fault ended it was OK again.
 */
function detectionTable(app: App, r: ScenarioResult): string[] {
  const rows: string[] = [];
  const end = r.scenario.durationMinutes;
  for (const fault of r.scenario.faults) {
    for (const [name, timeline] of r.replay.timelines) {
      const first = r.notifications.find(
        (n) => n.alarm === name && n.state === 'ALARM' && n.minute >= fault.from && n.minute <= fault.to,
      );
      const silentAlarm =
        timeline.alarm.alarmSeverities.length === 0 &&
        r.scenario.expect.states.some((e) => app.prefix + e.alarm === name);
      const detected =
        first?.minute ?? (silentAlarm ? firstMinuteIn(r.replay, [name], 'ALARM', fault.from, fault.to) : undefined);
      if (detected === undefined) continue;
      const ok = firstMinuteIn(r.replay, [name], 'OK', Math.max(detected, fault.to), end - 1);
      const reset = ok === undefined ? 'not within the scenario' : `${ok - fault.to} min`;
      rows.push(
        `| ${fault.kind} (${fault.from}–${fault.to}) | ${alarmId(app, name)} | ${detected - fault.from} min | ${reset} |`,
      );
    }
  }
  if (rows.length === 0) return [];
  return [
    '| fault (minutes) | alarm | notified after the fault began | OK after the fault ended |',
    '| --- | --- | ---: | ---: |',
    ...rows,
    '',
  ];
}

function neverEvaluated(app: App, results: readonly ScenarioResult[]): string[] {
  const missing = coverage(app, results).filter((c) => !c.evaluated);
  if (missing.length === 0) return ['Every alarm was evaluated on data in at least one scenario.', ''];
  return ['**Never evaluated** (no scenario produces their metrics):', '', ...missing.map((c) => `- ${c.name}`), ''];
}

function scenarioSection(app: App, r: ScenarioResult): string[] {
  const id = (name: string) => alarmId(app, name);
  const s = r.scenario;
  const lines = [
    `### ${s.name}`,
    '',
    `**${s.title}** (${minutes(s.durationMinutes)}). ${s.description}`,
    '',
    `![${s.name} timeline](${s.name}.svg)`,
    '',
  ];
  if (r.notifications.length === 0) lines.push('No notification.', '');
  else {
    lines.push('| minute | alarm | severity | state |', '| ---: | --- | --- | --- |');
    const shown = r.notifications.slice(0, 40);
    for (const n of shown)
      lines.push(
        `| ${n.minute} | ${id(n.alarm)}${n.approximate ? ' (approximate)' : ''} | ${n.severity} | ${n.state} |`,
      );
    if (r.notifications.length > shown.length) lines.push(`| … | ${r.notifications.length - shown.length} more | | |`);
    lines.push('');
  }
  lines.push(...detectionTable(app, r));
  if (r.suppressed.length > 0)
    lines.push(
      `Suppressed: ${r.suppressed.map((x) => `${id(x.alarm)} at ${x.minute} (by ${id(x.by)})`).join('; ')}.`,
      '',
    );
  for (const rollback of r.rollbacks)
    lines.push(`CodeDeploy rolled ${rollback.function} back at minute ${rollback.minute}.`, '');
  for (const e of s.expect.explained) lines.push(`- ${e.alarm}: ${e.why}`);
  if (s.expect.explained.length > 0) lines.push('');
  lines.push(r.failures.length === 0 ? 'Expectations met.' : `**Expectations failed:** ${r.failures.join('; ')}.`, '');
  return lines;
}
