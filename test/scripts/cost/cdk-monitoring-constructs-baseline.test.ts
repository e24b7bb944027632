import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  alarmMetrics,
  alarmPropsOf,
  BaselineSummary,
  buildBaseline,
  countTemplate,
  FIXTURES,
  GENERATED_NAME,
  libraryVersion,
  MetricJson,
  MonitoredResource,
  TemplateJson,
} from '../../../scripts/cost/cdk-monitoring-constructs-baseline';

const template = JSON.parse(fs.readFileSync(FIXTURES.template, 'utf8')) as TemplateJson;
const summary = JSON.parse(fs.readFileSync(FIXTURES.summary, 'utf8')) as BaselineSummary;
const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
// Building the baseline takes a few seconds (no bundling, no CloudFormation validation under jest): check it is current.
const fresh = buildBaseline();

const key = (r: MonitoredResource) => `${r.type} ${r.name}`;

/** The monitored resources a metric identifies, by namespace and dimension (a reference stands for a generated name). */
function ownersOf(metric: MetricJson): MonitoredResource[] {
  return summary.monitoredResources.filter(
    (r) =>
      r.namespace === metric.Namespace &&
      (metric.Dimensions ?? []).some(
        (d) =>
          d.Name === r.dimension &&
          (typeof d.Value === 'string' ? d.Value === r.name : r.name.startsWith(GENERATED_NAME)),
      ),
  );
}

test('the summary has the counts of the committed template', () => {
  expect(summary).toMatchObject(countTemplate(template));
  expect(summary.alarms).toBe(alarms.length);
  expect(summary.dashboards).toBe(
    Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard').length,
  );
});

test('every alarm watches one monitored resource, as many per resource as the summary says', () => {
  const perResource = new Map<string, number>();
  for (const alarm of alarms) {
    const owners = new Set(alarmMetrics(alarm).flatMap((m) => ownersOf(m).map(key)));
    expect([alarm.Properties?.AlarmName, owners.size]).toEqual([alarm.Properties?.AlarmName, 1]);
    const [owner] = owners;
    perResource.set(owner, (perResource.get(owner) ?? 0) + 1);
  }
  expect(Object.fromEntries(perResource)).toEqual(
    Object.fromEntries(summary.monitoredResources.map((r) => [key(r), r.alarms])),
  );
});

test('the alarms read our resources by their names', () => {
  const dimensions = alarms.flatMap((a) => alarmMetrics(a).flatMap((m) => m.Dimensions ?? []));
  expect(dimensions).toContainEqual({ Name: 'ApiName', Value: 'todo-prod-api' });
  expect(dimensions).toContainEqual({ Name: 'Stage', Value: 'prod' });
  expect(dimensions).toContainEqual({ Name: 'FunctionName', Value: 'todo-prod-list-todos' });
  expect(dimensions).toContainEqual({ Name: 'FunctionName', Value: 'todo-prod-audit-stream-processor' });
  expect(dimensions).toContainEqual({ Name: 'CanaryName', Value: 'todo-prod-heartbeat' });
});

test('each resource got every add…Alarm prop the library declares, but those listed as not applicable', () => {
  for (const resource of summary.monitoredResources) {
    const notApplicable = summary.notApplicable
      .filter((g) => g.resources.includes(resource.name))
      .reduce((n, g) => n + g.props.length, 0);
    expect([resource.name, resource.alarmProps]).toEqual([
      resource.name,
      alarmPropsOf(resource.monitoringProps).length,
    ]);
    expect([resource.name, resource.alarms + notApplicable]).toEqual([resource.name, resource.alarmProps]);
  }
});

test('the summary is of the installed library, pinned exactly in package.json', () => {
  const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  expect(summary.libraryVersion).toBe(libraryVersion());
  expect(packageJson.devDependencies['cdk-monitoring-constructs']).toBe(libraryVersion());
});

test('the committed summary and template are current (else run npm run cost:baseline)', () => {
  expect(fresh.summary).toEqual(summary);
  // Compared whole but reported briefly: a diff of the 400 kB template would bury the cause.
  expect(isDeepStrictEqual(JSON.parse(JSON.stringify(fresh.template)), template)).toBe(true);
});
