import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { createTodoApp } from '../../lib/todo-app';

/**
 * The context `cdk synth` gives one stage: cdk.json's, with the stage set. Bundling is skipped: no alarm, cost line or
 * dashboard depends on what a bundle holds.
 */
export function stageContext(stage: string): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return { ...cdkJson.context, stage, 'aws:cdk:bundling-stacks': [] };
}

/** Synthesizes one stage of the app ({@link stageContext}) into a temporary cloud assembly. */
export function synthesizeStage(stage: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `alert-replay-${stage}-`));
  const app = new App({ outdir, context: stageContext(stage) });
  createTodoApp(app);
  app.synth();
  return outdir;
}
