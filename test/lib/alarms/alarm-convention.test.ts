import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SEVERITIES } from '../../../lib/alarms/alert-topics';
import { createTodoApp } from '../../../lib/todo-app';
import { flatten } from '../../support/template-text';

/**
 * The alarm convention, checked once for every alarm the app deploys (all stacks, both stages), from the templates:
 * names, descriptions, routing by severity, children without actions, and the factory's registry matching what
 * notifies. Per-construct tests check their rules, not this wording.
 */
interface DeployedAlarm {
  readonly stage: string;
  readonly name: string;
  readonly description: string;
  readonly actions: unknown[];
  readonly okActions: unknown[];
  readonly rule?: string;
}

const NAME = /^todo-(dev|prod)-[a-z0-9]+(-[a-z0-9]+)*-(critical|warning|info)$/;

function deployed(stage: string) {
  const stacks = createTodoApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
  const alarms: DeployedAlarm[] = [stacks.stateful, stacks.service, stacks.monitoring].flatMap((stack) => {
    const template = Template.fromStack(stack);
    return ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) =>
      Object.values(template.findResources(type)).map((r) => ({
        stage,
        name: r.Properties.AlarmName as string,
        description: flatten(r.Properties.AlarmDescription),
        actions: (r.Properties.AlarmActions as unknown[]) ?? [],
        okActions: (r.Properties.OKActions as unknown[]) ?? [],
        rule: r.Properties.AlarmRule === undefined ? undefined : flatten(r.Properties.AlarmRule),
      })),
    );
  });
  return { stacks, alarms };
}

const stages = ['dev', 'prod'].map(deployed);
const all = stages.flatMap((s) => s.alarms);
const severityOf = (alarm: DeployedAlarm) => alarm.name.split('-').pop()!;
const byName = new Map(all.map((a) => [`${a.stage}/${a.name}`, a]));

test('every alarm is named todo-<stage>-<component>-<signal>-<severity>, once per stage', () => {
  expect(all.length).toBeGreaterThan(50);
  for (const alarm of all) expect(alarm.name).toMatch(NAME);
  expect(byName.size).toBe(all.length);
});

test('every description fits the 1024 characters CloudWatch allows (PutMetricAlarm AlarmDescription)', () => {
  for (const alarm of all) expect([alarm.name, alarm.description.length <= 1024]).toEqual([alarm.name, true]);
});

test("the factory's registry is exactly the set of alarms that notify", () => {
  for (const { stacks, alarms } of stages) {
    const withActions = alarms.filter((a) => a.actions.length > 0).map((a) => a.name);
    expect(new Set(stacks.monitoring.alarms.notifying().map((n) => n.name))).toEqual(new Set(withActions));
  }
});

test('an alarm that notifies reads: summary, Severity, Runbook (named after it), Dashboard, Missing data', () => {
  for (const alarm of all.filter((a) => a.actions.length > 0)) {
    const [summary, severity, runbook, dashboard, missing] = alarm.description.split('\n');
    const id = alarm.name.replace(`todo-${alarm.stage}-`, '');
    expect(summary.length).toBeGreaterThan(30);
    expect(severity).toBe(`Severity: ${severityOf(alarm)}`);
    expect(runbook).toMatch(new RegExp(`^Runbook: https://\\S+/alarms/${id}\\.md$`));
    expect(dashboard).toMatch(new RegExp(`^Dashboard: https://.*#dashboards/dashboard/todo-${alarm.stage}-[a-z]+$`));
    expect(missing).toMatch(/^Missing data: .+/);
  }
});

test('each severity notifies its own topic; critical alarms also send OK so pages resolve', () => {
  const topicOf = (action: unknown) =>
    JSON.stringify(action)
      .match(/AlertTopics(Critical|Warning|Info)Topic/)?.[1]
      .toLowerCase();
  const notifying = all.filter((a) => a.actions.length > 0);
  expect(new Set(notifying.map(severityOf))).toEqual(new Set(SEVERITIES));
  for (const alarm of notifying) {
    expect(alarm.actions.map(topicOf)).toEqual([severityOf(alarm)]);
    expect(alarm.okActions.map(topicOf)).toEqual(severityOf(alarm) === 'critical' ? ['critical'] : []);
  }
});

test('an alarm without actions is a documented silent alarm, or a child its named composite watches', () => {
  for (const alarm of all.filter((a) => a.actions.length === 0 && a.okActions.length === 0)) {
    const parent = /Part of (todo-\S+); no actions of its own\.\nMissing data: .+$/.exec(alarm.description)?.[1];
    if (parent === undefined) {
      // Silent alarms: the CodeDeploy rollback alarms (documented, polled by CodeDeploy) and the API-down suppressor.
      expect(alarm.description).toMatch(
        /^.+\nSeverity: info\nRunbook: https:\/\/\S+\nDashboard: .+\nMissing data: .+$|^The API is down/,
      );
      continue;
    }
    const composite = byName.get(`${alarm.stage}/${parent}`);
    expect(composite?.rule).toBeDefined();
    expect(composite!.actions.length).toBeGreaterThan(0);
  }
});
