/**
 * `npm run bench`: what our bundling buys, per function of the API, and what a long local session costs.
 *
 *  (a) bundle size of our build (exactly HANDLER_BUNDLING: ESM, minified, external source map);
 *  (b) cold module load of that bundle in a fresh `node` per run (bench/cold-load.ts);
 *  (c) the same for a reference build with NodejsFunction's defaults (bench/builds.ts), and the ratio ours / reference;
 *  (d) warm invoke latency of our bundle, run by the local runtime against dynalite, in this process;
 *  (e) the local server's resident memory before and after 10,000 list requests that stop at their limit.
 *
 * Numbers are printed, never asserted. Bundles go to a temp dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { API_FUNCTIONS } from '../contract/routes';
import { Build, buildOurs, buildReference, REFERENCE_EXTERNALS } from './bench/builds';
import { measureColdLoads } from './bench/cold-load';
import { measureServerMemory, ServerMemory } from './bench/server-memory';
import type { Stats } from './bench/stats';
import { measureWarmInvokes, WarmStats } from './bench/warm-invoke';

const ROOT = path.join(__dirname, '..');
const COLD_RUNS = 20;
const WARM_UP = 20;
const WARM_RUNS = 200;
const MEMORY_REQUESTS = 10_000;
const TARGET_RATIO = 0.4;

interface FunctionResult {
  readonly name: string;
  readonly ours: Build;
  readonly reference: Build;
  readonly coldOurs: Stats;
  readonly coldReference: Stats;
  readonly warm: WarmStats;
}

async function main(): Promise<void> {
  const started = Date.now();
  // Lambda runs Node 24; the SDK's warning about older Node versions would only clutter the report.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'todo-bench-'));
  try {
    log(`node ${process.version}, esbuild ${esbuild.version}, ${os.cpus().length} CPUs; bundles in ${tmp}`);
    const builds = await Promise.all(
      API_FUNCTIONS.map(async ({ name }) => {
        const entry = path.join(ROOT, 'lambda', 'handlers', `${name}.ts`);
        const [ours, reference] = await Promise.all([
          buildOurs(entry, path.join(tmp, 'ours', name)),
          buildReference(entry, path.join(tmp, 'reference', name)),
        ]);
        return { name, ours, reference };
      }),
    );

    log(`cold module load: ${COLD_RUNS} fresh processes per bundle, ours and reference interleaved`);
    const cold = await measureColdLoads(builds, COLD_RUNS, tmp);

    log(`warm invoke: ${WARM_UP} warm-up + ${WARM_RUNS} timed invocations per function, local runtime, dynalite`);
    const warm = await measureWarmInvokes(new Map(builds.map((b) => [b.name, b.ours.file])), WARM_UP, WARM_RUNS);

    log(`local server memory: ${MEMORY_REQUESTS} GET /todos?limit=1 against npm start's server`);
    const memory = await measureServerMemory(MEMORY_REQUESTS);

    const results = builds.map((b): FunctionResult => ({
      ...b,
      coldOurs: cold.get(b.name)!.ours,
      coldReference: cold.get(b.name)!.reference,
      warm: warm.get(b.name)!,
    }));
    printReport(results, memory, Date.now() - started);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function printReport(results: FunctionResult[], memory: ServerMemory, elapsedMs: number): void {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const ratio = (r: FunctionResult): number => r.coldOurs.p50 / r.coldReference.p50;
  const rows = results.map((r) => [
    r.name,
    kb(r.ours.bytes),
    kb(r.ours.mapBytes ?? 0),
    kb(r.reference.bytes),
    `${ms(r.coldOurs.p50)} (${ms(r.coldOurs.p90)})`,
    `${ms(r.coldReference.p50)} (${ms(r.coldReference.p90)})`,
    ratio(r).toFixed(2),
    ratio(r) <= TARGET_RATIO ? 'PASS' : 'MISS',
    `${ms(r.warm.p50)} / ${ms(r.warm.p99)}${r.warm.failures > 0 ? ` (${r.warm.failures} errors)` : ''}`,
  ]);
  const header = [
    'function',
    'ours .mjs',
    'ours .map',
    'reference .js',
    'cold load ours p50 (p90)',
    'cold load ref p50 (p90)',
    'ours/ref',
    `target ≤ ${TARGET_RATIO.toFixed(2)}`,
    'warm p50 / p99',
  ];
  console.log(`\n| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const row of rows) {
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log(
    `\nCold load = import of the bundle in a fresh node (process start excluded), ${COLD_RUNS} runs; reference = NodejsFunction ` +
      `defaults (CJS, unminified, no source map, ${REFERENCE_EXTERNALS.join(' + ')} from node_modules). ` +
      `Warm = ${WARM_RUNS} invocations after ${WARM_UP} warm-up, in one process, run by the local runtime against ` +
      `dynalite behind its DynamoDB proxy.`,
  );
  console.log('\nLargest packages in our bundles (bytes in output):');
  for (const r of results) {
    const total = r.ours.packages.reduce((sum, [, bytes]) => sum + bytes, 0);
    const top = r.ours.packages.slice(0, 5).map(([name, bytes]) => `${name} ${((100 * bytes) / total).toFixed(0)}%`);
    console.log(`- ${r.name}: ${top.join(', ')}`);
  }
  console.log(
    `\nLocal server memory: RSS ${memory.rssBeforeMiB} MiB before, ${memory.rssAfterMiB} MiB after ` +
      `${memory.requests} limited list requests (GET /todos?limit=1, npm start's server in its own process).`,
  );
  const summary = {
    node: process.version,
    esbuild: esbuild.version,
    coldRuns: COLD_RUNS,
    warmRuns: WARM_RUNS,
    targetRatio: TARGET_RATIO,
    elapsedSeconds: Math.round(elapsedMs / 1000),
    localServerMemory: memory,
    functions: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          bundleBytes: r.ours.bytes,
          sourceMapBytes: r.ours.mapBytes,
          referenceBytes: r.reference.bytes,
          coldLoadMs: { p50: round(r.coldOurs.p50), p90: round(r.coldOurs.p90) },
          referenceColdLoadMs: { p50: round(r.coldReference.p50), p90: round(r.coldReference.p90) },
          ratio: round(ratio(r), 2),
          pass: ratio(r) <= TARGET_RATIO,
          warmInvokeMs: { p50: round(r.warm.p50), p99: round(r.warm.p99), errors: r.warm.failures },
        },
      ]),
    ),
  };
  console.log(`\n${JSON.stringify(summary)}`);
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
