import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { CloudAssembly } from '../alert-replay/cloud-assembly';
import { metricKey } from '../alert-replay/alarm-model';
import { loadApp, runScenario, ScenarioResult } from '../alert-replay/replay-runner';
import { loadScenario, parseScenario, Scenario } from '../alert-replay/scenario';
import { needsSamples } from '../alert-replay/statistics';
import { SCENARIO_DIRECTORY } from '../alert-replay/suite';
import { diffDashboard } from './baseline';
import { deadWidgets, Finding, staticChecks } from './checks';
import { Dashboard, readDashboards } from './dashboards';
import { COLUMN_PX, renderDashboard, ROW_PX } from './render-html';

/** The scenarios a preview renders by name; anything else is a scenario file. */
export const NAMED_SCENARIOS: Readonly<Record<string, () => Scenario>> = {
  quiet: () =>
    parseScenario(
      {
        title: 'A quiet day at prod default volumes',
        description: 'Baseline traffic, no fault.',
        durationMinutes: 1440,
        startHourUtc: 0,
        historyDays: 3,
      },
      'quiet',
      'quiet',
    ),
  outage: () => ({ ...loadScenario(path.join(SCENARIO_DIRECTORY, '02-full-outage.json')), name: 'outage' }),
};

/** Besides the rendered scenarios, the dead-widget check also looks at the storm, where errors and throttles happen. */
const ALSO_CHECKED = path.join(SCENARIO_DIRECTORY, '12-alert-storm.json');

export interface Preview {
  readonly dashboards: Dashboard[];
  readonly results: ScenarioResult[];
  /** File name → HTML, one page per dashboard and scenario. */
  readonly pages: Map<string, string>;
  /** File name → pixel size of the page, for the screenshot. */
  readonly sizes: Map<string, { width: number; height: number }>;
  readonly findings: Finding[];
}

export function resolveScenario(name: string): Scenario {
  const named = NAMED_SCENARIOS[name];
  return named === undefined ? loadScenario(name) : named();
}

/** Renders every dashboard of a synth output in each scenario, diffed against a baseline synth output if given. */
export function runPreview(
  cdkOut: string,
  stage: string,
  scenarios: readonly Scenario[],
  baselineOut?: string,
): Preview {
  const dashboards = readDashboards(CloudAssembly.load(cdkOut));
  const baseline = baselineOut === undefined ? undefined : readDashboards(CloudAssembly.load(baselineOut));
  const app = loadApp(cdkOut, stage);
  const sampleKeys = new Set(
    dashboards.flatMap((d) =>
      d.widgets.flatMap((w) =>
        w.rows.flatMap((r) => (r.metric && r.statistic && needsSamples(r.statistic) ? [metricKey(r.metric)] : [])),
      ),
    ),
  );
  const run = (scenario: Scenario) => runScenario(app, scenario, { sampleKeys, keepStore: true });
  const results = scenarios.map(run);
  const checked = [...results, run(loadScenario(ALSO_CHECKED))];
  const pages = new Map<string, string>();
  const sizes = new Map<string, { width: number; height: number }>();
  for (const dashboard of dashboards) {
    const diff =
      baseline === undefined
        ? undefined
        : diffDashboard(
            dashboard,
            baseline.find((b) => b.name === dashboard.name),
          );
    const rows = Math.max(...dashboard.widgets.map((w) => w.y + w.height), 1);
    for (const result of results) {
      const file = `${dashboard.name}-${result.scenario.name}.html`;
      pages.set(file, renderDashboard(dashboard, result, diff?.changes, diff?.removed));
      sizes.set(file, {
        width: 24 * COLUMN_PX + 32,
        height: rows * ROW_PX + 80 + (diff?.removed.length ? 40 + 18 * diff.removed.length : 0),
      });
    }
  }
  const findings = dashboards.flatMap((d) => [...staticChecks(d, stage), ...deadWidgets(d, checked)]);
  return { dashboards, results, pages, sizes, findings };
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
