import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every handler is bundled, following the Powertools for AWS Lambda (TypeScript) guidance: ESM, minified,
 * tree-shaken, source maps without embedded sources, the AWS SDK bundled (pinned version, and one file loads faster
 * than the runtime's SDK spread over node_modules), and a `require` shim for the CommonJS dependencies
 * (aws-xray-sdk-core) inside an ESM bundle. Shared by the function construct and `npm run bench`.
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
    logLevel: nodejs.LogLevel.ERROR,
  };
}
