import * as fs from 'node:fs';
import * as path from 'node:path';
import { referenceDoc } from './reference';
import { coverage, jsonReport, markdownReport, scenarioChart } from './report';
import { runInWorkers, Task } from './parallel';
import { App, loadApp, ScenarioResult } from './replay-runner';
import { gameDayScenarios } from './game-days';
import { loadScenario, Scenario } from './scenario';
import { WORKBOOK_ERROR_RATES, WorkbookRow } from './workbook';

export const SCENARIO_DIRECTORY = path.join(__dirname, 'scenarios');

export interface SuiteRun {
  readonly app: App;
  readonly results: ScenarioResult[];
  readonly workbook: WorkbookRow[];
  readonly json: unknown;
  /** The report: file name → content (README.md and one SVG per scenario). */
  readonly files: Map<string, string>;
  /** Failed expectations; for the whole suite also alarms never evaluated and notifying alarms that never fired. */
  readonly problems: string[];
  readonly warnings: string[];
}

/** The suite: every scenario file, then the game days of the chaos stack. */
export function suiteScenarios(): Scenario[] {
  const files = fs
    .readdirSync(SCENARIO_DIRECTORY)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return [...files.map((f) => loadScenario(path.join(SCENARIO_DIRECTORY, f))), ...gameDayScenarios()];
}

/**
 * Replays scenarios against the app in a cloud assembly, on worker threads, and builds the report; `suite` adds the
 * SRE workbook comparison and the coverage checks (every alarm evaluated, every notifying alarm fired).
 */
export async function replaySuite(
  cdkOut: string,
  stage: string,
  scenarios: readonly Scenario[],
  options: { suite: boolean; progress?: (line: string) => void },
): Promise<SuiteRun> {
  const app = loadApp(cdkOut, stage);
  const tasks: Task[] = [
    ...scenarios.map((scenario) => ({ kind: 'scenario' as const, scenario })),
    ...(options.suite ? WORKBOOK_ERROR_RATES.map((errorRate) => ({ kind: 'workbook' as const, errorRate })) : []),
  ];
  const done = await runInWorkers(cdkOut, stage, tasks, options.progress ?? (() => undefined));
  const results = done.flatMap((d) => (d.scenario === undefined ? [] : [d.scenario]));
  const workbook = done.flatMap((d) => d.workbook ?? []);
  const problems = results.flatMap((r) => r.failures.map((f) => `${r.scenario.name}: ${f}`));
  if (options.suite) {
    for (const c of coverage(app, results)) {
      if (!c.evaluated) problems.push(`${c.name} is never evaluated: no scenario produces the metrics it reads`);
      else if (c.notifying && c.firedIn.length === 0) problems.push(`${c.name} notifies but fires in no scenario`);
    }
  }
  const report = new Map<string, string>([['README.md', markdownReport(app, results, workbook, referenceDoc())]]);
  for (const result of results) report.set(`${result.scenario.name}.svg`, scenarioChart(app, result));
  return {
    app,
    results,
    workbook,
    json: jsonReport(app, results, workbook),
    files: report,
    problems,
    warnings: results.flatMap((r) => r.warnings),
  };
}

/** Writes the report into a directory, removing charts of scenarios that no longer exist. */
export function writeReport(directory: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(directory, { recursive: true });
  for (const existing of fs.readdirSync(directory)) {
    if (existing.endsWith('.svg') && !files.has(existing)) fs.rmSync(path.join(directory, existing));
  }
  for (const [name, content] of files) fs.writeFileSync(path.join(directory, name), content);
}
