import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Review } from '../../../scripts/review/review';

/**
 * End to end: a worktree of the last commit is the head, with deliberate changes in its working tree (a renamed
 * table construct, a moved threshold, a removed alarm, a new dashboard widget); the base is that commit. The review
 * must call out each one. Replay and dashboard images are left out for time (their comparisons have unit tests).
 */
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'scripts', 'review', 'cli.ts');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'review-it-'));
const head = path.join(tmp, 'head');
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' }).trim();
const commit = git('rev-parse', 'HEAD');

function edit(file: string, from: string, to: string): void {
  const full = path.join(head, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update this test's edit`);
  fs.writeFileSync(full, text.replace(from, to));
}

const run = (...args: string[]) =>
  spawnSync(TSX, [CLI, '--repo', head, ...args], { cwd: head, encoding: 'utf8', timeout: 120_000 });

let review: Review;
let markdown: string;
let status: number | null;

beforeAll(() => {
  git('worktree', 'add', '--detach', head, commit);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(head, 'node_modules'), 'dir');
  edit('lib/data/todo-table.ts', "new dynamodb.TableV2(this, 'Table',", "new dynamodb.TableV2(this, 'TodoTable',");
  edit('lib/alarms/api-alarms.ts', 'threshold: 100,', 'threshold: 150,');
  edit(
    'lib/alarms/data-alarms.ts',
    "this.systemErrors = alarms.addAlarm(this, 'SystemErrors'",
    "this.systemErrors = (undefined as never) && alarms.addAlarm(this, 'SystemErrors'",
  );
  edit(
    'lib/dashboards/slo-dashboard.ts',
    'this.dashboard.addWidgets(\n',
    "this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '### Review test widget', width: 24, height: 1 }));\n      this.dashboard.addWidgets(\n",
  );
  const result = run(
    '--base',
    commit,
    '--no-replay',
    '--markdown',
    path.join(tmp, 'review.md'),
    '--json',
    path.join(tmp, 'review.json'),
    '--images',
    path.join(tmp, 'images'),
  );
  status = result.status;
  if (!fs.existsSync(path.join(tmp, 'review.json'))) throw new Error(`review failed (${status}):\n${result.stderr}`);
  review = JSON.parse(fs.readFileSync(path.join(tmp, 'review.json'), 'utf8')) as Review;
  markdown = fs.readFileSync(path.join(tmp, 'review.md'), 'utf8');
}, 150_000);

afterAll(() => {
  spawnSync('git', ['worktree', 'remove', '--force', head], { cwd: ROOT });
  fs.rmSync(tmp, { recursive: true, force: true });
  spawnSync('git', ['worktree', 'prune'], { cwd: ROOT });
});

test('the renamed table is a replacement and a data-loss risk, which fails the review', () => {
  expect(review.resources.dataLossRisk).toEqual([
    expect.objectContaining({ type: 'AWS::DynamoDB::GlobalTable', detail: expect.stringContaining('TodoTable') }),
  ]);
  expect(review.blocking).toEqual([expect.stringContaining('data-loss risk: AWS::DynamoDB::GlobalTable')]);
  expect(status).toBe(1);
});

test('the moved threshold is a Threshold change of the WAF alarm', () => {
  expect(review.alarms.changed).toContainEqual(
    expect.objectContaining({
      name: 'todo-prod-waf-blocked-requests-info',
      values: expect.objectContaining({ Threshold: ['100', '150'] }),
    }),
  );
});

test('the removed alarm is listed', () => {
  expect(review.alarms.removed).toEqual([expect.stringContaining('system-errors')]);
});

test('the new widget is an added widget of the SLO dashboard', () => {
  expect(review.dashboards).toMatchObject({
    status: 'ok',
    value: expect.arrayContaining([
      expect.objectContaining({
        dashboard: expect.stringContaining('slo'),
        widgetsAdded: ['### Review test widget', '### Review test widget'], // one per SLO
      }),
    ]),
  });
});

test('--images renders each changed dashboard as a page and a screenshot, the new widget marked', () => {
  const files = fs.readdirSync(path.join(tmp, 'images'));
  // The SLO dashboard gained a widget; the removed alarm and the renamed table change two more dashboards.
  const pages = files.filter((f) => f.endsWith('.html')).sort();
  expect(pages).toEqual([
    'todo-prod-operations-quiet.html',
    'todo-prod-slo-quiet.html',
    'todo-prod-troubleshooting-quiet.html',
  ]);
  for (const page of pages) {
    expect(fs.statSync(path.join(tmp, 'images', page.replace(/\.html$/, '.png'))).size).toBeGreaterThan(10_000);
  }
  const page = fs.readFileSync(path.join(tmp, 'images', 'todo-prod-slo-quiet.html'), 'utf8');
  expect(page).toMatch(/<div class="w added"[^>]*>(<h3>[^<]*<\/h3>)?<div class="md"><h3>Review test widget<\/h3>/);
});

test('replay is reported skipped and the Markdown leads with the blocking finding', () => {
  expect(review.replay).toEqual({ status: 'skipped', reason: 'base: --no-replay' });
  expect(markdown.indexOf('Blocking')).toBeLessThan(markdown.indexOf('**Alarms**'));
});

test('an unknown ref is an error naming it', () => {
  const unknown = run('--base', 'no-such-ref', '--no-replay', '--no-dashboards');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('unknown git ref "no-such-ref"');
});
