import { ScenarioResult } from '../alert-replay/replay-runner';
import { Dashboard, Widget } from './dashboards';
import { unitOf, unitSuffix } from './units';
import { alarmStates, RowData, widgetData } from './widget-data';

/** Pixels per grid column (24 across) and per height unit: close to the console at 1280 px wide. */
export const COLUMN_PX = 52;
export const ROW_PX = 40;
const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const STATE_COLORS: Record<string, string> = {
  ALARM: '#d13212',
  OK: '#1d8102',
  INSUFFICIENT_DATA: '#879596',
  unknown: '#879596',
};

export type Change = 'added' | 'changed';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string =>
  Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toPrecision(3);

/**
 * One self-contained HTML page for a dashboard in a scenario: the widgets on the 24-column grid, metric widgets with
 * the replayed data (lines per axis, threshold annotations, legend with statistic, period and unit), alarm widgets
 * with each alarm's state at the end, text as Markdown, and Logs Insights widgets as their query, labelled.
 */
export function renderDashboard(
  dashboard: Dashboard,
  result: ScenarioResult,
  changes: ReadonlyMap<number, Change> = new Map(),
  removed: readonly Widget[] = [],
): string {
  const rows = Math.max(...dashboard.widgets.map((w) => w.y + w.height), 1);
  const body = dashboard.widgets.map((w) => widgetHtml(w, result, changes.get(w.index))).join('\n');
  const removedList =
    removed.length === 0
      ? ''
      : `<section class="removed"><h2>Removed since the baseline</h2><ul>${removed.map((w) => `<li>${escape(w.title || w.type)} (${w.type}, x ${w.x}, y ${w.y})</li>`).join('')}</ul></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(dashboard.name)} — ${escape(result.scenario.name)}</title>
<style>
body{margin:0;font:12px/1.35 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#16191f;background:#f2f3f3}
header{padding:10px 16px;background:#232f3e;color:#fff}header h1{font-size:16px;margin:0}header p{margin:2px 0 0;color:#d5dbdb}
.grid{position:relative;margin:12px 16px;width:${24 * COLUMN_PX}px;height:${rows * ROW_PX}px}
.w{position:absolute;box-sizing:border-box;background:#fff;border:1px solid #d5dbdb;border-radius:2px;padding:6px 8px;overflow:hidden}
.w h3{margin:0 0 4px;font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.w.added{outline:3px solid #1d8102}.w.changed{outline:3px solid #ff9900}
.legend{display:flex;flex-wrap:wrap;gap:2px 10px;font-size:11px}.legend i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.note{color:#687078;font-style:italic}.offline{background:#f8f8f8}.badge{display:inline-block;min-width:64px;color:#fff;border-radius:2px;padding:0 4px;margin-right:6px;font-size:11px;text-align:center}
.value{font-size:26px;font-weight:300}.sv{display:flex;gap:18px;flex-wrap:wrap}
pre{white-space:pre-wrap;font-size:10px;background:#f8f8f8;padding:4px;margin:2px 0}.md h3{font-size:14px}.removed{margin:0 16px 16px}
.marks{float:right;font-size:11px}.marks span{margin-left:10px}
</style></head><body>
<header><h1>${escape(dashboard.name)}</h1><p>${escape(result.scenario.title)} — replayed offline (scripts/dashboard-preview); what CloudWatch would show at the end of the scenario${changes.size + removed.length > 0 ? '<span class="marks"><span style="color:#7fdc6a">■ added</span><span style="color:#ffb84d">■ changed</span></span>' : ''}</p></header>
<div class="grid">
${body}
</div>
${removedList}
</body></html>
`;
}

function widgetHtml(widget: Widget, result: ScenarioResult, change: Change | undefined): string {
  const style = `left:${widget.x * COLUMN_PX}px;top:${widget.y * ROW_PX}px;width:${widget.width * COLUMN_PX}px;height:${widget.height * ROW_PX}px`;
  const classes = ['w', change ?? '', widget.type === 'log' ? 'offline' : ''].filter(Boolean).join(' ');
  const title = widget.title ? `<h3>${escape(widget.title)}</h3>` : '';
  return `<div class="${classes}" style="${style}" data-widget="${widget.index}">${title}${content(widget, result)}</div>`;
}

function content(widget: Widget, result: ScenarioResult): string {
  switch (widget.type) {
    case 'text':
      return `<div class="md">${markdown(String(widget.properties.markdown ?? ''))}</div>`;
    case 'log': {
      const query = String(widget.properties.query ?? '');
      const groups = [...query.matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]);
      const text = query.replace(/SOURCE '[^']+' \| ?/g, '').trim();
      return `<p class="note">Logs Insights query — its results cannot be computed offline. Log groups: ${escape(groups.join(', '))}</p><pre>${escape(text)}</pre>`;
    }
    case 'alarm':
      return alarmStates(widget, result)
        .map(
          (a) =>
            `<div><span class="badge" style="background:${STATE_COLORS[a.state]}">${a.state === 'INSUFFICIENT_DATA' ? 'INSUFFICIENT' : a.state}</span>${escape(a.name)}</div>`,
        )
        .join('');
    case 'metric':
      return metricWidget(widget, widgetData(widget, result), result.scenario.durationMinutes);
  }
}

function metricWidget(widget: Widget, data: RowData[], minutes: number): string {
  const legend = `<div class="legend">${data
    .map((d, i) => {
      const statistic = d.row.statistic?.text ?? 'expression';
      const what = `${escape(d.row.label)} <span class="note">${statistic} · ${d.row.periodMinutes} min${unitSuffix(unitOf(d.row))}${d.row.axis === 'right' ? ' · right axis' : ''}</span>`;
      return `<span><i style="background:${COLORS[i % COLORS.length]}"></i>${what}</span>`;
    })
    .join('')}</div>`;
  const offline = data.filter((d) => d.offline !== undefined);
  const notes = offline
    .map(
      (d) =>
        `<p class="note">${escape(d.row.label)}: not available offline (${escape(d.offline!)}): <code>${escape(d.row.expression ?? '')}</code></p>`,
    )
    .join('');
  const empty =
    data.every((d) => d.points.length === 0) && offline.length < data.length
      ? '<p class="note">No data in this scenario.</p>'
      : '';
  if (widget.properties.view === 'singleValue') {
    const values = data
      .filter((d) => d.offline === undefined)
      .map(
        (d) =>
          `<div><div class="value">${d.points.length ? num(d.points[d.points.length - 1].value) : '—'}</div>${escape(d.row.label)}</div>`,
      )
      .join('');
    return `<div class="sv">${values}</div>${notes}`;
  }
  const width = widget.width * COLUMN_PX - 18;
  const height = Math.max(40, widget.height * ROW_PX - 58 - Math.ceil(data.length / 3) * 14);
  return `${chart(widget, data, minutes, width, height)}${empty}${notes}${legend}`;
}

function chart(widget: Widget, data: RowData[], minutes: number, width: number, height: number): string {
  const left = 40;
  const plot = width - left - 36;
  const axisMax = (axis: 'left' | 'right') => {
    const yAxis = ((widget.properties.yAxis as Record<string, { max?: number }> | undefined) ?? {})[axis];
    const annotations = (
      (widget.properties.annotations as { horizontal?: { value: number; yAxis?: string }[] })?.horizontal ?? []
    ).filter((a) => (a.yAxis ?? 'left') === axis);
    const values = data.filter((d) => d.row.axis === axis).flatMap((d) => d.points.map((p) => p.value));
    const max = yAxis?.max ?? Math.max(0, ...values, ...annotations.map((a) => a.value));
    return max > 0 ? max : 1;
  };
  const scale = { left: axisMax('left'), right: axisMax('right') };
  const x = (minute: number) => left + (minute / minutes) * plot;
  const y = (value: number, axis: 'left' | 'right') => height - 14 - (value / scale[axis]) * (height - 20);
  const parts = [`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`];
  parts.push(`<line x1="${left}" x2="${left + plot}" y1="${height - 14}" y2="${height - 14}" stroke="#aab7b8"/>`);
  parts.push(
    `<text x="${left - 4}" y="10" text-anchor="end" font-size="10">${num(scale.left)}</text><text x="${left - 4}" y="${height - 14}" text-anchor="end" font-size="10">0</text>`,
  );
  if (data.some((d) => d.row.axis === 'right'))
    parts.push(`<text x="${left + plot + 4}" y="10" font-size="10">${num(scale.right)}</text>`);
  for (const a of (
    widget.properties.annotations as { horizontal?: { value: number; label?: string; yAxis?: string }[] }
  )?.horizontal ?? []) {
    const ay = y(a.value, a.yAxis === 'right' ? 'right' : 'left');
    parts.push(
      `<line x1="${left}" x2="${left + plot}" y1="${ay.toFixed(1)}" y2="${ay.toFixed(1)}" stroke="#d13212" stroke-dasharray="4,3"/><text x="${left + 3}" y="${(ay - 2).toFixed(1)}" font-size="10" fill="#d13212">${escape(a.label ?? num(a.value))}</text>`,
    );
  }
  for (const label of [0, minutes / 2, minutes]) {
    const text = minutes >= 1440 ? `${num(label / 60)} h` : `${num(label)} min`;
    parts.push(`<text x="${x(label).toFixed(1)}" y="${height - 2}" text-anchor="middle" font-size="10">${text}</text>`);
  }
  data.forEach((d, i) => {
    if (d.points.length === 0) return;
    const path = d.points
      .map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.minute).toFixed(1)},${y(p.value, d.row.axis).toFixed(1)}`)
      .join('');
    parts.push(`<path d="${path}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.4"/>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The Markdown the dashboards use: headings, bold, links, numbered and bulleted lists, paragraphs. */
export function markdown(source: string): string {
  const inline = (text: string) =>
    escape(text)
      .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
  return source
    .split('\n')
    .map((line) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) return `<h3>${inline(heading[2])}</h3>`;
      const item = /^\s*(?:\d+\.|[-*])\s+(.*)$/.exec(line);
      if (item) return `<div>• ${inline(item[1])}</div>`;
      return line.trim() === '' ? '' : `<p>${inline(line)}</p>`;
    })
    .join('');
}
