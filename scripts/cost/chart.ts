/** A stacked bar chart as standalone SVG: one bar per label, one colour per part, with a legend and an axis in USD. */
const COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#aec7e8',
  '#ffbb78',
  '#98df8a',
  '#c5b0d5',
];

export interface Bar {
  readonly label: string;
  readonly parts: Partial<Record<string, number>>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function stackedBars(bars: readonly Bar[], keys: readonly string[]): string {
  const [width, height, left, top, bottom, barWidth, gap] = [860, 420, 70, 20, 60, 60, 30];
  const total = (b: Bar) => keys.reduce((s, k) => s + (b.parts[k] ?? 0), 0);
  const max = niceMax(Math.max(...bars.map(total), 1));
  const y = (usd: number) => top + (height - top - bottom) * (1 - usd / max);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const usd = (max / 4) * i;
    out.push(
      `<line x1="${left}" x2="${left + bars.length * (barWidth + gap)}" y1="${y(usd)}" y2="${y(usd)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(usd) + 4}" text-anchor="end">$${Math.round(usd)}</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const x = left + gap / 2 + i * (barWidth + gap);
    let base = 0;
    keys.forEach((key, k) => {
      const value = bar.parts[key] ?? 0;
      if (value <= 0) return;
      out.push(
        `<rect x="${x}" y="${y(base + value).toFixed(1)}" width="${barWidth}" height="${(y(base) - y(base + value)).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${escape(`${bar.label} ${key}: $${value.toFixed(2)}`)}</title></rect>`,
      );
      base += value;
    });
    out.push(
      `<text x="${x + barWidth / 2}" y="${height - bottom + 16}" text-anchor="middle">${escape(bar.label)}</text>`,
      `<text x="${x + barWidth / 2}" y="${y(base) - 4}" text-anchor="middle">$${Math.round(base)}</text>`,
    );
  });
  const legendX = left + bars.length * (barWidth + gap) + 20;
  keys.forEach((key, k) => {
    out.push(
      `<rect x="${legendX}" y="${top + k * 18}" width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/>`,
      `<text x="${legendX + 18}" y="${top + k * 18 + 10}">${escape(key)}</text>`,
    );
  });
  out.push(
    `<text x="${left}" y="${height - 12}">USD per month, by category (list prices; see README)</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value)!;
}
