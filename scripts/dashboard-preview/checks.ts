import { STAGES } from '../../lib/config/stage-config';
import { ScenarioResult } from '../alert-replay/replay-runner';
import { Dashboard, Widget } from './dashboards';
import { unitOf } from './units';
import { widgetData } from './widget-data';

/** One thing a reviewer should see fixed before a dashboard ships. */
export interface Finding {
  readonly dashboard: string;
  readonly widget?: string;
  readonly check: 'layout' | 'dead-widget' | 'mixed-units' | 'too-many-series' | 'cloudwatch-limit' | 'stage';
  readonly message: string;
}

/** More lines than this on one graph and a person cannot tell them apart (ten distinct colours). */
export const MAX_SERIES_PER_GRAPH = 10;

/**
 * CloudWatch's limits on a dashboard ("CloudWatch service quotas", Dashboards:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). The archived guide says "Up to
 * 100 metrics per dashboard widget. Up to 500 metrics per dashboard, across all widgets", counting the metrics metric
 * math reads even when not shown; newer copies quote 500 and 2,500. The preview holds the stricter figures.
 */
export const CLOUDWATCH_LIMITS = { metricsPerWidget: 100, metricsPerDashboard: 500 } as const;

const label = (w: Widget) => `widget ${w.index}${w.title ? ` "${w.title}"` : ''}`;

/** Layout, units, readability, limits and names: everything checkable without data. */
export function staticChecks(dashboard: Dashboard, stage: string): Finding[] {
  const findings: Finding[] = [];
  const add = (check: Finding['check'], message: string, widget?: Widget) =>
    findings.push({ dashboard: dashboard.name, widget: widget && label(widget), check, message });
  const { widgets } = dashboard;
  for (const w of widgets) {
    if (w.x < 0 || w.width < 1 || w.x + w.width > 24)
      add('layout', `spans columns ${w.x}–${w.x + w.width}, outside the 24-column grid`, w);
  }
  for (let i = 0; i < widgets.length; i++) {
    for (let j = i + 1; j < widgets.length; j++) {
      const [a, b] = [widgets[i], widgets[j]];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
        add('layout', `overlaps ${label(b)}`, a);
      }
    }
  }
  for (const w of widgets.filter((x) => x.type === 'metric')) {
    for (const axis of ['left', 'right'] as const) {
      const units = new Set(w.rows.filter((r) => r.visible && r.axis === axis).flatMap((r) => unitOf(r) ?? []));
      if (units.size > 1) add('mixed-units', `the ${axis} axis mixes ${[...units].sort().join(' and ')}`, w);
    }
    const visible = w.rows.filter((r) => r.visible).length;
    if (visible > MAX_SERIES_PER_GRAPH)
      add('too-many-series', `${visible} lines on one graph (at most ${MAX_SERIES_PER_GRAPH})`, w);
    if (w.rows.length > CLOUDWATCH_LIMITS.metricsPerWidget)
      add(
        'cloudwatch-limit',
        `${w.rows.length} metrics (CloudWatch allows ${CLOUDWATCH_LIMITS.metricsPerWidget} per widget)`,
        w,
      );
  }
  const metrics = widgets.reduce((n, w) => n + w.rows.length, 0);
  if (metrics > CLOUDWATCH_LIMITS.metricsPerDashboard)
    add(
      'cloudwatch-limit',
      `${metrics} metrics (CloudWatch allows ${CLOUDWATCH_LIMITS.metricsPerDashboard} per dashboard)`,
    );
  // Stage-safe: the dashboard's name carries its stage and nothing on it names another stage's resources.
  if (!dashboard.name.includes(`-${stage}-`)) add('stage', `the name does not carry the stage "${stage}"`);
  for (const other of STAGES.filter((s) => s !== stage)) {
    for (const w of widgets) {
      if (JSON.stringify(w.properties).includes(`-${other}-`))
        add('stage', `names a resource of the ${other} stage`, w);
    }
  }
  return findings;
}

/** A metric widget none of whose lines has a data point in any scenario shows an empty graph: a dead widget. */
export function deadWidgets(dashboard: Dashboard, results: readonly ScenarioResult[]): Finding[] {
  return dashboard.widgets
    .filter((w) => w.type === 'metric')
    .filter((w) => {
      const data = results.map((r) => widgetData(w, r));
      const offlineOnly = data.every((rows) => rows.every((d) => d.offline !== undefined));
      return !offlineOnly && data.every((rows) => rows.every((d) => d.points.length === 0));
    })
    .map((w) => ({
      dashboard: dashboard.name,
      widget: label(w),
      check: 'dead-widget' as const,
      message: `no data in any scenario (${results.map((r) => r.scenario.name).join(', ')})`,
    }));
}
