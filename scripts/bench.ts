/**
 * `npm run bench`: what our bundling buys, per function of the API.
 *
 *  (a) bundle size of our build (exactly HANDLER_BUNDLING: ESM, minified, external source map);
 *  (b) cold module load of that bundle: a fresh `node` per run, timed inside the child around the import, so process
 *      start is excluded; the environment is the one the handler reads at init in Lambda;
 *  (c) the same for a reference build with NodejsFunction's defaults (CommonJS, unminified, no source map, the SDK
 *      external and resolved from node_modules like the runtime-provided one), and the ratio ours / reference;
 *  (d) warm invoke latency of our bundle against dynalite, in this process.
 *
 * Ours and reference runs are interleaved so machine noise hits both alike. Bundles go to a temp dir. Numbers are
 * printed, never asserted.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as esbuild from 'esbuild';
import { HANDLER_BUNDLING } from '../lib/config/bundling';
import { API_FUNCTIONS, HANDLER_ENV } from '../lambda/routes';
import { buildLambdaContext } from '../local/api-gateway-event';
import { LOCAL_FUNCTION_ENV } from '../local/function-env';
import { LOCAL_AWS_ENV, startLocalDynamoDb } from '../local/local-dynamodb';
import { benchEvent, BenchRequest } from './bench-events';

const ROOT = path.join(__dirname, '..');
const COLD_RUNS = 20;
const WARM_UP = 20;
const WARM_RUNS = 200;
const TARGET_RATIO = 0.4;
/**
 * NodejsFunction's externals for a Node 18+ runtime: `@aws-sdk/*`, plus `@smithy/*` because cdk.json enables
 * `@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages` (both ship with the runtime).
 */
const REFERENCE_EXTERNALS = ['@aws-sdk/*', '@smithy/*'];

const execFileAsync = promisify(execFile);

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface Build {
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes?: number;
  /** Bytes in the output per npm package (or `(project)`), largest first. */
  readonly packages: Array<[string, number]>;
}

interface Stats {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

interface FunctionResult {
  readonly name: string;
  readonly ours: Build;
  readonly reference: Build;
  coldOurs?: Stats;
  coldReference?: Stats;
  warm?: Stats & { readonly failures: number };
}

async function main(): Promise<void> {
  const started = Date.now();
  // Lambda runs Node 24; the SDK's warning about older Node versions would only clutter the report.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'todo-bench-'));
  try {
    log(`node ${process.version}, esbuild ${esbuild.version}, ${os.cpus().length} CPUs; bundles in ${tmp}`);
    const results = await Promise.all(
      API_FUNCTIONS.map(async ({ name }): Promise<FunctionResult> => {
        const entry = path.join(ROOT, 'lambda', 'handlers', `${name}.ts`);
        const [ours, reference] = await Promise.all([
          buildOurs(entry, path.join(tmp, 'ours', name)),
          buildReference(entry, path.join(tmp, 'reference', name)),
        ]);
        return { name, ours, reference };
      }),
    );

    log(`cold module load: ${COLD_RUNS} fresh processes per bundle, ours and reference interleaved`);
    await measureColdLoads(results, tmp);

    log(`warm invoke: ${WARM_UP} warm-up + ${WARM_RUNS} timed invocations per function against dynalite`);
    await measureWarmInvokes(results);

    printReport(results, Date.now() - started);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// ---- (a) and (c): the builds ----

async function buildOurs(entry: string, outdir: string): Promise<Build> {
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
async function buildReference(entry: string, outdir: string): Promise<Build> {
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

// ---- (b) and (c): cold module load ----

/** Runs in a fresh `node`: times only the import of the bundle, as the Lambda runtime loads it at init. */
const LOAD_RUNNER = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const file = process.argv[2];
const started = performance.now();
const mod = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : createRequire(import.meta.url)(file);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, handler: typeof (mod.handler ?? mod.default?.handler) }));
`;

async function measureColdLoads(results: FunctionResult[], tmp: string): Promise<void> {
  const runner = path.join(tmp, 'load-runner.mjs');
  await writeFile(runner, LOAD_RUNNER);
  const samples = new Map<string, { ours: number[]; reference: number[] }>(
    results.map((r) => [r.name, { ours: [], reference: [] }]),
  );
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const result of results) {
      const order = run % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const);
      for (const variant of order) {
        samples.get(result.name)![variant].push(await loadOnce(runner, result[variant].file, result.name));
      }
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  for (const result of results) {
    const { ours, reference } = samples.get(result.name)!;
    result.coldOurs = stats(ours);
    result.coldReference = stats(reference);
  }
}

async function loadOnce(runner: string, file: string, name: string): Promise<number> {
  const { stdout } = await execFileAsync(process.execPath, [runner, file], {
    env: lambdaInitEnv(name),
    cwd: path.dirname(file),
  });
  const { ms, handler } = JSON.parse(stdout) as { ms: number; handler: string };
  if (handler !== 'function') {
    throw new Error(`${file} does not export a handler function`);
  }
  return ms;
}

/** The environment Lambda gives the function at init (nothing inherited from this shell). */
function lambdaInitEnv(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    // Where the reference build finds the SDK it leaves external (the runtime's own copy in Lambda).
    NODE_PATH: path.join(ROOT, 'node_modules'),
    ...LOCAL_AWS_ENV,
    AWS_DEFAULT_REGION: LOCAL_AWS_ENV.AWS_REGION,
    AWS_LAMBDA_FUNCTION_NAME: `todo-bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    ...LOCAL_FUNCTION_ENV,
    [HANDLER_ENV.todoTableName]: 'todo-bench-todos',
    [HANDLER_ENV.idempotencyTableName]: 'todo-bench-idempotency',
    [HANDLER_ENV.corsAllowedOrigins]: '*',
    [HANDLER_ENV.stage]: 'bench',
  };
}

// ---- (d): warm invoke ----

async function measureWarmInvokes(results: FunctionResult[]): Promise<void> {
  const db = await startLocalDynamoDb({
    todoTableName: 'todo-bench-todos',
    idempotencyTableName: 'todo-bench-idempotency',
  });
  Object.assign(process.env, lambdaInitEnv('warm'), { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const handlers = new Map<string, ApiHandler>();
  for (const result of results) {
    const mod = (await import(pathToFileURL(result.ours.file).href)) as { handler: ApiHandler };
    handlers.set(result.name, mod.handler);
  }
  const invoke = async (name: string, request: BenchRequest): Promise<APIGatewayProxyResult> =>
    handlers.get(name)!(benchEvent(request), buildLambdaContext(name));
  const createFor = async (user: string, title: string): Promise<string> => {
    const response = await invoke('create-todo', { method: 'POST', path: '/todos', user, body: { title } });
    if (response.statusCode !== 201) {
      throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
    }
    return (JSON.parse(response.body) as { id: string }).id;
  };

  // The handlers log and emit EMF on stdout as in Lambda: the work of formatting them is measured, the terminal is not.
  const silenced = silenceStdout();
  try {
    const reader = `bench-reader-${randomUUID()}`;
    const seeded = await Promise.all([1, 2, 3, 4, 5].map((i) => createFor(reader, `seeded todo ${i}`)));
    for (const result of results) {
      const scenario = scenarios(result.name, reader, seeded[0], createFor);
      const timings: number[] = [];
      let failures = 0;
      for (let i = 0; i < WARM_UP + WARM_RUNS; i++) {
        const request = await scenario(i);
        const event = benchEvent(request);
        const context = buildLambdaContext(result.name);
        const handler = handlers.get(result.name)!;
        const start = performance.now();
        const response = await handler(event, context);
        const elapsed = performance.now() - start;
        if (i >= WARM_UP) {
          timings.push(elapsed);
          failures += response.statusCode >= 400 ? 1 : 0;
        }
      }
      result.warm = { ...stats(timings), failures };
    }
  } finally {
    silenced.restore();
    await db.close();
  }
}

type Scenario = (i: number) => Promise<BenchRequest>;

/** One realistic request per iteration; any setup it needs (fresh todos to delete) happens outside the timing. */
function scenarios(
  name: string,
  reader: string,
  readerTodo: string,
  createFor: (user: string, title: string) => Promise<string>,
): Scenario {
  switch (name) {
    case 'list-todos':
      return async () => ({ method: 'GET', path: '/todos', user: reader });
    case 'get-todo':
      return async () => ({ method: 'GET', path: `/todos/${readerTodo}`, user: reader });
    case 'create-todo': {
      const user = `bench-writer-${randomUUID()}`;
      return async (i) => ({
        method: 'POST',
        path: '/todos',
        user,
        headers: { 'Idempotency-Key': randomUUID() },
        body: { title: `todo ${i}` },
      });
    }
    case 'update-todo':
      return async (i) => ({
        method: 'PATCH',
        path: `/todos/${readerTodo}`,
        user: reader,
        body: { title: `renamed ${i}`, completed: i % 2 === 0 },
      });
    case 'delete-todo':
      return async () => {
        const user = `bench-deleter-${randomUUID()}`;
        return { method: 'DELETE', path: `/todos/${await createFor(user, 'to delete')}`, user };
      };
    case 'delete-all-todos':
      return async () => {
        const user = `bench-clearer-${randomUUID()}`;
        for (const n of [1, 2, 3]) {
          await createFor(user, `to clear ${n}`);
        }
        return { method: 'DELETE', path: '/todos', user };
      };
    default:
      throw new Error(`no benchmark scenario for ${name}; add one to scripts/bench.ts`);
  }
}

function silenceStdout(): { restore(): void } {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((_chunk: unknown, ...rest: unknown[]) => {
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return { restore: () => (process.stdout.write = write) };
}

// ---- Report ----

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const p50 =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { p50, p90: at(0.9), p99: at(0.99) };
}

function printReport(results: FunctionResult[], elapsedMs: number): void {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const ratio = (r: FunctionResult): number => r.coldOurs!.p50 / r.coldReference!.p50;
  const rows = results.map((r) => [
    r.name,
    kb(r.ours.bytes),
    kb(r.ours.mapBytes ?? 0),
    kb(r.reference.bytes),
    `${ms(r.coldOurs!.p50)} (${ms(r.coldOurs!.p90)})`,
    `${ms(r.coldReference!.p50)} (${ms(r.coldReference!.p90)})`,
    ratio(r).toFixed(2),
    ratio(r) <= TARGET_RATIO ? 'PASS' : 'MISS',
    `${ms(r.warm!.p50)} / ${ms(r.warm!.p99)}${r.warm!.failures > 0 ? ` (${r.warm!.failures} errors)` : ''}`,
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
      `Warm = ${WARM_RUNS} invocations after ${WARM_UP} warm-up, in one process, against dynalite.`,
  );
  console.log('\nLargest packages in our bundles (bytes in output):');
  for (const r of results) {
    const total = r.ours.packages.reduce((sum, [, bytes]) => sum + bytes, 0);
    const top = r.ours.packages.slice(0, 5).map(([name, bytes]) => `${name} ${((100 * bytes) / total).toFixed(0)}%`);
    console.log(`- ${r.name}: ${top.join(', ')}`);
  }
  const summary = {
    node: process.version,
    esbuild: esbuild.version,
    coldRuns: COLD_RUNS,
    warmRuns: WARM_RUNS,
    targetRatio: TARGET_RATIO,
    elapsedSeconds: Math.round(elapsedMs / 1000),
    functions: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          bundleBytes: r.ours.bytes,
          sourceMapBytes: r.ours.mapBytes,
          referenceBytes: r.reference.bytes,
          coldLoadMs: { p50: round(r.coldOurs!.p50), p90: round(r.coldOurs!.p90) },
          referenceColdLoadMs: { p50: round(r.coldReference!.p50), p90: round(r.coldReference!.p90) },
          ratio: round(ratio(r), 2),
          pass: ratio(r) <= TARGET_RATIO,
          warmInvokeMs: { p50: round(r.warm!.p50), p99: round(r.warm!.p99), errors: r.warm!.failures },
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
