import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../lib/todo-app';
import { flatten } from '../support/template-text';

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

// Bundling skipped: only the monitoring template matters here.
const app = new App({ context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] } });
const stacks = createTodoApp(app);
const template = Template.fromStack(stacks.monitoring);
const runbookBase = `${stacks.config.alarming.runbookBaseUrl}/alarms/`;

interface AlarmInfo {
  readonly name: string;
  readonly description: string;
  readonly actions: unknown[];
  readonly okActions: unknown[];
}

const alarms: AlarmInfo[] = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) =>
  Object.values(template.findResources(type)).map((resource) => ({
    name: resource.Properties.AlarmName as string,
    description: flatten(resource.Properties.AlarmDescription),
    actions: (resource.Properties.AlarmActions as unknown[]) ?? [],
    okActions: (resource.Properties.OKActions as unknown[]) ?? [],
  })),
);
const notifying = alarms.filter((a) => a.actions.length > 0);
const runbookFiles = fs.readdirSync(path.join(RUNBOOKS, 'alarms')).filter((f) => f.endsWith('.md'));

function runbookIdOf(alarm: AlarmInfo): string {
  const line = alarm.description.split('\n').find((l) => l.startsWith('Runbook: '));
  if (!line) throw new Error(`${alarm.name} has no Runbook line`);
  const url = line.slice('Runbook: '.length);
  expect(url.startsWith(runbookBase)).toBe(true);
  return url.slice(runbookBase.length).replace(/\.md$/, '');
}

test('every alarm with actions links a runbook that exists, named after the alarm', () => {
  expect(notifying.length).toBeGreaterThan(10);
  for (const alarm of notifying) {
    const id = runbookIdOf(alarm);
    expect(alarm.name).toBe(`todo-prod-${id}`);
    expect(runbookFiles).toContain(`${id}.md`);
  }
});

test('every runbook belongs to an alarm with actions', () => {
  const linked = new Set(notifying.map(runbookIdOf));
  expect(runbookFiles.map((f) => f.replace(/\.md$/, '')).filter((id) => !linked.has(id))).toEqual([]);
});

test.each(runbookFiles)('%s has every required section, in order, and states its severity', (file) => {
  const text = fs.readFileSync(path.join(RUNBOOKS, 'alarms', file), 'utf8');
  const positions = REQUIRED_SECTIONS.map((heading) => text.split('\n').findIndex((line) => line.trim() === heading));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  const severity = /^Severity: (critical|warning|info)\s*$/m.exec(text)?.[1];
  expect(file.replace(/\.md$/, '').endsWith(`-${severity}`)).toBe(true);
});

test('alarm descriptions follow the convention: sentence, Severity, Runbook, Dashboard', () => {
  for (const alarm of notifying) {
    const [summary, severity, runbook, dashboard] = alarm.description.split('\n');
    expect(summary.length).toBeGreaterThan(30);
    expect(severity).toBe(`Severity: ${alarm.name.split('-').pop()}`);
    expect(runbook).toMatch(/^Runbook: https:\/\//);
    expect(dashboard).toMatch(/^Dashboard: https:\/\/.*#dashboards\/dashboard\/todo-prod-/);
    expect(alarm.description).toMatch(/\nMissing data: .+/);
  }
});

test('each severity notifies its own topic; critical alarms also send OK so pages resolve', () => {
  const topicOf = (action: unknown) =>
    JSON.stringify(action)
      .match(/AlertTopics(Critical|Warning|Info)Topic/)?.[1]
      .toLowerCase();
  for (const alarm of notifying) {
    const severity = alarm.name.split('-').pop();
    expect(alarm.actions.map(topicOf)).toEqual([severity]);
    expect(alarm.okActions.map(topicOf)).toEqual(severity === 'critical' ? ['critical'] : []);
  }
});

test('alarm counts per severity', () => {
  const count = (severity: string) => notifying.filter((a) => a.name.endsWith(`-${severity}`)).length;
  expect({ critical: count('critical'), warning: count('warning'), info: count('info') }).toEqual({
    critical: 6,
    warning: 15,
    info: 2,
  });
});
