/** `--images`: the changed dashboards of the head rendered with the preview's change marks, as HTML and PNG. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeStage } from '../../../scripts/alert-replay/synth';
import { writeDashboardImages } from '../../../scripts/review/images';

test('writes a page and a screenshot of each dashboard asked for, with the changed widget marked', async () => {
  const base = synthesizeStage('prod');
  // The head: the same synth with one widget of the SLO dashboard retitled.
  const head = fs.mkdtempSync(path.join(os.tmpdir(), 'review-images-head-'));
  fs.cpSync(base, head, { recursive: true });
  const file = path.join(head, 'Monitoring.template.json');
  const template = fs.readFileSync(file, 'utf8');
  const retitled = template.replace(/(\\"title\\":\\")([^\\]+)/, '$1$2 (retitled)');
  expect(retitled).not.toBe(template);
  fs.writeFileSync(file, retitled);

  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'review-images-'));
  const written = await writeDashboardImages(head, base, 'prod', ['todo-prod-slo', 'todo-prod-operations'], out);
  const pages = written.filter((f) => f.endsWith('.html'));
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) {
    expect(fs.statSync(page.replace(/\.html$/, '.png')).size).toBeGreaterThan(10_000);
  }
  // The preview matches widgets by title: a retitled widget is marked as added on the page that holds it.
  const marked = pages.map((p) => fs.readFileSync(p, 'utf8')).filter((html) => /class="w (added|changed)/.test(html));
  expect(marked).toHaveLength(1);
  expect(marked[0]).toMatch(/<div class="w (added|changed)"[^>]*><h3>[^<]*\(retitled\)<\/h3>/);
}, 120_000);
