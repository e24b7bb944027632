/**
 * The Node binaries the benchmark runs the bundles on: the Lambda runtime's major (the `node` devDependency, pinned
 * to the 24 line that nodejs24.x runs) and the machine's own.
 */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = path.join(__dirname, '..', '..');

export interface NodeBinary {
  /** e.g. `lambda (24)` or `machine (20)`. */
  readonly label: string;
  readonly file: string;
  readonly version: string;
}

/**
 * The `node` package installs its binary in node_modules/node/bin (its preinstall fetches the platform's build from
 * the registry); package.json's postinstall removes the node_modules/.bin/node link it also makes, so npm scripts
 * keep the machine's Node.
 */
export const LAMBDA_NODE = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');

export function benchNodes(): NodeBinary[] {
  if (!isExecutable(LAMBDA_NODE)) {
    throw new Error(`${LAMBDA_NODE} is missing: run npm ci (the node devDependency is Lambda's Node major)`);
  }
  const machine = machineNode();
  const lambda = describe(LAMBDA_NODE, 'lambda');
  return machine === undefined ? [lambda] : [lambda, describe(machine, 'machine')];
}

/** The first `node` on PATH outside node_modules (npm puts node_modules/.bin first). */
function machineNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.split(path.sep).includes('node_modules')) continue;
    const file = path.join(dir, 'node');
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function describe(file: string, role: string): NodeBinary {
  const version = execFileSync(file, ['--version'], { encoding: 'utf8' }).trim();
  return { label: `${role} (${version.replace(/^v(\d+).*/, '$1')})`, file, version };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
