import { API_FUNCTIONS, HttpMethod, routeName } from '../../contract/routes';
import { API_SERVICE_NAME, METRICS_NAMESPACE } from '../../contract/telemetry';
import { CloudAssembly, ResourceRef } from './cloud-assembly';

/**
 * What the traffic model simulates, read from the synthesized templates (physical names, timeouts, schedules,
 * deployment configurations, log formats and metric filters) and from the route contract (`contract/routes.ts`), so a
 * simulated request produces the metrics the deployed app would, under the names its alarms read.
 */
export interface Topology {
  readonly apiName: string;
  readonly stageName: string;
  /** The stage's access log format: `$context.*` placeholders the model fills per request. */
  readonly accessLogFormat: string;
  readonly accessLogGroup: string;
  readonly routes: readonly RouteTopology[];
  readonly functions: readonly FunctionTopology[];
  readonly auditProcessor: FunctionTopology;
  readonly tableName: string;
  readonly canaries: readonly { readonly name: string; readonly rateMinutes: number }[];
  readonly auditDeadLetterQueue: string;
  readonly alertDeadLetterQueues: readonly string[];
  readonly webAclName?: string;
  readonly appMonitorName?: string;
  /** Share of browser sessions RUM records, and the metrics its app monitor makes from custom events. */
  readonly rumSampleRate: number;
  readonly rumCustomMetrics: readonly {
    readonly namespace: string;
    readonly name: string;
    readonly eventType: string;
  }[];
  readonly metricFilters: readonly MetricFilterTopology[];
  /** Powertools EMF metrics: namespace and the `service` dimension of the API functions. */
  readonly emf: { readonly namespace: string; readonly service: string };
}

export interface RouteTopology {
  /** `GET /todos/{id}`: how scenarios name routes. */
  readonly key: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: FunctionTopology;
}

export interface FunctionTopology {
  /** Short name from the route contract, e.g. `get-todo`, or `audit-stream-processor`. */
  readonly name: string;
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly logGroup?: string;
  /** DynamoDB operations one request makes, e.g. `Query`, `PutItem`. */
  readonly operations: readonly string[];
  /** CodeDeploy traffic shifting: share and minutes of the first step (all at once: 100 % at once). */
  readonly deployment?: {
    readonly firstPercent: number;
    readonly firstMinutes: number;
    readonly rollbackAlarms: readonly string[];
  };
}

export interface MetricFilterTopology {
  readonly logGroup: string;
  readonly pattern: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly value: string;
  readonly defaultValue?: number;
  /** Dimension name → `$.selector`. */
  readonly dimensions: Readonly<Record<string, string>>;
}

export function readTopology(assembly: CloudAssembly): Topology {
  const one = (type: string): ResourceRef => {
    const found = assembly.resourcesOfType(type);
    if (found.length !== 1) throw new Error(`The alert replay expects one ${type} in the app, found ${found.length}`);
    return found[0];
  };
  const optional = (type: string, key: string) => {
    const found = assembly.resourcesOfType(type);
    return found.length === 0 ? undefined : String(assembly.property(found[0], key));
  };
  const stage = one('AWS::ApiGateway::Stage');
  const accessLog = assembly.property(stage, 'AccessLogSetting') as { DestinationArn: string; Format: string };

  const functionRefs = assembly.resourcesOfType('AWS::Lambda::Function');
  const functionNamed = (suffix: string): ResourceRef => {
    const ref = functionRefs.find((r) => String(assembly.property(r, 'FunctionName')).endsWith(`-${suffix}`));
    if (ref === undefined) throw new Error(`No Lambda function of the app is named *-${suffix}`);
    return ref;
  };
  const deploymentGroups = assembly.resourcesOfType('AWS::CodeDeploy::DeploymentGroup');
  const functionTopology = (name: string, operations: readonly string[]): FunctionTopology => {
    const ref = functionNamed(name);
    const functionName = String(assembly.property(ref, 'FunctionName'));
    const logging = assembly.property(ref, 'LoggingConfig') as { LogGroup?: string } | undefined;
    const group = deploymentGroups.find((g) => assembly.property(g, 'DeploymentGroupName') === functionName);
    return {
      name,
      functionName,
      timeoutMs: Number(assembly.property(ref, 'Timeout') ?? 3) * 1000,
      logGroup: logging?.LogGroup,
      operations,
      deployment: group === undefined ? undefined : deployment(assembly, group),
    };
  };
  const functions = API_FUNCTIONS.map((fn) =>
    functionTopology(
      fn.name,
      fn.tableActions.map((action) => action.replace(/^dynamodb:/, '')),
    ),
  );
  const routes = API_FUNCTIONS.flatMap((fn, index) =>
    fn.routes.map((route) => ({
      key: routeName(route),
      method: route.method,
      path: route.path,
      function: functions[index],
    })),
  );

  const streamTable = [
    ...assembly.resourcesOfType('AWS::DynamoDB::Table'),
    ...assembly.resourcesOfType('AWS::DynamoDB::GlobalTable'),
  ].find((ref) => assembly.resource(ref).Properties?.StreamSpecification !== undefined);
  if (streamTable === undefined) throw new Error('No DynamoDB table of the app has a stream (the todo table)');
  const mapping = one('AWS::Lambda::EventSourceMapping');
  const onFailure = assembly.property(mapping, 'DestinationConfig') as { OnFailure: { Destination: string } };

  return {
    apiName: String(assembly.property(one('AWS::ApiGateway::RestApi'), 'Name')),
    stageName: String(assembly.property(stage, 'StageName')),
    accessLogFormat: accessLog.Format,
    accessLogGroup: logGroupNameOfArn(accessLog.DestinationArn),
    routes,
    functions,
    auditProcessor: functionTopology('audit-stream-processor', []),
    tableName: String(assembly.resolve(streamTable.stack, { Ref: streamTable.logicalId })),
    canaries: assembly.resourcesOfType('AWS::Synthetics::Canary').map((ref) => ({
      name: String(assembly.property(ref, 'Name')),
      rateMinutes: rateMinutes(String((assembly.property(ref, 'Schedule') as { Expression: string }).Expression)),
    })),
    auditDeadLetterQueue: queueNameOfArn(onFailure.OnFailure.Destination),
    alertDeadLetterQueues: alertDeadLetterQueues(assembly),
    webAclName: optional('AWS::WAFv2::WebACL', 'Name'),
    appMonitorName: optional('AWS::RUM::AppMonitor', 'Name'),
    ...rumConfiguration(assembly),
    metricFilters: assembly.resourcesOfType('AWS::Logs::MetricFilter').flatMap((ref) => {
      const transformations = assembly.property(ref, 'MetricTransformations') as Record<string, unknown>[];
      return transformations.map((t) => ({
        logGroup: String(assembly.property(ref, 'LogGroupName')),
        pattern: String(assembly.property(ref, 'FilterPattern')),
        namespace: String(t.MetricNamespace),
        metricName: String(t.MetricName),
        value: String(t.MetricValue),
        defaultValue: t.DefaultValue === undefined ? undefined : Number(t.DefaultValue),
        dimensions: Object.fromEntries(
          ((t.Dimensions as { Key: string; Value: string }[]) ?? []).map((d) => [d.Key, d.Value]),
        ),
      }));
    }),
    emf: { namespace: METRICS_NAMESPACE, service: API_SERVICE_NAME },
  };
}

/** The app monitor's session sample rate and custom-event metrics (namespace `RUM/CustomMetrics/<Namespace>`). */
function rumConfiguration(assembly: CloudAssembly): Pick<Topology, 'rumSampleRate' | 'rumCustomMetrics'> {
  const monitor = assembly.resourcesOfType('AWS::RUM::AppMonitor')[0];
  const config =
    monitor === undefined
      ? undefined
      : (assembly.property(monitor, 'AppMonitorConfiguration') as Record<string, unknown>);
  const destinations = (config?.MetricDestinations ?? []) as { MetricDefinitions?: Record<string, string>[] }[];
  return {
    rumSampleRate: Number(config?.SessionSampleRate ?? 1),
    rumCustomMetrics: destinations.flatMap((d) =>
      (d.MetricDefinitions ?? []).flatMap((m) => {
        const eventType = (JSON.parse(m.EventPattern ?? '{}') as { event_type?: string[] }).event_type?.[0];
        return m.Namespace === undefined || eventType === undefined
          ? []
          : [{ namespace: `RUM/CustomMetrics/${m.Namespace}`, name: m.Name, eventType }];
      }),
    ),
  };
}

/**
 * The queues undeliverable alerts land in: the subscriptions' redrive targets; without subscriptions (no e-mail or
 * PagerDuty configured) the queues of the stack that holds the alert topics.
 */
function alertDeadLetterQueues(assembly: CloudAssembly): string[] {
  const redrive = assembly.resourcesOfType('AWS::SNS::Subscription').flatMap((ref) => {
    const policy = assembly.property(ref, 'RedrivePolicy') as { deadLetterTargetArn?: string } | undefined;
    return policy?.deadLetterTargetArn === undefined ? [] : [queueNameOfArn(policy.deadLetterTargetArn)];
  });
  if (redrive.length > 0) return [...new Set(redrive)];
  const topicStacks = new Set(assembly.resourcesOfType('AWS::SNS::Topic').map((ref) => ref.stack));
  return assembly
    .resourcesOfType('AWS::SQS::Queue')
    .filter((ref) => topicStacks.has(ref.stack))
    .map((ref) => queueNameOfArn(assembly.resolve(ref.stack, { 'Fn::GetAtt': [ref.logicalId, 'Arn'] }) as string));
}

/** CodeDeploy's predefined Lambda configurations: `LambdaCanary10Percent5Minutes`, `LambdaLinear10PercentEvery1Minute`, `LambdaAllAtOnce`. */
function deployment(assembly: CloudAssembly, group: ResourceRef): FunctionTopology['deployment'] {
  const config = String(assembly.property(group, 'DeploymentConfigName'));
  const alarms = (
    (assembly.property(group, 'AlarmConfiguration') as { Alarms?: { Name: string }[] })?.Alarms ?? []
  ).map((a) => a.Name);
  const canary = /Canary(\d+)Percent(\d+)Minutes?$/.exec(config);
  const linear = /Linear(\d+)PercentEvery(\d+)Minutes?$/.exec(config);
  if (canary) return { firstPercent: Number(canary[1]), firstMinutes: Number(canary[2]), rollbackAlarms: alarms };
  if (linear) return { firstPercent: Number(linear[1]), firstMinutes: Number(linear[2]), rollbackAlarms: alarms };
  if (config.endsWith('AllAtOnce')) return { firstPercent: 100, firstMinutes: 0, rollbackAlarms: alarms };
  throw new Error(`${assembly.describe(group)}: deployment configuration ${config} is not one the alert replay knows`);
}

function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression);
  if (match === null) throw new Error(`Canary schedule ${expression} is not a rate() the alert replay knows`);
  return Number(match[1]) * (match[2].startsWith('hour') ? 60 : 1);
}

const logGroupNameOfArn = (arn: string): string =>
  arn.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '');
const queueNameOfArn = (arn: string): string => arn.split(':').pop() as string;
