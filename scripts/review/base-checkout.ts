import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A temporary checkout of the base ref, removed by `dispose`. */
export interface BaseCheckout {
  readonly root: string;
  readonly commit: string;
  /** How its dependencies were provided: the head's node_modules (same lockfile) or a clean install. */
  readonly dependencies: 'linked' | 'installed';
  dispose(): void;
}

const git = (repo: string, args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The commit a ref names in the repository; an unknown ref is an error naming it. */
export function resolveRef(repo: string, ref: string): string {
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--base: unknown git ref "${ref}" in ${repo} (a shallow clone may lack it: fetch with depth 0)`);
  }
}

/**
 * Checks the ref out into a temporary git worktree. The head's node_modules is linked in when the base's
 * package-lock.json is the head's byte for byte (the usual pull request); otherwise the base gets `npm ci`.
 */
export function checkoutBase(repo: string, ref: string, log: (line: string) => void): BaseCheckout {
  const commit = resolveRef(repo, ref);
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'review-base-')), 'checkout');
  git(repo, ['worktree', 'add', '--detach', root, commit]);
  const dispose = () => {
    try {
      git(repo, ['worktree', 'remove', '--force', root]);
    } catch {
      // Already gone: fall through to removing the directory and pruning the record.
    }
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
    git(repo, ['worktree', 'prune']);
  };
  try {
    const lock = (dir: string) => fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    const same = fs.existsSync(path.join(root, 'package-lock.json')) && lock(root) === lock(repo);
    if (same) {
      fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(root, 'node_modules'), 'dir');
    } else {
      log(`Base ${ref}: package-lock.json differs from the head's, installing its dependencies (npm ci)…`);
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    }
    return { root, commit, dependencies: same ? 'linked' : 'installed', dispose };
  } catch (error) {
    dispose();
    throw new Error(`--base ${ref}: could not install the base's dependencies: ${(error as Error).message}`);
  }
}
