/**
 * `npm run bench`: cold start and warm path of every function, on Lambda's Node major and on the machine's.
 *
 *  (a) builds per function: ours (HANDLER_BUNDLING), the naive reference (esbuild's defaults: CommonJS,
 *      unminified, everything bundled) and ours with no-op instrumentation; the floor, the DynamoDB client alone
 *      bundled our way (bench/builds.ts, bench/floor.ts);
 *  (b) cold starts, one fresh `node` per sample with Lambda's environment (tracing on): module load and
 *      init + first request, ours and the floor against the reference, interleaved; then on Lambda's Node ours
 *      against ours with `--enable-source-maps` (and against OpenTelemetry tracing with `--otel`)
 *      (bench/cold-load.ts);
 *  (c) the warm path: ours against no-op instrumentation (and OpenTelemetry), on Lambda's Node (bench/warm-invoke.ts);
 *  (d) the local server's resident memory before and after 10,000 list requests that stop at their limit.
 *
 * Numbers are printed, never asserted. Options: `--runs N` cold samples per variant (default 8); `--save DIR` keeps
 * our bundles (DIR/<function>/index.mjs); `--baseline DIR` adds bundles saved so as a variant, for before/after
 * ratios in one run; `--otel` adds the API handlers with OpenTelemetry tracing (bench/otel/tracing.ts).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import {
  BENCH_FUNCTIONS,
  BenchFunction,
  Build,
  buildFloor,
  buildNoOp,
  buildOpenTelemetry,
  buildOurs,
  buildReference,
} from './bench/builds';
import { ColdVariant, measureColdStarts } from './bench/cold-load';
import { LambdaEnvironments } from './bench/environment';
import { benchNodes } from './bench/node-versions';
import { printReport } from './bench/report';
import { Scenarios } from './bench/scenarios';
import { measureServerMemory } from './bench/server-memory';
import { measureWarmInvokes } from './bench/warm-invoke';

const WARM_UP = 10;
const WARM_RUNS = 60;
const MEMORY_REQUESTS = 10_000;

export interface FunctionBuilds {
  readonly ours: Build;
  readonly reference: Build;
  /** API handlers only. */
  readonly noOp?: Build;
  /** API handlers only, with `--otel`. */
  readonly otel?: Build;
}

async function main(): Promise<void> {
  const { values: options } = parseArgs({
    options: {
      runs: { type: 'string', default: '8' },
      save: { type: 'string' },
      baseline: { type: 'string' },
      otel: { type: 'boolean', default: false },
    },
  });
  const runs = Number(options.runs);
  const started = Date.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'todo-bench-'));
  const nodes = benchNodes();
  const [lambdaNode] = nodes;
  try {
    log(`esbuild ${esbuild.version}, ${os.cpus().length} CPUs; Node ${nodes.map((n) => n.version).join(' and ')}`);
    const builds = new Map<string, FunctionBuilds>();
    for (const fn of BENCH_FUNCTIONS) {
      const out = (variant: string): string => path.join(tmp, variant, fn.name);
      const api = fn.kind === 'api';
      const [ours, reference, noOp, otel] = await Promise.all([
        buildOurs(fn.entry, out('ours')),
        buildReference(fn.entry, out('reference')),
        api ? buildNoOp(fn.entry, out('no-op')) : undefined,
        api && options.otel ? buildOpenTelemetry(fn.entry, out('otel')) : undefined,
      ]);
      builds.set(fn.name, { ours, reference, noOp, otel });
      if (options.save !== undefined) {
        await cp(path.dirname(ours.file), path.join(options.save, fn.name), { recursive: true });
      }
    }
    const floor = await buildFloor(path.join(tmp, 'floor'));
    const of = (fn: BenchFunction): FunctionBuilds => builds.get(fn.name)!;
    const baseline = options.baseline;
    const variants: ColdVariant[] = [
      { label: 'ours', bundle: (fn) => of(fn).ours.file },
      { label: 'reference', bundle: (fn) => of(fn).reference.file },
      // Measured beside each API handler, so each is compared with the floor in the same interleaving.
      { label: 'floor', bundle: (fn) => (fn.kind === 'api' ? floor.file : undefined) },
      ...(baseline === undefined
        ? []
        : [{ label: 'baseline', bundle: (fn: BenchFunction) => path.resolve(baseline, fn.name, 'index.mjs') }]),
    ];
    // Compared with ours again in a run of their own, on Lambda's Node only.
    const lambdaVariants: ColdVariant[] = [
      { label: 'lambda-ours', bundle: (fn) => of(fn).ours.file },
      { label: 'ours+maps', bundle: (fn) => of(fn).ours.file, sourceMaps: true },
      ...(options.otel ? [{ label: 'otel', bundle: (fn: BenchFunction) => of(fn).otel?.file }] : []),
    ];

    const { scenarios, endpoint } = await Scenarios.start(builds.get('create-todo')!.ours.file);
    const environments = await LambdaEnvironments.start(tmp, endpoint);
    try {
      const labels = (list: ColdVariant[]): string => list.map((v) => v.label).join(', ');
      log(`cold starts: ${runs} environments per function, variant and Node (${labels(variants)})`);
      const cold = await measureColdStarts(environments, scenarios, BENCH_FUNCTIONS, variants, nodes, runs);
      log(`cold starts on ${lambdaNode.label}: ${labels(lambdaVariants)}`);
      const lambda = await measureColdStarts(
        environments,
        scenarios,
        BENCH_FUNCTIONS,
        lambdaVariants,
        [lambdaNode],
        runs,
      );
      log(`warm path: ${WARM_UP} + ${WARM_RUNS} invocations per variant, ${lambdaNode.label}`);
      const warm = await measureWarmInvokes(
        environments,
        scenarios,
        BENCH_FUNCTIONS.filter((fn) => fn.kind === 'api'),
        (fn) => ({
          instrumented: of(fn).ours.file,
          noOp: of(fn).noOp!.file,
          ...(options.otel ? { otel: of(fn).otel!.file } : {}),
        }),
        lambdaNode,
        WARM_UP,
        WARM_RUNS,
      );
      const exports = { segments: environments.segments, otlp: environments.otlpExports };

      log(`local server memory: ${MEMORY_REQUESTS} GET /todos?limit=1 against npm start's server`);
      const memory = await measureServerMemory(MEMORY_REQUESTS);
      printReport({
        nodes,
        functions: BENCH_FUNCTIONS,
        builds,
        floorBytes: floor.bytes,
        cold,
        lambda,
        warm,
        memory,
        exports,
        runs,
        warmRuns: WARM_RUNS,
        baseline: baseline !== undefined,
        otel: options.otel,
        elapsedMs: Date.now() - started,
      });
    } finally {
      await environments.close();
      await scenarios.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const startedAt = Date.now();
function log(message: string): void {
  process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
