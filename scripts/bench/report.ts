/** The benchmark's report: Markdown tables on stdout, then one JSON line with every figure. */
import type { FunctionBuilds } from '../bench';
import type { BenchFunction } from './builds';
import { coldKey, ColdStats } from './cold-load';
import type { NodeBinary } from './node-versions';
import type { ServerMemory } from './server-memory';
import type { Stats } from './stats';
import type { WarmResult } from './warm-invoke';

/** The target for API handlers (issue 15): module load ≤ 0.30 × the naive reference, on both Nodes. */
export const REFERENCE_TARGET = 0.3;

export interface BenchResults {
  readonly nodes: readonly NodeBinary[];
  readonly functions: readonly BenchFunction[];
  readonly builds: ReadonlyMap<string, FunctionBuilds>;
  /** Size of the floor (bench/floor.ts), the DynamoDB client alone bundled as the handlers are. */
  readonly floorBytes: number;
  readonly cold: ReadonlyMap<string, ColdStats>;
  /** `lambda-ours`, `ours+maps` and `otel` on Lambda's Node. */
  readonly lambda: ReadonlyMap<string, ColdStats>;
  readonly warm: ReadonlyMap<string, WarmResult>;
  readonly memory: ServerMemory;
  /** What reached the stand-in X-Ray daemon and OTLP collector. */
  readonly exports: { readonly segments: number; readonly otlp: number };
  readonly runs: number;
  readonly warmRuns: number;
  readonly baseline: boolean;
  readonly otel: boolean;
  readonly elapsedMs: number;
}

const ms = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(1)} ms`);
const ratio = (a: Stats | undefined, b: Stats | undefined): string =>
  a === undefined || b === undefined ? '–' : (a.p50 / b.p50).toFixed(2);

export function printReport(r: BenchResults): void {
  for (const node of r.nodes) {
    const cold = (fn: BenchFunction, variant: string): ColdStats | undefined => r.cold.get(coldKey(node, fn, variant));
    const header = [
      'function',
      'ours .mjs',
      'load: ours',
      'reference',
      'ours/ref',
      'floor/ref',
      ...(r.baseline ? ['baseline', 'base/ref', 'ours/base'] : []),
      'init+first: ours',
      'reference',
      'ours/ref',
      'floor/ref',
      ...(r.baseline ? ['baseline', 'base/ref', 'ours/base'] : []),
    ];
    const rows = r.functions.map((fn) => {
      const [ours, ref, floor, base] = ['ours', 'reference', 'floor', 'baseline'].map((v) => cold(fn, v));
      const kib = `${(r.builds.get(fn.name)!.ours.bytes / 1024).toFixed(0)} KiB`;
      return [
        fn.name,
        kib,
        ms(ours?.load.p50),
        ms(ref?.load.p50),
        ratio(ours?.load, ref?.load),
        ratio(floor?.load, ref?.load),
        ...(r.baseline ? [ms(base?.load.p50), ratio(base?.load, ref?.load), ratio(ours?.load, base?.load)] : []),
        ms(ours?.first?.p50),
        ms(ref?.first?.p50),
        ratio(ours?.first, ref?.first),
        ratio(floor?.first, ref?.first),
        ...(r.baseline ? [ms(base?.first?.p50), ratio(base?.first, ref?.first), ratio(ours?.first, base?.first)] : []),
      ];
    });
    table(`Cold start on ${node.label}, ${node.version} (p50 of ${r.runs} environments)`, header, rows);
  }

  const [lambdaNode] = r.nodes;
  const onLambda = (fn: BenchFunction, variant: string): ColdStats | undefined =>
    r.lambda.get(coldKey(lambdaNode, fn, variant));
  table(
    `Source maps on ${lambdaNode.label}: NODE_OPTIONS=--enable-source-maps (p50 of ${r.runs})`,
    ['function', 'load', 'with maps', 'init+first', 'with maps', 'first error stack', 'with maps'],
    r.functions.map((fn) => {
      const [plain, maps] = [onLambda(fn, 'lambda-ours'), onLambda(fn, 'ours+maps')];
      return [
        fn.name,
        ms(plain?.load.p50),
        ms(maps?.load.p50),
        ms(plain?.first?.p50),
        ms(maps?.first?.p50),
        ms(plain?.errorStack?.p50),
        ms(maps?.errorStack?.p50),
      ];
    }),
  );
  if (r.otel) {
    table(
      `Tracing on OpenTelemetry (bench/otel/tracing.ts) on ${lambdaNode.label} (p50 of ${r.runs})`,
      [
        'function',
        'otel .mjs',
        'load: X-Ray',
        'OpenTelemetry',
        'otel/X-Ray',
        'init+first: X-Ray',
        'OpenTelemetry',
        'otel/X-Ray',
      ],
      r.functions
        .filter((fn) => r.builds.get(fn.name)!.otel !== undefined)
        .map((fn) => {
          const [xray, otel] = [onLambda(fn, 'lambda-ours'), onLambda(fn, 'otel')];
          return [
            fn.name,
            `${(r.builds.get(fn.name)!.otel!.bytes / 1024).toFixed(0)} KiB`,
            ms(xray?.load.p50),
            ms(otel?.load.p50),
            ratio(otel?.load, xray?.load),
            ms(xray?.first?.p50),
            ms(otel?.first?.p50),
            ratio(otel?.first, xray?.first),
          ];
        }),
    );
  }

  const warmVariants = r.otel ? ['instrumented', 'noOp', 'otel'] : ['instrumented', 'noOp'];
  table(
    `Warm path on ${lambdaNode.label}: ${r.warmRuns} invocations per variant, against no-op instrumentation`,
    ['function', ...warmVariants.map((v) => `${v} p50 (p90)`), 'instrumented/no-op', ...(r.otel ? ['otel/no-op'] : [])],
    [...r.warm].map(([name, w]) => [
      name,
      ...warmVariants.map((v) => `${ms(w[v].p50)} (${ms(w[v].p90)})`),
      ratio(w.instrumented, w.noOp),
      ...(r.otel ? [ratio(w.otel, w.noOp)] : []),
    ]),
  );

  console.log(
    `\nLoad = import() of the bundle in a fresh node that has loaded what Lambda's runtime client loads first ` +
      `(node:http; process start excluded); init+first = load + the first ` +
      `invocation against the local tables. Reference = esbuild's defaults (CommonJS, unminified, everything ` +
      `bundled); target for API handlers: ours/ref ≤ ${REFERENCE_TARGET.toFixed(2)}. Floor = the DynamoDB ` +
      `client alone (bench/floor.ts, ${(r.floorBytes / 1024).toFixed(0)} KiB), bundled as the handlers are and ` +
      `measured beside each API handler: no handler that keeps it loads below floor/ref. Every environment had ` +
      `Lambda's tracing on: ${r.exports.segments} X-Ray segment documents reached the stand-in daemon` +
      (r.otel ? `, ${r.exports.otlp} OTLP exports the stand-in collector.` : '.'),
  );
  console.log('\nLargest packages in our bundles (bytes in output):');
  for (const fn of r.functions) {
    const packages = r.builds.get(fn.name)!.ours.packages;
    const total = packages.reduce((sum, [, bytes]) => sum + bytes, 0);
    const top = packages.slice(0, 5).map(([name, bytes]) => `${name} ${((100 * bytes) / total).toFixed(0)}%`);
    console.log(`- ${fn.name}: ${top.join(', ')}`);
  }
  console.log(
    `\nLocal server memory: RSS ${r.memory.rssBeforeMiB} MiB before, ${r.memory.rssAfterMiB} MiB after ` +
      `${r.memory.requests} limited list requests (GET /todos?limit=1, npm start's server in its own process).`,
  );
  console.log(`\n${JSON.stringify(summary(r))}`);
}

function summary(r: BenchResults): unknown {
  const round = (s: Stats | undefined): unknown => s && { p50: +s.p50.toFixed(1), p90: +s.p90.toFixed(1) };
  const coldOf = (stats: ColdStats | undefined): unknown =>
    stats && { load: round(stats.load), first: round(stats.first), errorStack: round(stats.errorStack) };
  return {
    nodes: r.nodes.map((n) => n.version),
    runs: r.runs,
    elapsedSeconds: Math.round(r.elapsedMs / 1000),
    exports: r.exports,
    localServerMemory: r.memory,
    functions: Object.fromEntries(
      r.functions.map((fn) => [
        fn.name,
        {
          bundleBytes: r.builds.get(fn.name)!.ours.bytes,
          cold: Object.fromEntries(
            [...r.cold, ...r.lambda]
              .filter(([key]) => key.split('|')[1] === fn.name)
              .map(([key, stats]) => [key.replace(`|${fn.name}|`, ' '), coldOf(stats)]),
          ),
          warm: r.warm.has(fn.name)
            ? Object.fromEntries(Object.entries(r.warm.get(fn.name)!).map(([v, s]) => [v, round(s)]))
            : undefined,
        },
      ]),
    ),
  };
}

function table(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
