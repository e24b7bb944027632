/**
 * Child process of the review: synthesizes one side (a project checkout given as the working directory) with that
 * checkout's own code and dependencies, then runs that checkout's cost model and alert replay on the output.
 * Runs in its own process so the base's aws-cdk-lib and modules never mix with the head's.
 *
 * tsx side-worker.ts <result.json> <stage> <rps> <replay: yes|no> [<cdk.out to reuse>]
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SideResult, Section } from './side';

const [resultFile, stage, rpsText, replayFlag, givenOut] = process.argv.slice(2);
const root = process.cwd();
// Modules of the checkout under review, resolved from its root (its node_modules, its lib/).
const fromRoot: (request: string) => unknown = createRequire(path.join(root, 'package.json'));
const exists = (file: string) => fs.existsSync(path.join(root, file));

function synthesize(): string {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const { App } = fromRoot('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { createTodoApp } = fromRoot('./lib/todo-app') as { createTodoApp: (app: unknown) => void };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `review-${stage}-`));
  const app = new App({ outdir, context: { ...cdkJson.context, stage, 'aws:cdk:bundling-stacks': [] } });
  createTodoApp(app);
  app.synth();
  return outdir;
}

function cost(cdkOut: string): Section<unknown> {
  if (!exists('lib/cost/cost-report.ts')) return { status: 'unavailable', reason: 'no lib/cost/cost-report.ts' };
  const { costReport, readTemplates } = fromRoot('./lib/cost/cost-report') as {
    costReport: (stage: string, templates: unknown, rps: number[]) => unknown;
    readTemplates: (dir: string) => unknown;
  };
  return { status: 'ok', value: costReport(stage, readTemplates(cdkOut), [Number(rpsText)]) };
}

async function replay(cdkOut: string): Promise<Section<unknown>> {
  if (replayFlag !== 'yes') return { status: 'skipped', reason: '--no-replay' };
  if (!exists('scripts/alert-replay/suite.ts')) {
    return { status: 'unavailable', reason: 'no scripts/alert-replay/suite.ts' };
  }
  const { replaySuite, suiteScenarios } = fromRoot('./scripts/alert-replay/suite') as {
    replaySuite: (o: string, s: string, sc: unknown[], opt: { suite: boolean }) => Promise<{ json: unknown }>;
    suiteScenarios: () => unknown[];
  };
  return { status: 'ok', value: (await replaySuite(cdkOut, stage, suiteScenarios(), { suite: true })).json };
}

// A failing section is reported as unavailable with its error; only a failing synth fails the side.
async function guarded(run: () => Section<unknown> | Promise<Section<unknown>>): Promise<Section<unknown>> {
  try {
    return await run();
  } catch (error) {
    return { status: 'unavailable', reason: (error as Error).message.split('\n')[0] };
  }
}

async function main(): Promise<void> {
  const cdkOut = givenOut ?? synthesize();
  const result: SideResult = {
    cdkOut,
    cost: await guarded(() => cost(cdkOut)),
    replay: await guarded(() => replay(cdkOut)),
  };
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
