/**
 * A scenario's timeline as SVG: one lane per alarm with the value it compares (and its threshold or band), its state
 * as background bands, its notifications as markers, and the scenario's faults shaded across every lane.
 * Deterministic output (fixed number formatting), so the committed report can be checked for staleness.
 */
export interface TimelineLane {
  readonly title: string;
  readonly series: readonly { readonly label: string; readonly values: ArrayLike<number> }[];
  readonly threshold?: number;
  readonly band?: { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> };
  readonly states: ArrayLike<string>;
  /** How a pixel column shows the minutes it covers: their highest value, or their lowest (alarms on "below"). */
  readonly downsample: 'max' | 'min';
  readonly markers: readonly { readonly minute: number; readonly kind: 'ALARM' | 'OK' | 'suppressed' }[];
}

export interface TimelineChart {
  readonly title: string;
  readonly minutes: number;
  readonly faults: readonly { readonly from: number; readonly to: number; readonly label: string }[];
  readonly lanes: readonly TimelineLane[];
}

const WIDTH = 960;
const LEFT = 24;
const PLOT = WIDTH - LEFT - 24;
const LANE = 96;
const TOP = 44;
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c'];

const f = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderTimeline(chart: TimelineChart): string {
  const height = TOP + chart.lanes.length * LANE + 28;
  const x = (minute: number) => LEFT + (minute / chart.minutes) * PLOT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="bold">${escape(chart.title)}</text>`,
  ];
  // Faults over the same minutes share one band and one label.
  const bands = new Map<string, { from: number; to: number; labels: string[] }>();
  for (const fault of chart.faults) {
    const key = `${fault.from}-${fault.to}`;
    const band = bands.get(key) ?? { from: fault.from, to: fault.to, labels: [] };
    band.labels.push(fault.label);
    bands.set(key, band);
  }
  [...bands.values()].forEach((band, i) => {
    parts.push(
      `<rect x="${f(x(band.from))}" y="${TOP - 14}" width="${f(Math.max(1, x(band.to) - x(band.from)))}" height="${chart.lanes.length * LANE + 14}" fill="#fdd" opacity="0.45"/>`,
      `<text x="${f(x(band.from) + 2)}" y="${TOP - 4 - (i % 2) * 11}" fill="#a00">${escape(band.labels.join(', '))}</text>`,
    );
  });
  chart.lanes.forEach((lane, index) => parts.push(...renderLane(lane, TOP + index * LANE, x, chart.minutes)));
  parts.push(...axis(chart.minutes, TOP + chart.lanes.length * LANE, x), '</svg>');
  return `${parts.join('\n')}\n`;
}

function renderLane(lane: TimelineLane, top: number, x: (minute: number) => number, minutes: number): string[] {
  const plotTop = top + 16;
  const plotHeight = LANE - 30;
  const parts = [`<text x="${LEFT}" y="${top + 11}" font-weight="bold">${escape(lane.title)}</text>`];
  // State bands: ALARM red, INSUFFICIENT_DATA grey.
  let runStart = 0;
  for (let m = 1; m <= minutes; m++) {
    if (m < minutes && lane.states[m] === lane.states[runStart]) continue;
    const state = lane.states[runStart];
    if (state === 'ALARM' || state === 'INSUFFICIENT_DATA') {
      const fill = state === 'ALARM' ? '#f4a6a6' : '#ddd';
      parts.push(
        `<rect x="${f(x(runStart))}" y="${plotTop}" width="${f(Math.max(1, x(m) - x(runStart)))}" height="${plotHeight}" fill="${fill}" opacity="0.6"/>`,
      );
    }
    runStart = m;
  }
  parts.push(`<rect x="${LEFT}" y="${plotTop}" width="${PLOT}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  const all = [...lane.series.map((s) => s.values), ...(lane.band ? [lane.band.upper] : [])];
  let max = lane.threshold ?? 0;
  for (const values of all)
    for (let m = 0; m < minutes; m++) if (Number.isFinite(values[m])) max = Math.max(max, values[m]);
  max = max > 0 ? max * 1.1 : 1;
  const y = (value: number) => plotTop + plotHeight - (value / max) * plotHeight;
  if (lane.band) {
    parts.push(`<path d="${bandPath(lane.band, x, y, minutes)}" fill="#9ecae1" opacity="0.5"/>`);
  }
  lane.series.forEach((series, i) => {
    parts.push(
      `<path d="${linePath(series.values, x, y, minutes, lane.downsample)}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.2"/>`,
    );
    parts.push(
      `<text x="${WIDTH - 10}" y="${top + 11 + i * 12}" text-anchor="end" fill="${COLORS[i % COLORS.length]}">${escape(series.label)}</text>`,
    );
  });
  if (lane.threshold !== undefined) {
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${f(y(lane.threshold))}" y2="${f(y(lane.threshold))}" stroke="#d62728" stroke-dasharray="5,3"/>`,
      `<text x="${LEFT + 3}" y="${f(y(lane.threshold) - 3)}" fill="#d62728">threshold ${escape(formatValue(lane.threshold))}</text>`,
    );
  }
  for (const marker of lane.markers) {
    const mx = x(marker.minute);
    const color = marker.kind === 'ALARM' ? '#b00' : marker.kind === 'OK' ? '#080' : '#888';
    const fill = marker.kind === 'suppressed' ? 'none' : color;
    parts.push(`<path d="M${f(mx)},${plotTop + plotHeight + 2} l-5,9 h10 z" fill="${fill}" stroke="${color}"/>`);
  }
  return parts;
}

/**
 * One point per pixel column: its maximum (or minimum), so short spikes stay visible on long timelines; `gap` marks a
 * column that follows minutes without a value (a new line starts there).
 */
function columns(
  values: ArrayLike<number>,
  x: (minute: number) => number,
  minutes: number,
  pick: 'max' | 'min',
): [number, number, boolean][] {
  const points = new Map<number, [number, number, boolean]>();
  const choose = pick === 'max' ? Math.max : Math.min;
  let previous = -2;
  for (let m = 0; m < minutes; m++) {
    const v = values[m];
    if (!Number.isFinite(v)) continue;
    const column = Math.round(x(m));
    const seen = points.get(column);
    points.set(column, seen === undefined ? [column, v, m - previous > 1] : [column, choose(seen[1], v), seen[2]]);
    previous = m;
  }
  return [...points.values()];
}

function linePath(
  values: ArrayLike<number>,
  x: (minute: number) => number,
  y: (v: number) => number,
  minutes: number,
  pick: 'max' | 'min',
): string {
  return columns(values, x, minutes, pick)
    .map(([column, value, gap]) => `${gap ? 'M' : 'L'}${column},${f(y(value))}`)
    .join('');
}

function bandPath(
  band: NonNullable<TimelineLane['band']>,
  x: (minute: number) => number,
  y: (v: number) => number,
  minutes: number,
): string {
  const upper = columns(band.upper, x, minutes, 'max');
  const lower = columns(band.lower, x, minutes, 'min').reverse();
  if (upper.length === 0) return '';
  return `M${[...upper, ...lower].map(([c, v]) => `${c},${f(y(Math.max(0, v)))}`).join('L')}z`;
}

function axis(minutes: number, top: number, x: (minute: number) => number): string[] {
  const step = [10, 30, 60, 120, 360, 720, 1440, 2880, 4320, 10080].find((s) => minutes / s <= 12) ?? 10080;
  const parts = [`<line x1="${LEFT}" x2="${LEFT + PLOT}" y1="${top + 4}" y2="${top + 4}" stroke="#333"/>`];
  for (let m = 0; m <= minutes; m += step) {
    const label = step >= 1440 ? `day ${m / 1440}` : step >= 60 ? `${m / 60} h` : `${m} min`;
    parts.push(
      `<line x1="${f(x(m))}" x2="${f(x(m))}" y1="${top + 4}" y2="${top + 8}" stroke="#333"/>`,
      `<text x="${f(x(m))}" y="${top + 20}" text-anchor="middle">${label}</text>`,
    );
  }
  return parts;
}

/** Thresholds below 1 are ratios here (the SLO windows): shown as percentages. */
export function formatValue(value: number): string {
  if (value > 0 && value < 1) return `${Number((value * 100).toPrecision(3))}%`;
  return String(Number(value.toPrecision(4)));
}
