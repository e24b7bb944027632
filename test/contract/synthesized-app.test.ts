/**
 * Contract conventions checked once, app-wide, on the synthesized prod app: the log groups the app names, and the
 * handler metrics the alarms and dashboards read.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { logGroupName } from '../../contract/log-groups';
import {
  API_METRICS,
  API_SERVICE_NAME,
  AUDIT_METRICS,
  AUDIT_SERVICE_NAME,
  METRICS_NAMESPACE,
} from '../../contract/telemetry';
import { createTodoApp } from '../../lib/todo-app';

const app = createTodoApp(
  new App({
    context: { stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty', 'aws:cdk:bundling-stacks': [] },
  }),
);
const stacks: Stack[] = [app.stateful, app.service, app.monitoring, ...(app.chaos ? [app.chaos] : [])];
const templates = stacks.map((stack) => Template.fromStack(stack));

/** A CloudFormation value as text, with every token rendered as `<token>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(render).join(join[0]);
  return '<token>';
}

/**
 * Names AWS fixes (Lambda's, API Gateway's execution logs) or requires (WAF logs go only to groups named
 * aws-waf-logs-…, https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 */
const AWS_NAMED = /^(\/aws\/(lambda|apigateway)\/|API-Gateway-Execution-Logs_|aws-waf-logs-)/;

test('every log group the app names itself is /todo/<stage>/<component>', () => {
  const names = templates.flatMap((t) =>
    Object.values(t.findResources('AWS::Logs::LogGroup'))
      .map((r) => r.Properties?.LogGroupName)
      .filter((name) => name !== undefined)
      .map(render),
  );
  const own = names.filter((name) => !AWS_NAMED.test(name));
  expect(own.length).toBeGreaterThan(0);
  for (const name of own) {
    const component = name.split('/').pop()!;
    expect(name).toBe(logGroupName(app.config, component));
  }
});

interface ReadMetric {
  readonly by: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
}

/** Every metric in the handlers' namespace that an alarm or a dashboard widget reads. */
function readMetrics(): ReadMetric[] {
  const found: ReadMetric[] = [];
  for (const template of templates) {
    for (const [id, alarm] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
      const p = alarm.Properties;
      const stats = [p, ...(p.Metrics ?? []).map((q: { MetricStat?: { Metric: unknown } }) => q.MetricStat?.Metric)];
      for (const m of stats) {
        if (m?.Namespace !== METRICS_NAMESPACE) continue;
        const dimensions = Object.fromEntries(
          (m.Dimensions ?? []).map((d: { Name: string; Value: unknown }) => [d.Name, render(d.Value)]),
        );
        found.push({ by: `alarm ${id}`, name: m.MetricName, dimensions });
      }
    }
    for (const [id, dashboard] of Object.entries(template.findResources('AWS::CloudWatch::Dashboard'))) {
      const body = JSON.parse(render(dashboard.Properties.DashboardBody)) as {
        widgets: Array<{ properties: { metrics?: unknown[][] } }>;
      };
      for (const row of body.widgets.flatMap((w) => w.properties.metrics ?? [])) {
        if (row[0] !== METRICS_NAMESPACE) continue;
        const pairs = row.slice(2).filter((part) => typeof part === 'string') as string[];
        const dimensions: Record<string, string> = {};
        for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
        found.push({ by: `dashboard ${id}`, name: String(row[1]), dimensions });
      }
    }
  }
  return found;
}

const read = readMetrics();

/** The service and extra dimensions the contract gives each metric in the handlers' namespace. */
const CONTRACT = new Map<string, { service: string; dimensions: string[] }>([
  ...Object.entries(API_METRICS).map(([name, dimension]): [string, { service: string; dimensions: string[] }] => [
    name,
    { service: API_SERVICE_NAME, dimensions: dimension === null ? [] : [dimension] },
  ]),
  ...AUDIT_METRICS.map((name): [string, { service: string; dimensions: string[] }] => [
    name,
    { service: AUDIT_SERVICE_NAME, dimensions: [] },
  ]),
]);

test('alarms and dashboards read the handler metrics the contract declares, under their dimension sets', () => {
  // Not vacuous: per-route and per-operation metrics are read too.
  expect(read.some((m) => 'route' in m.dimensions) && read.some((m) => 'operation' in m.dimensions)).toBe(true);
  for (const { by, name, dimensions } of read) {
    const { service, ...rest } = dimensions;
    expect({ by, name, service, dimensions: Object.keys(rest) }).toEqual({ by, name, ...CONTRACT.get(name) });
  }
});
