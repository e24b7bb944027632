import * as path from 'node:path';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/** The modules the bundles load in place of packages and built-ins (lambda/shared/loading). */
const LOADING_DIR = path.join(__dirname, '..', '..', 'lambda', 'shared', 'loading');

/**
 * The Node built-ins that bundled packages import as ES modules (`import … from 'node:http'`). Each is aliased to a
 * one-line CommonJS stand-in that returns `process.getBuiltinModule(name)` (Node ≥ 20.16 / 22.3,
 * https://nodejs.org/api/process.html#processgetbuiltinmoduleid): an ES import of a built-in makes Node enumerate
 * every export, which on Node 24 runs `node:http`'s lazy WebSocket getters and loads undici (~20 ms, measured in
 * docs/cold-start.md); loading it like `require()` does not. test/lambda/bundles.test.ts fails when a dependency
 * starts importing another.
 */
const BUILTIN_STAND_INS = [
  'async_hooks',
  'child_process',
  'console',
  'crypto',
  'diagnostics_channel',
  'fs',
  'fs/promises',
  'http',
  'https',
  'os',
  'path',
  'process',
  'stream',
  'url',
  'util',
  'zlib',
] as const;

/** Import path → the file the bundle loads instead. Why each one: docs/cold-start.md. */
const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // Lambda gives the function its credentials in the environment; the rest of the chain never runs there.
  '@aws-sdk/credential-provider-node': path.join(LOADING_DIR, 'env-credentials.ts'),
  // Only the X-Ray SDK's v2 patcher uses it, for one comparison.
  semver: path.join(LOADING_DIR, 'semver.ts'),
  // Loaded lazily, for event-stream operations only; none of the bundled clients has one.
  '@smithy/core/event-streams': path.join(LOADING_DIR, 'no-event-streams.ts'),
  ...Object.fromEntries(
    BUILTIN_STAND_INS.flatMap((name) => {
      const file = path.join(LOADING_DIR, 'builtins', `${name.replace('/', '-')}.cjs`);
      return [
        [name, file],
        [`node:${name}`, file],
      ];
    }),
  ),
};

/**
 * How every handler is bundled, following the Powertools for AWS Lambda (TypeScript) guidance: ESM, minified,
 * tree-shaken, source maps without embedded sources, the AWS SDK bundled (pinned version, and one file loads faster
 * than the runtime's SDK spread over node_modules), a `require` shim for the CommonJS dependencies
 * (aws-xray-sdk-core) inside an ESM bundle, and {@link BUNDLE_ALIASES}. Shared by the function construct and
 * `npm run bench`.
 */
export const HANDLER_BUNDLING = {
  format: 'esm',
  target: 'node24',
  platform: 'node',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  externalModules: [] as string[],
  alias: BUNDLE_ALIASES,
} as const;

/** {@link HANDLER_BUNDLING} as NodejsFunction bundling options (local esbuild, no Docker). */
export function nodejsBundlingOptions(): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: HANDLER_BUNDLING.target,
    minify: HANDLER_BUNDLING.minify,
    sourceMap: HANDLER_BUNDLING.sourcemap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: HANDLER_BUNDLING.banner,
    bundleAwsSDK: true,
    externalModules: [...HANDLER_BUNDLING.externalModules],
    // NodejsFunction has no `alias` option; each array item becomes one `--alias:<from>=<to>` argument.
    esbuildArgs: { '--alias': Object.entries(HANDLER_BUNDLING.alias).map(([from, to]) => `${from}=${to}`) },
    logLevel: nodejs.LogLevel.ERROR,
  };
}
