/**
 * Cold starts: a fresh execution environment per sample (bench/environment.ts), timing the module load (the
 * `import()` of the bundle, process start excluded) and init + first request (load, then one realistic invocation
 * against the local tables). Variants of one function run interleaved, their order rotating, so machine noise hits
 * them alike; the report compares them as ratios within the run.
 */
import type { BenchFunction } from './builds';
import type { LambdaEnvironments } from './environment';
import type { NodeBinary } from './node-versions';
import type { Scenarios } from './scenarios';
import { stats, Stats } from './stats';

export interface ColdVariant {
  /** e.g. `ours`, `reference`. */
  readonly label: string;
  /** The bundle of `fn`, or undefined when this variant has none for it. */
  readonly bundle: (fn: BenchFunction) => string | undefined;
  /** `NODE_OPTIONS=--enable-source-maps`. */
  readonly sourceMaps?: boolean;
}

export interface ColdStats {
  readonly load: Stats;
  /** Load + the first invocation; undefined for the custom resource (no request is sent). */
  readonly first?: Stats;
  /** Formatting the first error's stack, after the first request. */
  readonly errorStack?: Stats;
}

/** Key of one result: `<node label>|<function>|<variant>`. */
export const coldKey = (node: NodeBinary, fn: BenchFunction, variant: ColdVariant | string): string =>
  `${node.label}|${fn.name}|${typeof variant === 'string' ? variant : variant.label}`;

export async function measureColdStarts(
  environments: LambdaEnvironments,
  scenarios: Scenarios,
  functions: readonly BenchFunction[],
  variants: readonly ColdVariant[],
  nodes: readonly NodeBinary[],
  runs: number,
): Promise<Map<string, ColdStats>> {
  const events = new Map<string, unknown[]>();
  for (const fn of functions) {
    events.set(fn.name, await scenarios.events(fn, runs * nodes.length * variants.length));
  }
  const samples = new Map<string, { load: number[]; first: number[]; errorStack: number[] }>();
  for (let run = 0; run < runs; run++) {
    for (const node of nodes) {
      for (const fn of functions) {
        // Rotate the order, so no variant always runs first (or right after another one's process).
        const order = variants.map((_, i) => variants[(i + run) % variants.length]);
        for (const variant of order) {
          const bundle = variant.bundle(fn);
          if (bundle === undefined) continue;
          const event = events.get(fn.name)!.pop();
          const result = await environments.run({
            node,
            name: fn.name,
            bundle,
            events: event === undefined ? [] : [event],
            sourceMaps: variant.sourceMaps,
            probeErrorStack: true,
          });
          const key = coldKey(node, fn, variant);
          const sample = samples.get(key) ?? { load: [], first: [], errorStack: [] };
          sample.load.push(result.loadMs);
          if (result.invokeMs.length > 0) sample.first.push(result.loadMs + result.invokeMs[0]);
          if (result.errorStackMs !== undefined) sample.errorStack.push(result.errorStackMs);
          samples.set(key, sample);
        }
      }
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  return new Map(
    [...samples].map(([key, s]) => [
      key,
      {
        load: stats(s.load),
        first: s.first.length > 0 ? stats(s.first) : undefined,
        errorStack: s.errorStack.length > 0 ? stats(s.errorStack) : undefined,
      },
    ]),
  );
}
