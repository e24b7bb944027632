import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { createTodoApp } from '../../lib/todo-app';

const RUNBOOKS = path.join(__dirname, '..', '..', 'runbooks');
const REQUIRED_SECTIONS = [
  '## What this alarm means',
  '## Impact',
  '## First five minutes',
  '## Likely causes',
  '## Mitigation and recovery',
  '## Escalation',
  '## Verify recovery',
];

// Bundling skipped: only the alarm registry matters here.
const app = new App({ context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] } });
const stacks = createTodoApp(app);
/** The alarm factory's registry: every alarm and event rule that notifies someone, with the runbook it links. */
const notifying = stacks.monitoring.alarms.notifications();
const runbookBase = `${stacks.config.alarming.runbookBaseUrl}/alarms/`;
const runbookFiles = fs.readdirSync(path.join(RUNBOOKS, 'alarms')).filter((f) => f.endsWith('.md'));
const runbookFileOf = (url: string) => {
  expect(url.startsWith(runbookBase)).toBe(true);
  return url.slice(runbookBase.length);
};

test('every alarm and event rule that notifies links a runbook that exists, named after it', () => {
  expect(notifying.length).toBeGreaterThan(10);
  // The registry holds event rules too (the CodeDeploy rollback rule), so their runbooks are held to the same rules.
  expect(stacks.monitoring.alarms.notifyingRules().map((r) => r.name)).toContain(
    'todo-prod-deployment-rolled-back-warning',
  );
  for (const alarm of notifying) {
    const file = runbookFileOf(alarm.runbookUrl);
    expect(`todo-prod-${file}`).toBe(`${alarm.name}.md`);
    expect(runbookFiles).toContain(file);
  }
});

test('every runbook belongs to an alarm or event rule that notifies', () => {
  const linked = new Set(notifying.map((alarm) => runbookFileOf(alarm.runbookUrl)));
  expect(runbookFiles.filter((file) => !linked.has(file))).toEqual([]);
});

test.each(runbookFiles)('%s has every required section, in order, and states its severity', (file) => {
  const text = fs.readFileSync(path.join(RUNBOOKS, 'alarms', file), 'utf8');
  const positions = REQUIRED_SECTIONS.map((heading) => text.split('\n').findIndex((line) => line.trim() === heading));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  const severity = /^Severity: (critical|warning|info)\s*$/m.exec(text)?.[1];
  expect(file.replace(/\.md$/, '').endsWith(`-${severity}`)).toBe(true);
});
