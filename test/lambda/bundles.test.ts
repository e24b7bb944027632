/**
 * The Lambda bundles as lib/config/bundling.ts builds them (docs/cold-start.md): what they carry, and that they still
 * work the way Lambda runs them — a fresh `node` with Lambda's environment and tracing on, on Lambda's Node major and
 * on the machine's, against the local tables.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { LocalRuntime, startLocalRuntime } from '../../local/runtime/runtime';
import { BENCH_FUNCTIONS, BenchFunction, Build, buildFloor, buildOurs } from '../../scripts/bench/builds';
import { BENCH_STAGE, BENCH_TABLES, LambdaEnvironments } from '../../scripts/bench/environment';
import { benchEvent } from '../../scripts/bench/events';
import { benchNodes } from '../../scripts/bench/node-versions';

/** The default chain's other links and the clients they carry: never used in Lambda, so never bundled. */
const CREDENTIAL_CHAIN =
  /node_modules\/@aws-sdk\/(credential-provider-(node|sso|ini|process|web-identity|http|login)|nested-clients|token-providers)\//;
const ENV_CREDENTIALS = 'lambda/shared/loading/env-credentials.ts';

let tmp: string;
const builds = new Map<string, Build>();
let runtime: LocalRuntime;
let environments: LambdaEnvironments;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'todo-bundles-'));
  await Promise.all(
    BENCH_FUNCTIONS.map(async (fn) => builds.set(fn.name, await buildOurs(fn.entry, path.join(tmp, fn.name)))),
  );
  runtime = await startLocalRuntime({
    stage: BENCH_STAGE,
    tableNames: BENCH_TABLES,
    stream: 'none',
    environment: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  });
  environments = await LambdaEnvironments.start(tmp, runtime.table.endpoint);
});
afterAll(async () => {
  await environments?.close();
  await runtime?.close();
  await rm(tmp, { recursive: true, force: true });
});

const inputsOf = (fn: BenchFunction): string[] => Object.keys(builds.get(fn.name)!.metafile.inputs);

describe.each(BENCH_FUNCTIONS.map((fn) => [fn.name, fn] as const))('the bundle of %s', (_name, fn) => {
  test('carries no credential provider but the environment one', () => {
    expect(inputsOf(fn).filter((input) => CREDENTIAL_CHAIN.test(input))).toEqual([]);
    if (fn.kind !== 'stream') {
      expect(inputsOf(fn)).toContain(ENV_CREDENTIALS);
    }
  });

  test('loads every Node built-in like require(), none as an ES module', () => {
    const esmImports = Object.values(builds.get(fn.name)!.metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((i) => i.external && (i.kind === 'import-statement' || i.kind === 'dynamic-import'))
      .map((i) => i.path);
    expect(esmImports).toEqual([]);
  });

  test('carries the semver and event-stream stand-ins, not the packages', () => {
    const replaced = /node_modules\/(semver\/|@smithy\/core\/dist-es\/submodules\/event-streams\/)/;
    expect(inputsOf(fn).filter((input) => replaced.test(input))).toEqual([]);
  });
});

describe.each(benchNodes().map((node) => [node.label, node] as const))('on %s, as in Lambda', (_label, node) => {
  const bundleOf = (name: string): string => builds.get(name)!.file;

  test('the API handlers create and read a todo, with environment credentials and tracing on', async () => {
    const user = `bundle-test-${node.version}`;
    const segmentsBefore = environments.segments;
    const created = await environments.run({
      node,
      name: 'create-todo',
      bundle: bundleOf('create-todo'),
      events: [benchEvent({ method: 'POST', path: '/todos', user, body: { title: 'from a bundle' } })],
    });
    expect(created.outcomes).toEqual(['201']);

    const seeded = (await runtime.invoke(
      'create-todo',
      benchEvent({ method: 'POST', path: '/todos', user, body: { title: 'seeded' } }),
    )) as APIGatewayProxyResult;
    const { id } = JSON.parse(seeded.body) as { id: string };
    const read = await environments.run({
      node,
      name: 'get-todo',
      bundle: bundleOf('get-todo'),
      events: [benchEvent({ method: 'GET', path: `/todos/${id}`, user })],
    });
    expect(read.outcomes).toEqual(['200']);
    expect(environments.segments).toBeGreaterThan(segmentsBefore);
  });

  test('the custom resource loads', async () => {
    const loaded = await environments.run({ node, name: 'canary-user', bundle: bundleOf('canary-user'), events: [] });
    expect(loaded.loadMs).toBeGreaterThan(0);
  });
});

describe("the benchmark's floor (scripts/bench/floor.ts)", () => {
  test("is the DynamoDB client alone, with the handlers' loading changes, and answers as Lambda runs it", async () => {
    const floor = await buildFloor(path.join(tmp, 'floor'));
    const inputs = Object.keys(floor.metafile.inputs);
    // Nothing a handler adds on top of the client: no Powertools, no tracing, no handler code.
    expect(
      inputs.filter((input) =>
        /@aws-lambda-powertools|aws-xray-sdk-core|lambda\/(handlers|shared\/(?!loading\/))/.test(input),
      ),
    ).toEqual([]);
    expect(inputs.filter((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/')).length).toBeGreaterThan(
      0,
    );
    expect(inputs).toContain(ENV_CREDENTIALS);

    const [lambdaNode] = benchNodes();
    const answered = await environments.run({
      node: lambdaNode,
      name: 'get-todo',
      bundle: floor.file,
      events: [benchEvent({ method: 'GET', path: '/todos/floor', user: 'floor' })],
    });
    expect(answered.outcomes).toEqual(['200']);
  });
});
