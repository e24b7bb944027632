import * as fs from 'node:fs';
import * as path from 'node:path';
import { COST_DOCS, generateCostDocs } from '../../../scripts/cost/docs';

let files: Map<string, string>;
beforeAll(() => {
  files = generateCostDocs();
}, 120_000);

test('docs/cost is what npm run cost:docs writes now (dev and prod at 1, 10 and 100 requests/s)', () => {
  expect([...files.keys()].sort()).toEqual(fs.readdirSync(COST_DOCS).sort());
  for (const [name, content] of files) {
    expect([name, fs.readFileSync(path.join(COST_DOCS, name), 'utf8') === content]).toEqual([name, true]);
  }
});

test('the report names a knob for each of its three biggest observability lines', () => {
  const readme = files.get('README.md')!;
  const section = readme.split('## The three biggest observability lines')[1].split('\n## ')[0];
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| line') && !l.startsWith('| ---'));
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row).not.toMatch(/\| — \|$/);
});
