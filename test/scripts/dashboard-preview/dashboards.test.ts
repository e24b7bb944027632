/**
 * Reading dashboard bodies, the checks a reviewer wants, and the baseline comparison, on small fixture dashboards.
 */
import { diffDashboard } from '../../../scripts/dashboard-preview/baseline';
import { MAX_SERIES_PER_GRAPH, staticChecks } from '../../../scripts/dashboard-preview/checks';
import { parseDashboard } from '../../../scripts/dashboard-preview/dashboards';
import { markdown } from '../../../scripts/dashboard-preview/render-html';

const metric = (title: string, x: number, y: number, rows: unknown[][], extra: Record<string, unknown> = {}) => ({
  type: 'metric',
  x,
  y,
  width: 8,
  height: 6,
  properties: { title, view: 'timeSeries', metrics: rows, ...extra },
});
const latency = (label: string, options: Record<string, unknown> = {}) => [
  'AWS/ApiGateway',
  'Latency',
  'ApiName',
  'todo-prod-api',
  { label, stat: 'p99', ...options },
];
const body = (widgets: unknown[]) => JSON.stringify({ widgets });
const dashboard = (widgets: unknown[], name = 'todo-prod-ops') => parseDashboard(name, 'Monitoring/Ops', body(widgets));
const checks = (widgets: unknown[], name?: string) =>
  staticChecks(dashboard(widgets, name), 'prod').map(
    (f) => `${f.check}: ${f.widget ? `${f.widget} ` : ''}${f.message}`,
  );

test('metric rows carry their metric, statistic, period, axis and visibility; widget defaults fill the rest', () => {
  const d = dashboard([
    metric(
      't',
      0,
      0,
      [
        latency('p99', { period: 900, yAxis: 'right' }),
        ['AWS/Lambda', 'Errors', { visible: false }],
        [{ expression: 'a + b', id: 'e1' }],
      ],
      { stat: 'Sum', period: 60 },
    ),
  ]);
  const [p99, errors, expression] = d.widgets[0].rows;
  expect(p99).toMatchObject({
    label: 'p99',
    periodMinutes: 15,
    axis: 'right',
    statistic: { text: 'p99' },
    metric: { dimensions: { ApiName: 'todo-prod-api' } },
  });
  expect(errors).toMatchObject({ visible: false, periodMinutes: 1, statistic: { text: 'Sum' } });
  expect(expression).toMatchObject({ id: 'e1', expression: 'a + b' });
});

test('a body that is not JSON, or a widget the preview cannot render, is an error naming the dashboard and widget', () => {
  expect(() => parseDashboard('todo-prod-ops', 'Monitoring/Ops', '{"widgets": [')).toThrow(
    'dashboard todo-prod-ops (Monitoring/Ops): its body is not JSON',
  );
  expect(() => dashboard([{ type: 'explorer', properties: { title: 'All Lambdas' } }])).toThrow(
    'dashboard todo-prod-ops, widget 0 "All Lambdas": widget type "explorer" is not one the preview renders (metric, alarm, text, log)',
  );
  expect(() => dashboard([metric('Pie', 0, 0, [], { view: 'pie' })])).toThrow(
    'widget 0 "Pie": metric view "pie" is not one the preview renders',
  );
  expect(() => dashboard([metric('Dots', 0, 0, [latency('a'), ['.', 'Count', '.', '.']])])).toThrow(
    'row 1 uses the "." shorthand',
  );
});

test('the layout checks: outside the 24 columns, overlapping widgets', () => {
  expect(checks([metric('a', 0, 0, [latency('a')]), metric('b', 20, 0, [latency('b')])])).toEqual([
    'layout: widget 1 "b" spans columns 20–28, outside the 24-column grid',
  ]);
  expect(checks([metric('a', 0, 0, [latency('a')]), metric('b', 4, 3, [latency('b')])])).toEqual([
    'layout: widget 0 "a" overlaps widget 1 "b"',
  ]);
  expect(checks([metric('a', 0, 0, [latency('a')]), metric('b', 8, 0, [latency('b')])])).toEqual([]);
});

test('one unit per axis: milliseconds and a count on the same axis fail; on two axes they pass', () => {
  const count = ['AWS/ApiGateway', 'Count', 'ApiName', 'todo-prod-api', { stat: 'Sum' }];
  expect(checks([metric('mixed', 0, 0, [latency('a'), count])])).toEqual([
    'mixed-units: widget 0 "mixed" the left axis mixes Count and Milliseconds',
  ]);
  expect(
    checks([metric('split', 0, 0, [latency('a'), [...count.slice(0, 4), { stat: 'Sum', yAxis: 'right' }]])]),
  ).toEqual([]);
});

test(`more than ${MAX_SERIES_PER_GRAPH} visible lines on one graph fail`, () => {
  const rows = Array.from({ length: MAX_SERIES_PER_GRAPH + 1 }, (_, i) => latency(`r${i}`));
  expect(checks([metric('busy', 0, 0, rows)])).toEqual([
    `too-many-series: widget 0 "busy" 11 lines on one graph (at most ${MAX_SERIES_PER_GRAPH})`,
  ]);
});

test('stage-safe: the name carries the stage and nothing names another stage', () => {
  expect(checks([metric('a', 0, 0, [latency('a')])], 'ops')).toEqual([
    'stage: the name does not carry the stage "prod"',
  ]);
  expect(checks([metric('dev api', 0, 0, [['AWS/ApiGateway', 'Count', 'ApiName', 'todo-dev-api']])])).toEqual([
    'stage: widget 0 "dev api" names a resource of the dev stage',
  ]);
});

test('the baseline comparison marks added and changed widgets and lists removed ones', () => {
  const before = dashboard([
    metric('kept', 0, 0, [latency('a')]),
    metric('moved', 8, 0, [latency('b')]),
    metric('gone', 16, 0, [latency('c')]),
  ]);
  const after = dashboard([
    metric('kept', 0, 0, [latency('a')]),
    metric('moved', 8, 6, [latency('b')]),
    metric('new', 16, 0, [latency('c')]),
  ]);
  const diff = diffDashboard(after, before);
  expect([...diff.changes]).toEqual([
    [1, 'changed'],
    [2, 'added'],
  ]);
  expect(diff.removed.map((w) => w.title)).toEqual(['gone']);
});

test('text widgets render their Markdown, escaped', () => {
  expect(markdown('### Title\n1. open [x](https://a.example) **now**\n<script>')).toBe(
    '<h3>Title</h3><div>• open <a href="https://a.example">x</a> <b>now</b></div><p>&lt;script&gt;</p>',
  );
});
