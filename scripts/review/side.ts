import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A section one side could compute, or why not: `unavailable` (older history, an error) is never "no change". */
export type Section<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'unavailable' | 'skipped'; readonly reason: string };

/** What the worker reports for one side. */
export interface SideResult {
  readonly cdkOut: string;
  readonly cost: Section<unknown>;
  readonly replay: Section<unknown>;
}

export interface SideOptions {
  /** The checkout whose code synthesizes, prices and replays. */
  readonly root: string;
  readonly stage: string;
  readonly rps: number;
  readonly replay: boolean;
  /** A synth output to use instead of synthesizing (`--base-out`). */
  readonly cdkOut?: string;
  /** Names the side in errors: "head" or "base (origin/main)". */
  readonly label: string;
}

const WORKER = path.join(__dirname, 'side-worker.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

/** Runs the side worker in the checkout; a failing synth is an error naming the side and the worker's last lines. */
export async function runSide(options: SideOptions): Promise<SideResult> {
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'review-side-')), 'result.json');
  const args = [WORKER, resultFile, options.stage, String(options.rps), options.replay ? 'yes' : 'no'];
  if (options.cdkOut !== undefined) args.push(path.resolve(options.cdkOut));
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // The synth prints the cdk-nag report; keep it for the error message only.
    const child = spawn(TSX, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, output }));
  });
  if (code !== 0 || !fs.existsSync(resultFile)) {
    const tail = output.trim().split('\n').slice(-12).join('\n');
    throw new Error(`${options.label} failed to synthesize stage ${options.stage} in ${options.root}:\n${tail}`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as SideResult;
  fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
  return result;
}
