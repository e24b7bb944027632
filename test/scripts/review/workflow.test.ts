import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMENT_MARKER } from '../../../scripts/review/markdown';

// @action-validator/cli checks a workflow against the GitHub Actions workflow schema (bundled, offline).
const ROOT = path.join(__dirname, '..', '..', '..');
const VALIDATOR = path.join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const validate = (file: string) => spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' });
const review = fs.readFileSync(path.join(WORKFLOWS, 'review.yml'), 'utf8');

test.each(fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)))('%s is a valid workflow', (file) => {
  const result = validate(path.join(WORKFLOWS, file));
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('the validator rejects a workflow with an unknown job key', () => {
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-')), 'broken.yml');
  fs.writeFileSync(broken, review.replace('runs-on:', 'runs_on:'));
  expect(validate(broken).status).toBe(1);
  fs.rmSync(path.dirname(broken), { recursive: true });
});

test('the review job fetches the history and reviews against the target branch', () => {
  expect(review).toMatch(/fetch-depth: 0/);
  expect(review).toContain(
    'npm run review -- --base "origin/${{ github.base_ref }}" --markdown review.md --json review.json',
  );
});

test('the comment is found again by the marker the Markdown starts with', () => {
  expect(review).toContain(`const marker = '${COMMENT_MARKER}';`);
});
