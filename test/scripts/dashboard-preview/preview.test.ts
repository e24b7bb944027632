/**
 * The preview of the real prod dashboards: every check passes, a dead widget is caught, and the committed pages,
 * screenshots' sources and index in docs/dashboards are what `npm run dashboards:preview` produces now.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeStage } from '../../../scripts/alert-replay/synth';
import { deadWidgets } from '../../../scripts/dashboard-preview/checks';
import { parseDashboard } from '../../../scripts/dashboard-preview/dashboards';
import { indexPage, MANIFEST, PREVIEW_DOCS } from '../../../scripts/dashboard-preview/docs';
import { Preview, resolveScenario, runPreview, sha256 } from '../../../scripts/dashboard-preview/preview';
import { renderDashboard } from '../../../scripts/dashboard-preview/render-html';

let preview: Preview;

beforeAll(() => {
  preview = runPreview(synthesizeStage('prod'), 'prod', ['quiet', 'outage'].map(resolveScenario));
}, 300_000);

test('the prod dashboards pass every check', () => {
  expect(preview.findings).toEqual([]);
});

test('a metric widget with no data in any scenario is reported as dead', () => {
  const dashboard = parseDashboard(
    'todo-prod-x',
    'Test',
    JSON.stringify({
      widgets: [
        {
          type: 'metric',
          x: 0,
          y: 0,
          width: 6,
          height: 6,
          properties: { title: 'Nothing', metrics: [['Nowhere', 'Nothing']] },
        },
      ],
    }),
  );
  expect(deadWidgets(dashboard, preview.results)).toEqual([
    {
      dashboard: 'todo-prod-x',
      widget: 'widget 0 "Nothing"',
      check: 'dead-widget',
      message: 'no data in any scenario (quiet, outage)',
    },
  ]);
});

test('alarm widgets show the replayed state at the end: the outage leaves the ticket tier in ALARM', () => {
  const operations = preview.dashboards.find((d) => d.name === 'todo-prod-operations')!;
  const outage = preview.results.find((r) => r.scenario.name === 'outage')!;
  const page = renderDashboard(operations, outage);
  expect(page).toMatch(/>ALARM<\/span>todo-prod-api-availability-burn-ticket-warning/);
  expect(page).toMatch(/>OK<\/span>todo-prod-api-availability-burn-fast-critical/);
});

test('what cannot be drawn offline says so: Logs Insights queries and Contributor Insights expressions', () => {
  const business = preview.pages.get('todo-prod-business-quiet.html')!;
  expect(business).toContain('Logs Insights query — its results cannot be computed offline');
  expect(business).toContain('not available offline (metric math function INSIGHT_RULE_METRIC is not supported');
});

test('the committed pages and index are current, and every screenshot was taken of the current page', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(PREVIEW_DOCS, MANIFEST), 'utf8')) as Record<string, string>;
  for (const [file, html] of preview.pages) {
    expect([file, fs.readFileSync(path.join(PREVIEW_DOCS, file), 'utf8') === html]).toEqual([file, true]);
    const png = file.replace(/\.html$/, '.png');
    expect([png, manifest[png]]).toEqual([png, sha256(html)]);
    expect(fs.existsSync(path.join(PREVIEW_DOCS, png))).toBe(true);
  }
  expect(fs.readFileSync(path.join(PREVIEW_DOCS, 'README.md'), 'utf8')).toBe(indexPage(preview));
});
