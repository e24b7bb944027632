/**
 * The two builds the benchmark compares, per function: ours (exactly HANDLER_BUNDLING) and a reference with
 * NodejsFunction's defaults.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { HANDLER_BUNDLING } from '../../lib/config/bundling';

/**
 * NodejsFunction's externals for a Node 18+ runtime: `@aws-sdk/*`, plus `@smithy/*` because cdk.json enables
 * `@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages` (both ship with the runtime).
 */
export const REFERENCE_EXTERNALS = ['@aws-sdk/*', '@smithy/*'];

export interface Build {
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes?: number;
  /** Bytes in the output per npm package (or `(project)`), largest first. */
  readonly packages: Array<[string, number]>;
}

export async function buildOurs(entry: string, outdir: string): Promise<Build> {
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
    metafile: true,
    logLevel: 'warning',
  });
  return {
    file: outfile,
    bytes: (await stat(outfile)).size,
    mapBytes: (await stat(`${outfile}.map`)).size,
    packages: packageBytes(result.metafile),
  };
}

/** What `new NodejsFunction(this, id, { entry, runtime: NODEJS_24_X })` produces with no bundling options. */
export async function buildReference(entry: string, outdir: string): Promise<Build> {
  const outfile = path.join(outdir, 'index.js');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    outfile,
    target: 'node24',
    platform: 'node',
    external: REFERENCE_EXTERNALS,
    metafile: true,
    logLevel: 'warning',
  });
  return { file: outfile, bytes: (await stat(outfile)).size, packages: packageBytes(result.metafile) };
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
