import * as fs from 'node:fs';
import * as path from 'node:path';
import { referenceDoc } from './reference';
import { coverage, jsonReport, markdownReport, scenarioChart } from './report';
import { App, runScenario, ScenarioResult } from './replay-runner';
import { loadScenario } from './scenario';
import { compareWithWorkbook, WorkbookRow } from './workbook';

export const SCENARIO_DIRECTORY = path.join(__dirname, 'scenarios');

export interface SuiteRun {
  readonly results: ScenarioResult[];
  readonly workbook: WorkbookRow[];
  readonly json: unknown;
  /** The report: file name → content (README.md and one SVG per scenario). */
  readonly files: Map<string, string>;
  /** Failed expectations; for the whole suite also alarms never evaluated and notifying alarms that never fired. */
  readonly problems: string[];
  readonly warnings: string[];
}

/** Replays scenario files against an app and builds the report; `workbook` adds the SRE workbook comparison and coverage. */
export function replaySuite(
  app: App,
  files: readonly string[],
  options: { workbook: boolean; progress?: (line: string) => void },
): SuiteRun {
  const results: ScenarioResult[] = [];
  for (const file of files) {
    const started = Date.now();
    const result = runScenario(app, loadScenario(file));
    results.push(result);
    const counts = ['critical', 'warning', 'info']
      .map((s) => `${result.notifications.filter((n) => n.severity === s).length} ${s}`)
      .join(', ');
    options.progress?.(
      `${result.failures.length === 0 ? 'ok  ' : 'FAIL'} ${result.scenario.name}: ${counts} (${Date.now() - started} ms)`,
    );
  }
  const workbook = options.workbook ? compareWithWorkbook(app) : [];
  if (options.workbook) options.progress?.(`workbook comparison: ${workbook.length} rows`);
  const problems = results.flatMap((r) => r.failures.map((f) => `${r.scenario.name}: ${f}`));
  if (options.workbook) {
    for (const c of coverage(app, results)) {
      if (!c.evaluated) problems.push(`${c.name} is never evaluated: no scenario produces the metrics it reads`);
      else if (c.notifying && c.firedIn.length === 0) problems.push(`${c.name} notifies but fires in no scenario`);
    }
  }
  const report = new Map<string, string>([['README.md', markdownReport(app, results, workbook, referenceDoc())]]);
  for (const result of results) report.set(`${result.scenario.name}.svg`, scenarioChart(app, result));
  return {
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
