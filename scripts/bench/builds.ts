/**
 * The builds the benchmark compares, per function: ours (exactly HANDLER_BUNDLING), the naive reference (esbuild's
 * defaults: CommonJS, unminified, everything bundled), and for the API handlers ours with no-op instrumentation and
 * ours with OpenTelemetry tracing; once for all API handlers, the floor (bench/floor.ts).
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { API_FUNCTIONS, AUDIT_PROCESSOR } from '../../contract/routes';
import { HANDLER_BUNDLING } from '../../lib/config/bundling';

const ROOT = path.join(__dirname, '..', '..');

export type FunctionKind = 'api' | 'stream' | 'custom-resource';

export interface BenchFunction {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly entry: string;
}

/** Every function the app deploys with our bundling: the API's, the audit processor, the custom resource. */
export const BENCH_FUNCTIONS: readonly BenchFunction[] = [
  ...API_FUNCTIONS.map(({ name }) => ({ name, kind: 'api' as const, entry: handlerEntry(name) })),
  { name: AUDIT_PROCESSOR.name, kind: 'stream', entry: handlerEntry(AUDIT_PROCESSOR.name) },
  {
    name: 'canary-user',
    kind: 'custom-resource',
    entry: path.join(ROOT, 'lambda', 'custom-resources', 'canary-user.ts'),
  },
];

export interface Build {
  readonly file: string;
  readonly bytes: number;
  /** Bytes in the output per npm package (or `(project)`), largest first. */
  readonly packages: Array<[string, number]>;
  readonly metafile: esbuild.Metafile;
}

export async function buildOurs(entry: string, outdir: string, plugins: esbuild.Plugin[] = []): Promise<Build> {
  const outfile = path.join(outdir, 'index.mjs');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    outfile,
    format: HANDLER_BUNDLING.format,
    target: HANDLER_BUNDLING.target,
    platform: HANDLER_BUNDLING.platform,
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourcemap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: { js: HANDLER_BUNDLING.banner },
    external: [...HANDLER_BUNDLING.externalModules],
    alias: { ...HANDLER_BUNDLING.alias },
    plugins,
    metafile: true,
    logLevel: 'warning',
  });
  return describe(outfile, result.metafile);
}

/**
 * The naive reference: `esbuild --bundle --platform=node` with nothing else (CommonJS, unminified, no source map,
 * every dependency bundled, the full credential chain included). Lambda's runtime loads it with `import()`, as the
 * benchmark does.
 */
export async function buildReference(entry: string, outdir: string): Promise<Build> {
  const outfile = path.join(outdir, 'index.js');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    outfile,
    platform: 'node',
    metafile: true,
    logLevel: 'warning',
  });
  return describe(outfile, result.metafile);
}

/** The DynamoDB client alone (bench/floor.ts), bundled as the handlers are: what no API handler can load below. */
export function buildFloor(outdir: string): Promise<Build> {
  return buildOurs(path.join(__dirname, 'floor.ts'), outdir);
}

/**
 * The no-op build replaces the API handlers' instrumentation (same exports, no work): the warm path's baseline. Not
 * the audit processor's logger: its log lines are the audit trail itself, the function's work.
 */
export function buildNoOp(entry: string, outdir: string): Promise<Build> {
  return buildReplacing(entry, outdir, {
    'lambda/shared/tracing.ts': path.join(__dirname, 'no-op', 'tracing.ts'),
    'lambda/shared/logger.ts': path.join(__dirname, 'no-op', 'logger.ts'),
    'lambda/shared/metrics.ts': path.join(__dirname, 'no-op', 'metrics.ts'),
  });
}

/** Ours with tracing on OpenTelemetry instead of the X-Ray SDK (bench/otel/tracing.ts). */
export function buildOpenTelemetry(entry: string, outdir: string): Promise<Build> {
  return buildReplacing(entry, outdir, {
    'lambda/shared/tracing.ts': path.join(__dirname, 'otel', 'tracing.ts'),
  });
}

/** Ours with project modules (paths from the repository root) swapped for others. */
function buildReplacing(entry: string, outdir: string, replacements: Record<string, string>): Promise<Build> {
  const plugin: esbuild.Plugin = {
    name: 'replace-modules',
    setup(build) {
      build.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        const relative = path.relative(ROOT, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
        const replacement = replacements[`${relative}.ts`];
        return replacement === undefined ? undefined : { path: replacement };
      });
    },
  };
  return buildOurs(entry, outdir, [plugin]);
}

async function describe(file: string, metafile: esbuild.Metafile): Promise<Build> {
  return { file, bytes: (await stat(file)).size, packages: packageBytes(metafile), metafile };
}

function packageBytes(metafile: esbuild.Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1] : '(project)';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function handlerEntry(name: string): string {
  return path.join(ROOT, 'lambda', 'handlers', `${name}.ts`);
}
