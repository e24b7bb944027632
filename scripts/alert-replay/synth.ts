import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { createTodoApp } from '../../lib/todo-app';

/**
 * Synthesizes one stage of the app into a temporary cloud assembly, with cdk.json's context as `cdk synth` applies
 * it. Bundling is skipped: no alarm depends on what a bundle holds.
 */
export function synthesizeStage(stage: string): string {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `alert-replay-${stage}-`));
  const app = new App({ outdir, context: { ...cdkJson.context, stage, 'aws:cdk:bundling-stacks': [] } });
  createTodoApp(app);
  app.synth();
  return outdir;
}
