/**
 * The comparison point of the cost model (issue 13): cdk-monitoring-constructs' "all alarms" setup on the resources
 * our own monitoring watches, measured rather than quoted. It builds the real prod app (createTodoApp) in a fresh App
 * and, next to it, a stack `CdkMonitoringConstructsBaseline` whose MonitoringFacade monitors the same REST API, the
 * seven functions, the todo table, the two dead-letter queues, the web ACL and the two canaries, each with every
 * `add…Alarm` prop the library's monitoring class declares (one threshold each), and the library's default dashboard
 * factory with all three of its dashboards. The synthesized template is committed as the cost model's input, with a
 * summary of its counts; `npm run cost:baseline` regenerates both, and
 * test/scripts/cost/cdk-monitoring-constructs-baseline.test.ts checks that they agree and are current.
 *
 * The list of alarm props is read from the library's own declarations (the .d.ts files of its lib/ folder, parsed with
 * the TypeScript compiler): a library upgrade that adds an alarm changes the count without editing this file, and one that adds a new
 * kind of threshold fails here until THRESHOLD_VALUES gives it a value. Props that do not apply to a resource (the
 * library throws, or silently ignores them) are left out and listed in the summary with the reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import {
  ApiGatewayMonitoringProps,
  DefaultDashboardFactory,
  DynamoTableMonitoringProps,
  LambdaFunctionMonitoringProps,
  MonitoringFacade,
  SqsQueueMonitoringProps,
  SyntheticsCanaryMonitoringProps,
  WafV2MonitoringProps,
} from 'cdk-monitoring-constructs';
import * as ts from 'typescript';
import { readUsage } from '../../lib/cost/template-usage';
import { physicalName } from '../../lib/config/stage-config';
import { createTodoApp } from '../../lib/todo-app';
import { stageContext } from '../alert-replay/synth';

const ROOT = path.join(__dirname, '..', '..');
const LIBRARY_DIR = path.dirname(require.resolve('cdk-monitoring-constructs/package.json'));
export const BASELINE_STACK_ID = 'CdkMonitoringConstructsBaseline';
export const FIXTURES = {
  template: path.join(__dirname, 'fixtures', 'cdk-monitoring-constructs-baseline.template.json'),
  summary: path.join(__dirname, 'fixtures', 'cdk-monitoring-constructs-baseline.json'),
} as const;

// ---- The add…Alarm props, read from the library's .d.ts files ----

interface DeclaredInterface {
  readonly sourceFile: ts.SourceFile;
  readonly heritage: readonly string[];
  readonly members: readonly { readonly name: string; readonly optional: boolean; readonly type?: ts.TypeNode }[];
}

let declared: Map<string, DeclaredInterface> | undefined;

/** Every interface the library declares, by name (parsed, not type-checked: a few hundred ms). */
function libraryInterfaces(): Map<string, DeclaredInterface> {
  if (declared) return declared;
  declared = new Map();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.d.ts')) {
        const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
        for (const statement of sourceFile.statements) {
          if (!ts.isInterfaceDeclaration(statement)) continue;
          if (declared!.has(statement.name.text)) throw new Error(`${statement.name.text} is declared twice`);
          declared!.set(statement.name.text, {
            sourceFile,
            heritage: (statement.heritageClauses ?? []).flatMap((c) =>
              c.types.map((t) => t.expression.getText(sourceFile)),
            ),
            members: statement.members.filter(ts.isPropertySignature).map((m) => ({
              name: m.name.getText(sourceFile),
              optional: m.questionToken !== undefined,
              type: m.type,
            })),
          });
        }
      }
    }
  };
  visit(path.join(LIBRARY_DIR, 'lib'));
  return declared;
}

/** The members of `name` and of the library interfaces it extends (types from aws-cdk-lib contribute none). */
function membersOf(name: string): (DeclaredInterface['members'][number] & { sourceFile: ts.SourceFile })[] {
  const found = libraryInterfaces().get(name);
  if (!found) return [];
  return [
    ...found.members.map((m) => ({ ...m, sourceFile: found.sourceFile })),
    ...found.heritage.flatMap((parent) => membersOf(parent)),
  ];
}

export interface AlarmProp {
  /** e.g. `addLatencyP99Alarm`. */
  readonly prop: string;
  /** The threshold type of its `Record<string, Threshold>` (the first, if a union), e.g. `LatencyThreshold`. */
  readonly threshold: string;
}

/** Every `add…Alarm?: Record<string, Threshold>` prop of a monitoring props interface, inherited ones included. */
export function alarmPropsOf(propsInterface: string): AlarmProp[] {
  if (!libraryInterfaces().has(propsInterface))
    throw new Error(`cdk-monitoring-constructs declares no ${propsInterface}`);
  return membersOf(propsInterface)
    .filter((m) => /^add\w*Alarm$/.test(m.name))
    .map((m) => {
      const type = m.type;
      const valueType =
        type && ts.isTypeReferenceNode(type) && type.typeName.getText(m.sourceFile) === 'Record'
          ? type.typeArguments?.[1]
          : undefined;
      const first = valueType && ts.isUnionTypeNode(valueType) ? valueType.types[0] : valueType;
      if (!first || !ts.isTypeReferenceNode(first)) {
        throw new Error(
          `${propsInterface}.${m.name} is not a Record<string, Threshold>: ${type?.getText(m.sourceFile)}`,
        );
      }
      return { prop: m.name, threshold: first.typeName.getText(m.sourceFile) };
    });
}

/**
 * One plausible value per required threshold field of the library (the count is the point, not the value). A field
 * missing here fails the script, naming it, so a new kind of alarm is never silently left out.
 */
const THRESHOLD_VALUES: Record<string, unknown> = {
  maxErrorCount: 10,
  maxErrorRate: 0.05, // most of the library's rates are the Average of a 0/1 metric (the WAF's is a percentage)
  maxLatency: Duration.seconds(1),
  maxLatencyPercentageOfTimeout: 80,
  minTps: 0.1,
  maxTps: 100,
  minCount: 1,
  maxCount: 100_000,
  maxRunningTasks: 100, // concurrent executions, spillover invocations
  maxRunningTaskRate: 0.05,
  maxAgeInMillis: 60_000,
  maxOffsetLag: 1000,
  maxDuration: Duration.seconds(1),
  maxUsagePercent: 90,
  maxConsumedCapacityUnits: 1000,
  maxThrottledEventsThreshold: 1,
  minMessageCount: 1,
  maxMessageCount: 1,
  maxAgeInSeconds: 3600,
  maxTimeToDrain: Duration.minutes(15),
  minIncomingMessagesCount: 1,
  maxIncomingMessagesCount: 1000,
};

function thresholdValue(threshold: string): Record<string, unknown> {
  if (!libraryInterfaces().has(threshold)) throw new Error(`cdk-monitoring-constructs declares no ${threshold}`);
  const required = membersOf(threshold).filter((m) => !m.optional);
  return Object.fromEntries(
    required.map((m) => {
      if (!(m.name in THRESHOLD_VALUES)) {
        throw new Error(`${threshold}.${m.name} is required and has no value in THRESHOLD_VALUES; add one`);
      }
      return [m.name, THRESHOLD_VALUES[m.name]];
    }),
  );
}

/** An alarm prop the library offers that does not apply to a resource of ours, and why. */
interface NotApplicable {
  readonly props: RegExp;
  readonly reason: string;
}

const NO_LAMBDA_INSIGHTS: NotApplicable = {
  props: /^addEnhancedMonitoring/,
  reason:
    'Lambda Insights is not enabled on our functions; the library ignores these props unless lambdaInsightsEnabled',
};
const NO_OFFSET_LAG: NotApplicable = {
  props: /^addMaxOffsetLagAlarm$/,
  reason: 'no offset-based (Kafka) event source; the library throws unless isOffsetLag',
};
const NOT_A_STREAM_CONSUMER: NotApplicable = {
  props: /^addMaxIteratorAgeAlarm$/,
  reason: 'an API handler, not a stream consumer (isIterator: false); the library throws otherwise',
};

/**
 * Each alarm's disambiguator (the key of its Record, part of its name): the prop's own name, e.g.
 * `ConcurrentExecutionsCount`. One shared key ('Warning') clashes: the library names both the concurrent-executions
 * and the provisioned-concurrency-spillover count alarms `…-Running-Tasks-High-<disambiguator>`.
 */
const disambiguator = (prop: string) => prop.replace(/^add/, '').replace(/Alarm$/, '');

/** Every applicable add…Alarm prop of `propsInterface`, one threshold each, plus the props left out. */
function allAlarms<T>(
  propsInterface: string,
  notApplicable: readonly NotApplicable[] = [],
): { props: Partial<T>; offered: number; skipped: { prop: string; reason: string }[] } {
  const offered = alarmPropsOf(propsInterface);
  const skipped: { prop: string; reason: string }[] = [];
  const props: Record<string, unknown> = {};
  for (const { prop, threshold } of offered) {
    const rule = notApplicable.find((r) => r.props.test(prop));
    if (rule) skipped.push({ prop, reason: rule.reason });
    else props[prop] = { [disambiguator(prop)]: thresholdValue(threshold) };
  }
  return { props: props as Partial<T>, offered: offered.length, skipped };
}

/**
 * What identifies each kind of monitored resource: its CloudFormation type, the library's props interface whose
 * add…Alarm props are all given, and the metric namespace and dimension its alarms carry.
 */
const KINDS = {
  api: {
    type: 'AWS::ApiGateway::RestApi',
    monitoringProps: 'ApiGatewayMonitoringProps',
    namespace: 'AWS/ApiGateway',
    dimension: 'ApiName',
  },
  function: {
    type: 'AWS::Lambda::Function',
    monitoringProps: 'LambdaFunctionMonitoringProps',
    namespace: 'AWS/Lambda',
    dimension: 'FunctionName',
  },
  table: {
    type: 'AWS::DynamoDB::GlobalTable',
    monitoringProps: 'DynamoTableMonitoringProps',
    namespace: 'AWS/DynamoDB',
    dimension: 'TableName',
  },
  queue: {
    type: 'AWS::SQS::Queue',
    monitoringProps: 'SqsQueueMonitoringProps',
    namespace: 'AWS/SQS',
    dimension: 'QueueName',
  },
  webAcl: {
    type: 'AWS::WAFv2::WebACL',
    monitoringProps: 'WafV2MonitoringProps',
    namespace: 'AWS/WAFV2',
    dimension: 'WebACL',
  },
  canary: {
    type: 'AWS::Synthetics::Canary',
    monitoringProps: 'SyntheticsCanaryMonitoringProps',
    namespace: 'CloudWatchSynthetics',
    dimension: 'CanaryName',
  },
} as const;

// ---- Our resources, as the library should see them ----

/** A physical name set in our code; a token (generated name) would not identify the resource in the baseline. */
function literal(value: string | undefined, what: string): string {
  if (value === undefined || Token.isUnresolved(value)) throw new Error(`${what} has no literal physical name`);
  return value;
}

/**
 * The real construct with the attributes the library reads pinned to their physical values: its metrics and console
 * links then carry our names (`todo-prod-list-todos`), not references into our stacks. (Only the todo table, whose
 * name CloudFormation generates, is referenced across stacks, as our own alarms do.)
 */
function byPhysicalName<T extends object>(resource: T, attributes: Partial<T>): T {
  return Object.create(
    resource,
    Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, { value }])),
  ) as T;
}

// ---- The template's counts ----

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
export interface TemplateJson {
  readonly Resources: Record<string, TemplateResource>;
}
interface MetricDataQuery {
  readonly MetricStat?: { readonly Metric: MetricJson };
}
export interface MetricJson {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: readonly { readonly Name: string; readonly Value: unknown }[];
}

/** The metrics an alarm reads: its one metric, or each MetricStat of its metric math. */
export function alarmMetrics(alarm: TemplateResource): MetricJson[] {
  const p = alarm.Properties ?? {};
  const queries = p.Metrics as readonly MetricDataQuery[] | undefined;
  if (!queries)
    return [
      {
        Namespace: p.Namespace as string,
        MetricName: p.MetricName as string,
        Dimensions: p.Dimensions as MetricJson['Dimensions'],
      },
    ];
  return queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Metric] : []));
}

export interface TemplateCounts {
  readonly alarms: number;
  readonly compositeAlarms: number;
  readonly highResolutionAlarms: number;
  readonly metricsReadByAlarms: number;
  readonly dashboards: number;
  readonly dashboardNames: string[];
}

/** The counts, read by the cost model's own reader (lib/cost/template-usage.ts), as the cost docs price them. */
export function countTemplate(template: TemplateJson): TemplateCounts {
  const usage = readUsage({ Baseline: template });
  return {
    alarms: usage.alarms.length,
    compositeAlarms: usage.compositeAlarms,
    highResolutionAlarms: usage.alarms.filter((a) => a.highResolution).length,
    metricsReadByAlarms: usage.alarms.reduce((sum, a) => sum + a.metrics, 0),
    dashboards: usage.dashboards,
    dashboardNames: Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Dashboard')
      .map((d) => String(d.Properties?.DashboardName))
      .sort(),
  };
}

// ---- The baseline ----

/** Marks a resource CloudFormation names: its alarms reference it (a cross-stack reference) instead of a name. */
export const GENERATED_NAME = '<generated>';

export interface MonitoredResource {
  /** Physical name, as the alarms' metrics carry it, or `<generated> <construct path>`. */
  readonly name: string;
  readonly type: string;
  /** The library's props interface, whose add…Alarm props were all given. */
  readonly monitoringProps: string;
  /** The metric namespace and dimension that identify the resource in its alarms. */
  readonly namespace: string;
  readonly dimension: string;
  /** add…Alarm props the library offers for it, and alarms it created (the difference is in `notApplicable`). */
  readonly alarmProps: number;
  readonly alarms: number;
}

export interface BaselineSummary extends TemplateCounts {
  readonly libraryVersion: string;
  readonly stage: 'prod';
  readonly monitoredResources: MonitoredResource[];
  /** Props left out, by reason, and the alarms they would add if forced on. */
  readonly notApplicable: { readonly reason: string; readonly props: string[]; readonly resources: string[] }[];
  readonly alarmsIncludingNotApplicable: number;
}

export function libraryVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(LIBRARY_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs `fn` with no CDK_DEFAULT_ACCOUNT/REGION, so createTodoApp builds env-agnostic stacks wherever this runs. */
function envAgnostic<T>(fn: () => T): T {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    return fn();
  } finally {
    if (saved.account !== undefined) process.env.CDK_DEFAULT_ACCOUNT = saved.account;
    if (saved.region !== undefined) process.env.CDK_DEFAULT_REGION = saved.region;
  }
}

/** Synthesizes the prod app and the baseline stack in a temporary directory; returns the baseline's template. */
export function buildBaseline(): { template: TemplateJson; summary: BaselineSummary } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmc-baseline-'));
  try {
    return envAgnostic(() => {
      const app = new App({ outdir, context: stageContext('prod') });
      const { config, stateful, service, monitoring } = createTodoApp(app, { compliancePacks: false }); // it measures what CMC builds, not our packs
      const prefix = physicalName(config, 'cmc');
      const stack = new Stack(app, BASELINE_STACK_ID, {
        stackName: prefix,
        description: `cdk-monitoring-constructs ${libraryVersion()} with every alarm on, on the resources of todo ${config.stage} (a cost baseline; not deployed)`,
      });
      const facade = new MonitoringFacade(stack, 'Monitoring', {
        alarmFactoryDefaults: { alarmNamePrefix: 'cmc', actionsEnabled: true },
        dashboardFactory: new DefaultDashboardFactory(stack, 'Dashboards', {
          dashboardNamePrefix: prefix,
          createDashboard: true,
          createSummaryDashboard: true,
          createAlarmDashboard: true,
        }),
      });

      const monitored: MonitoredResource[] = [];
      const skippedBy = new Map<string, { props: Set<string>; resources: Set<string> }>();
      const record = (
        kind: keyof typeof KINDS,
        name: string,
        alarms: { offered: number; skipped: { prop: string; reason: string }[] },
      ) => {
        const created = facade.createdMonitorings().at(-1)!.createdAlarms().length;
        monitored.push({ name, ...KINDS[kind], alarmProps: alarms.offered, alarms: created });
        for (const { prop, reason } of alarms.skipped) {
          const group = skippedBy.get(reason) ?? { props: new Set<string>(), resources: new Set<string>() };
          group.props.add(prop);
          group.resources.add(name);
          skippedBy.set(reason, group);
        }
      };

      // The REST API, by name and stage.
      const api = service.api.api;
      const apiName = literal(api.restApiName, 'the REST API');
      const apiAlarms = allAlarms<ApiGatewayMonitoringProps>(KINDS.api.monitoringProps);
      facade.monitorApiGateway({ ...apiAlarms.props, api, apiStage: config.stage, alarmFriendlyName: apiName });
      record('api', apiName, apiAlarms);

      // The six API handlers and the audit stream processor (the one stream consumer).
      const functions = [
        ...[...service.functions.values()].map((f) => ({ fn: f.function, streamConsumer: false })),
        { fn: service.auditTrail.processor.function, streamConsumer: true },
      ];
      for (const { fn, streamConsumer } of functions) {
        const name = literal((fn.node.defaultChild as lambda.CfnFunction).functionName, fn.node.path);
        const alarms = allAlarms<LambdaFunctionMonitoringProps>(KINDS.function.monitoringProps, [
          NO_LAMBDA_INSIGHTS,
          NO_OFFSET_LAG,
          ...(streamConsumer ? [] : [NOT_A_STREAM_CONSUMER]),
        ]);
        facade.monitorLambdaFunction({
          ...alarms.props,
          lambdaFunction: byPhysicalName<lambda.IFunction>(fn, { functionName: name }),
          isIterator: streamConsumer,
          alarmFriendlyName: name,
        });
        record('function', name, alarms);
      }

      // The todo table (the idempotency table is not monitored by our stack either). CloudFormation names it, so its
      // alarms reference it across stacks, as ours do.
      const table = stateful.todoTable;
      const tableAlarms = allAlarms<DynamoTableMonitoringProps>(KINDS.table.monitoringProps);
      facade.monitorDynamoTable({
        ...tableAlarms.props,
        table,
        alarmFriendlyName: physicalName(config, 'todo-table'),
      });
      record('table', `${GENERATED_NAME} ${table.node.path}`, tableAlarms);

      // The dead-letter queues: failed audit batches, undelivered alert notifications.
      for (const queue of [service.auditTrail.deadLetterQueue, monitoring.alertTopics.deliveryFailures]) {
        const queueName = literal((queue.node.defaultChild as sqs.CfnQueue).queueName, queue.node.path);
        const alarms = allAlarms<SqsQueueMonitoringProps>(KINDS.queue.monitoringProps);
        facade.monitorSqsQueue({
          ...alarms.props,
          queue: byPhysicalName<sqs.IQueue>(queue, {
            queueName,
            queueUrl: `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/${queueName}`,
          }),
          alarmFriendlyName: queueName,
        });
        record('queue', queueName, alarms);
      }

      // The API's web ACL (regional).
      const webAcls = service.node.findAll().filter((c): c is wafv2.CfnWebACL => c instanceof wafv2.CfnWebACL);
      if (webAcls.length !== 1) throw new Error(`expected one web ACL in the service stack, found ${webAcls.length}`);
      const webAclName = literal(webAcls[0].name, webAcls[0].node.path);
      const wafAlarms = allAlarms<WafV2MonitoringProps>(KINDS.webAcl.monitoringProps);
      facade.monitorWebApplicationFirewallAclV2({
        ...wafAlarms.props,
        acl: webAcls[0],
        region: Aws.REGION,
        alarmFriendlyName: `${webAclName}-waf`,
      });
      record('webAcl', webAclName, wafAlarms);

      // The journey and heartbeat canaries. (CloudWatch RUM: the library has no monitoring for it.)
      for (const canary of [monitoring.canary.journey, monitoring.canary.heartbeat]) {
        const canaryName = literal((canary.node.defaultChild as synthetics.CfnCanary).name, canary.node.path);
        const alarms = allAlarms<SyntheticsCanaryMonitoringProps>(KINDS.canary.monitoringProps);
        facade.monitorSyntheticsCanary({
          ...alarms.props,
          canary: byPhysicalName<synthetics.Canary>(canary, { canaryName }),
          alarmFriendlyName: canaryName,
        });
        record('canary', canaryName, alarms);
      }

      // No validation: the baseline measures what cdk-monitoring-constructs builds, not whether it passes our packs.
      const template = app.synth({ validateOnSynthesis: false }).getStackByName(stack.stackName)
        .template as TemplateJson;
      const notApplicable = [...skippedBy].map(([reason, { props, resources }]) => ({
        reason,
        props: [...props],
        resources: [...resources],
      }));
      const counts = countTemplate(template);
      const summary: BaselineSummary = {
        libraryVersion: libraryVersion(),
        stage: 'prod',
        ...counts,
        monitoredResources: monitored,
        notApplicable,
        alarmsIncludingNotApplicable: monitored.reduce((n, r) => n + r.alarmProps, 0),
      };
      return { template, summary };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { template, summary } = buildBaseline();
  fs.mkdirSync(path.dirname(FIXTURES.template), { recursive: true });
  fs.writeFileSync(FIXTURES.template, `${JSON.stringify(template, null, 2)}\n`);
  fs.writeFileSync(FIXTURES.summary, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
  console.log(`wrote ${path.relative(ROOT, FIXTURES.template)} and ${path.relative(ROOT, FIXTURES.summary)}`);
}
