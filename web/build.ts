/**
 * Builds the web client in memory with esbuild (synchronously: the CDK app calls it at synth time, the local server
 * on its first page request). ESM with code splitting (aws-rum-web becomes a chunk loaded only when RUM is on),
 * minified, content-hashed names under `assets/`, linked source maps, and `index.html` filled in from
 * `web/index.html`. The output is byte-identical wherever the repository is checked out: every path esbuild writes
 * is relative to the fixed output directory `<repo>/web/dist`.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
// esbuild is a devDependency: the build runs at synth time and locally, never in the browser or in Lambda.
import { buildSync, type Metafile } from 'esbuild';
import { WEB_ASSETS_PREFIX, WEB_ENTRY_DOCUMENT, WEB_FAVICON } from './site-layout';

export interface WebBuildOutput {
  /** Site-root-relative paths ('index.html', 'favicon.svg', 'assets/main-<hash>.js', 'assets/main-<hash>.css', chunks...) to bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

const REPO_ROOT = path.join(__dirname, '..');
/** Browsers with ES2020 modules, dynamic import and optional chaining. */
const TARGET = ['es2020'];
const STYLES_MARKER = '<!-- web-build:styles -->';
const SCRIPTS_MARKER = '<!-- web-build:scripts -->';

/** Builds the app of the repository this file lives in. */
export function buildWebClient(): WebBuildOutput {
  return buildWebClientAt(REPO_ROOT);
}

/** Writes built `files` under `outDir` (created when missing). */
export function writeWebFiles(outDir: string, files: WebBuildOutput['files']): void {
  for (const [name, bytes] of files) {
    const target = path.join(outDir, ...name.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

/** The build of the app under `rootDir/web` (tests build copies of the repository elsewhere). */
export function buildWebClientAt(rootDir: string): WebBuildOutput {
  const webDir = path.join(rootDir, 'web');
  const entry = 'web/src/main.ts';
  const result = buildSync({
    absWorkingDir: rootDir,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: TARGET,
    // Never written: a fixed directory only so that every path in the output is relative to the same place.
    outdir: path.join(webDir, 'dist'),
    write: false,
    entryNames: `${WEB_ASSETS_PREFIX}[name]-[hash]`,
    chunkNames: `${WEB_ASSETS_PREFIX}[name]-[hash]`,
    assetNames: `${WEB_ASSETS_PREFIX}[name]-[hash]`,
    sourcemap: 'linked',
    metafile: true,
    charset: 'utf8',
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    const text = result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n');
    throw new Error(`The web client build has warnings:\n${text}`);
  }
  const outDir = path.join(webDir, 'dist');
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) {
    files.set(path.relative(outDir, file.path).split(path.sep).join('/'), file.contents);
  }

  const { script, stylesheet, preloads } = entryOutputs(result.metafile, entry);
  const template = readFileSync(path.join(webDir, WEB_ENTRY_DOCUMENT), 'utf8');
  for (const marker of [STYLES_MARKER, SCRIPTS_MARKER]) {
    if (template.split(marker).length !== 2) {
      throw new Error(`web/${WEB_ENTRY_DOCUMENT} must contain ${marker} exactly once`);
    }
  }
  const indent = (lines: string[]): string => lines.join('\n    ');
  const html = template
    .replace(STYLES_MARKER, indent(stylesheet.map((href) => `<link rel="stylesheet" href="/${href}" />`)))
    .replace(
      SCRIPTS_MARKER,
      indent([
        `<script type="module" src="/${script}"></script>`,
        ...preloads.map((href) => `<link rel="modulepreload" href="/${href}" />`),
      ]),
    );
  files.set(WEB_ENTRY_DOCUMENT, new TextEncoder().encode(html));
  files.set(WEB_FAVICON, readFileSync(path.join(webDir, WEB_FAVICON)));

  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** The entry's script, its CSS bundle and the chunks it imports statically, as site-root-relative paths. */
function entryOutputs(metafile: Metafile, entry: string): { script: string; stylesheet: string[]; preloads: string[] } {
  const sitePath = (outputPath: string): string => {
    const at = outputPath.indexOf(`/dist/${WEB_ASSETS_PREFIX}`);
    return outputPath.slice(at + '/dist/'.length);
  };
  const found = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint === entry);
  if (found === undefined) {
    throw new Error(`esbuild produced no output for ${entry}`);
  }
  const [scriptPath, output] = found;
  const preloads = output.imports.filter((i) => i.kind === 'import-statement').map((i) => sitePath(i.path));
  return {
    script: sitePath(scriptPath),
    stylesheet: output.cssBundle === undefined ? [] : [sitePath(output.cssBundle)],
    preloads,
  };
}
