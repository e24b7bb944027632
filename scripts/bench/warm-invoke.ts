/**
 * The warm path: invocations of an already initialised environment, ours against the same handler built with no-op
 * instrumentation (bench/no-op: no logs, metrics or traces), and with OpenTelemetry tracing when asked. Each
 * environment is its own process, as in Lambda (the X-Ray SDK patches `http` per process); two environments per
 * variant, in the order A B C C B A, pooled after their warm-up invocations.
 */
import type { BenchFunction } from './builds';
import type { LambdaEnvironments } from './environment';
import type { NodeBinary } from './node-versions';
import type { Scenarios } from './scenarios';
import { stats, Stats } from './stats';

/** Warm invocation times per variant (`instrumented`, `noOp`, …). */
export type WarmResult = Readonly<Record<string, Stats>>;

export async function measureWarmInvokes(
  environments: LambdaEnvironments,
  scenarios: Scenarios,
  functions: readonly BenchFunction[],
  bundles: (fn: BenchFunction) => Record<string, string>,
  node: NodeBinary,
  warmUp: number,
  runs: number,
): Promise<Map<string, WarmResult>> {
  const results = new Map<string, WarmResult>();
  const perEnvironment = warmUp + Math.ceil(runs / 2);
  for (const fn of functions) {
    const files = bundles(fn);
    const variants = Object.keys(files);
    const samples = Object.fromEntries(variants.map((variant) => [variant, [] as number[]]));
    for (const variant of [...variants, ...[...variants].reverse()]) {
      const result = await environments.run({
        node,
        name: fn.name,
        bundle: files[variant],
        events: await scenarios.events(fn, perEnvironment),
      });
      samples[variant].push(...result.invokeMs.slice(warmUp));
    }
    results.set(fn.name, Object.fromEntries(variants.map((variant) => [variant, stats(samples[variant])])));
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  return results;
}
