import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../../../scripts/review/args';
import { reviewMarkdown } from '../../../scripts/review/markdown';
import { compareReplay } from '../../../scripts/review/replay';
import { buildReview } from '../../../scripts/review/review';
import { SideResult } from '../../../scripts/review/side';

const scenario = (name: string, minute: number, failures: string[] = []) => ({
  name,
  notifications: [{ alarm: 'todo-prod-api-errors-critical', state: 'ALARM', severity: 'critical', minute }],
  expectations: { passed: failures.length === 0, failures },
});
const replayJson = (...scenarios: ReturnType<typeof scenario>[]) => ({ scenarios });

describe('replay comparison', () => {
  test('a later page and a newly failing expectation are reported per scenario', () => {
    const changes = compareReplay(
      replayJson(scenario('outage', 3), scenario('quiet', 0)),
      replayJson(scenario('outage', 8, ['expected a critical page within 5 minutes']), scenario('quiet', 0)),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        scenario: 'outage',
        notificationsAdded: ['todo-prod-api-errors-critical ALARM (critical) at minute 8'],
        notificationsRemoved: ['todo-prod-api-errors-critical ALARM (critical) at minute 3'],
        newlyFailing: ['expected a critical page within 5 minutes'],
      }),
    ]);
  });

  test('an expectation failing on both sides is not newly failing', () => {
    const failing = scenario('outage', 3, ['late']);
    expect(compareReplay(replayJson(failing), replayJson(failing))).toEqual([]);
  });
});

describe('review', () => {
  // Two tiny cloud assemblies: the head renames the table.
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const assembly = (logicalId: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-test-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
    const template = { Resources: { [logicalId]: { Type: 'AWS::DynamoDB::Table', Properties: {} } } };
    fs.writeFileSync(path.join(dir, 'Stateful.template.json'), JSON.stringify(template));
    return dir;
  };
  const side = (cdkOut: string, replay: unknown): SideResult => ({
    cdkOut,
    cost: { status: 'unavailable', reason: 'no lib/cost/cost-report.ts' },
    replay: { status: 'ok', value: replay },
  });
  const input = {
    base: 'main',
    head: 'working tree',
    stage: 'prod',
    baseSide: side(assembly('TableOld'), replayJson(scenario('outage', 3))),
    headSide: side(assembly('TableNew'), replayJson(scenario('outage', 3, ['late page']))),
    dashboards: false,
    allow: [] as string[],
  };

  test('a data-loss risk and a newly failing expectation block the review', () => {
    expect(buildReview(input).blocking).toEqual([
      expect.stringContaining('Stateful/TableOld'),
      'replay outage now fails: late page',
    ]);
  });

  test('--allow accepts a blocking finding by logical id or scenario name', () => {
    const review = buildReview({ ...input, allow: ['TableOld', 'outage'] });
    expect(review.blocking).toEqual([]);
    expect(review.allowed).toHaveLength(2);
  });

  test('an older base without the cost model reports cost unavailable, never "no change"', () => {
    const review = buildReview(input);
    expect(review.cost).toEqual({ status: 'unavailable', reason: 'base: no lib/cost/cost-report.ts' });
    expect(reviewMarkdown(review)).toContain('**Cost**: unavailable (base: no lib/cost/cost-report.ts)');
  });

  test('the Markdown puts the blocking findings before the summary', () => {
    const markdown = reviewMarkdown(buildReview(input));
    expect(markdown.indexOf('Blocking')).toBeLessThan(markdown.indexOf('**Resources**'));
    expect(markdown).toContain('<details><summary>Resources</summary>');
  });
});

describe('arguments', () => {
  test('fails when the stage does not exist, naming it', () => {
    expect(() => parseArgs(['--base', 'main', '--stage', 'staging'])).toThrow('--stage: unknown stage "staging"');
  });

  test('fails when neither --base nor --base-out is given', () => {
    expect(() => parseArgs([])).toThrow(/exactly one of --base/);
  });

  test('fails on an unknown option, naming it', () => {
    expect(() => parseArgs(['--base', 'main', '--fast'])).toThrow('unknown option --fast');
  });

  test('--allow repeats and --no-replay skips the replay', () => {
    expect(parseArgs(['--base', 'main', '--allow', 'A', '--allow', 'B', '--no-replay'])).toMatchObject({
      allow: ['A', 'B'],
      replay: false,
    });
  });
});
