import { Dashboard, Widget } from './dashboards';
import { Change } from './render-html';

/** How a dashboard differs from the same dashboard in another synth output, widget by widget (matched by title). */
export interface DashboardDiff {
  readonly changes: Map<number, Change>;
  readonly removed: Widget[];
}

const keyOf = (w: Widget) => `${w.type}:${w.title || JSON.stringify(w.properties)}`;
const shapeOf = (w: Widget) =>
  JSON.stringify({ x: w.x, y: w.y, width: w.width, height: w.height, properties: w.properties });

export function diffDashboard(current: Dashboard, baseline: Dashboard | undefined): DashboardDiff {
  const changes = new Map<number, Change>();
  if (baseline === undefined) {
    for (const w of current.widgets) changes.set(w.index, 'added');
    return { changes, removed: [] };
  }
  const before = new Map(baseline.widgets.map((w) => [keyOf(w), w]));
  for (const w of current.widgets) {
    const old = before.get(keyOf(w));
    if (old === undefined) changes.set(w.index, 'added');
    else if (shapeOf(old) !== shapeOf(w)) changes.set(w.index, 'changed');
    before.delete(keyOf(w));
  }
  return { changes, removed: [...before.values()] };
}
