import { CloudAssembly } from '../alert-replay/cloud-assembly';
import { diffDashboard } from '../dashboard-preview/baseline';
import { Dashboard, readDashboards, Widget } from '../dashboard-preview/dashboards';

export interface DashboardChange {
  readonly dashboard: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** Widget titles (or type when untitled). */
  readonly widgetsAdded: string[];
  readonly widgetsChanged: string[];
  /** Widgets that only moved or resized (e.g. pushed down by a new one), counted not listed. */
  readonly widgetsMoved: number;
  readonly widgetsRemoved: string[];
}

const title = (w: Widget) =>
  w.title ||
  (typeof w.properties.markdown === 'string' ? w.properties.markdown.split('\n')[0] : `(untitled ${w.type} widget)`);
const sameContent = (a: Widget, b: Widget | undefined) =>
  JSON.stringify(a.properties) === JSON.stringify(b?.properties);

/** Dashboards and widgets that differ, by the preview's own comparison (widgets matched by type and title). */
export function compareDashboards(base: readonly Dashboard[], head: readonly Dashboard[]): DashboardChange[] {
  const changes: DashboardChange[] = [];
  for (const dashboard of head) {
    const old = base.find((b) => b.name === dashboard.name);
    const diff = diffDashboard(dashboard, old);
    const of = (kind: 'added' | 'changed') => dashboard.widgets.filter((w) => diff.changes.get(w.index) === kind);
    // The preview marks a widget changed when it moved too; the review lists only content changes.
    const counterpart = (w: Widget) => old?.widgets.find((o) => o.type === w.type && title(o) === title(w));
    const changed = of('changed');
    const change: DashboardChange = {
      dashboard: dashboard.name,
      status: old === undefined ? 'added' : 'changed',
      widgetsAdded: old === undefined ? [] : of('added').map(title),
      widgetsChanged: changed.filter((w) => !sameContent(w, counterpart(w))).map(title),
      widgetsMoved: changed.filter((w) => sameContent(w, counterpart(w))).length,
      widgetsRemoved: diff.removed.map(title),
    };
    if (
      old === undefined ||
      change.widgetsAdded.length + change.widgetsChanged.length + change.widgetsRemoved.length > 0
    ) {
      changes.push(change);
    }
  }
  for (const gone of base.filter((b) => !head.some((h) => h.name === b.name))) {
    changes.push({
      dashboard: gone.name,
      status: 'removed',
      widgetsAdded: [],
      widgetsChanged: [],
      widgetsMoved: 0,
      widgetsRemoved: [],
    });
  }
  return changes;
}

/** The dashboards of a synth output, parsed as the preview parses them. */
export function readAssemblyDashboards(cdkOut: string): Dashboard[] {
  return readDashboards(CloudAssembly.load(cdkOut));
}
