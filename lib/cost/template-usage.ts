import { API_FUNCTIONS, ApiFunctionName, AUDIT_PROCESSOR } from '../../contract/routes';

/**
 * What the synthesized templates will bill for, counted from the templates themselves, so a new alarm, log group or
 * canary changes the estimate without touching the model. Traffic-dependent quantities (bytes, requests) are left to
 * estimate.ts; this file only says what exists and how it is configured.
 */
export interface TemplateJson {
  readonly Resources?: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/** What a log group receives: the model knows the volume of these sources; any other group is treated as idle. */
export type LogSource =
  { kind: 'function'; function: string } | { kind: 'access' } | { kind: 'waf' } | { kind: 'idle' };

export interface LogGroupUsage {
  readonly name: string;
  readonly retentionDays: number;
  readonly dataProtection: boolean;
  readonly source: LogSource;
}

export interface FunctionUsage {
  readonly name: string;
  readonly memoryMb: number;
  readonly arm64: boolean;
  /** The API function it is (`list-todos`, …), the audit processor, or neither (custom resources, deploy-time only). */
  readonly role: { kind: 'api'; name: ApiFunctionName } | { kind: 'audit' } | { kind: 'other' };
}

export interface AlarmUsage {
  readonly name: string;
  /** Metrics CloudWatch bills for: each metric a math expression reads, 3 for an anomaly detection band. */
  readonly metrics: number;
  readonly highResolution: boolean;
}

export interface TemplateUsage {
  readonly alarms: readonly AlarmUsage[];
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly logGroups: readonly LogGroupUsage[];
  readonly functions: readonly FunctionUsage[];
  /** Metric filters: metric name and the dimensions each transformation publishes. */
  readonly metricFilters: readonly { readonly metric: string; readonly dimensions: readonly string[] }[];
  /** Contributor Insights rules on log groups, with the sources of the groups they read. */
  readonly insightRules: readonly { readonly name: string; readonly sources: readonly LogSource[] }[];
  /** Tables with Contributor Insights on (billed per DynamoDB event). */
  readonly contributorInsightsTables: number;
  readonly samplingRules: readonly { readonly reservoirPerSecond: number; readonly fixedRate: number }[];
  readonly canaries: readonly { readonly name: string; readonly rateMinutes: number }[];
  readonly rum: readonly { readonly sessionSampleRate: number; readonly customMetrics: number }[];
  readonly webAcls: readonly { readonly rules: number }[];
  readonly kmsKeys: number;
  /** Of `kmsKeys`, those encrypting tables: the service's cost, not observability's. */
  readonly tableKmsKeys: number;
  readonly snsTopics: number;
  readonly secrets: number;
  readonly restApis: number;
  readonly tables: number;
  /** Billable types the model deliberately leaves out, with why (reported, never silently dropped). */
  readonly notModelled: readonly { readonly type: string; readonly count: number; readonly reason: string }[];
}

/** Types that cost nothing by themselves (configuration, wiring, deploy-time helpers). */
const FREE_TYPES = new Set([
  'AWS::ApiGateway::Account',
  'AWS::ApiGateway::Authorizer',
  // Custom domains: no charge of their own, requests are billed as API calls either way (the ACM certificates are
  // imported, and public ones are free): https://aws.amazon.com/api-gateway/pricing/
  'AWS::ApiGateway::BasePathMapping',
  'AWS::ApiGateway::DomainName',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Model',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Stage',
  'AWS::CDK::Metadata',
  'AWS::CloudFront::CachePolicy',
  'AWS::CloudFront::OriginAccessControl',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::CloudWatch::AnomalyDetector',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentGroup',
  // Rules on AWS service events: their ingestion and same-account delivery are free
  // (https://aws.amazon.com/eventbridge/pricing/); the SNS publish is an SNS notification.
  'AWS::Events::Rule',
  'AWS::Cognito::IdentityPoolRoleAttachment',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::Lambda::Alias',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::LayerVersion',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::Logs::QueryDefinition',
  // Alias records in the stage's existing zone (its $0.50/month is not this app's); alias queries to CloudFront and
  // API Gateway are free:
  // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
  'AWS::Route53::RecordSet',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  // Free itself; the logs it delivers are priced on the log group it names (source `waf`).
  'AWS::WAFv2::LoggingConfiguration',
  'AWS::WAFv2::WebACLAssociation',
  'AWS::XRay::Group',
]);

/** Billable, but outside what this model estimates: each says why. */
const NOT_MODELLED: Record<string, string> = {
  'AWS::CloudFront::Distribution': 'web client delivery, priced per browser request and GB out, not per API request',
  'AWS::S3::Bucket': 'web assets, canary artifacts and access logs: cents at these volumes',
  'AWS::Cognito::UserPool': 'priced per monthly active user, not per request',
  'AWS::Cognito::IdentityPool': 'free; the RUM guests it serves are counted as RUM events',
  'AWS::SQS::Queue': 'dead-letter queues: idle unless something fails',
  'AWS::Budgets::Budget': 'the first two budgets of an account are free',
  'AWS::FIS::ExperimentTemplate': 'game days only: FIS bills per action-minute while an experiment runs',
};

const PRICED_TYPES = new Set([
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::CloudWatch::InsightRule',
  'AWS::Logs::LogGroup',
  'AWS::Logs::MetricFilter',
  'AWS::XRay::SamplingRule',
  'AWS::Synthetics::Canary',
  'AWS::RUM::AppMonitor',
  'AWS::WAFv2::WebACL',
  'AWS::KMS::Key',
  'AWS::SNS::Topic',
  'AWS::SecretsManager::Secret',
  'AWS::ApiGateway::RestApi',
  'AWS::Lambda::Function',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
]);

type Stacks = Readonly<Record<string, TemplateJson>>;
type Resource = {
  readonly stack: string;
  readonly id: string;
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
};

/** The value at a path of keys in a template value (undefined where the shape differs): templates are read loosely. */
function at(value: unknown, ...keys: (string | number)[]): unknown {
  return keys.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    value,
  );
}
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every resource of every stack, and a resolver for the intrinsics the model needs (Ref, GetAtt, stack outputs). */
class Resources {
  readonly all: Resource[];
  constructor(private readonly stacks: Stacks) {
    this.all = Object.entries(stacks).flatMap(([stack, t]) =>
      Object.entries(t.Resources ?? {}).map(([id, r]) => ({ stack, id, Type: r.Type, Properties: r.Properties ?? {} })),
    );
  }
  ofType(type: string): Resource[] {
    return this.all.filter((r) => r.Type === type);
  }
  /** The resource a value points at (`Ref`, `Fn::GetAtt`, or an output of another stack that does). */
  target(value: unknown, stack: string): Resource | undefined {
    // An ARN built with Fn::Join names its resource with the one `Ref` to a resource among its parts.
    const joined = list(at(value, 'Fn::Join', 1))
      .map((part) => this.target(part, stack))
      .find((r) => r !== undefined);
    if (joined !== undefined) return joined;
    const id = at(value, 'Ref') ?? at(value, 'Fn::GetAtt', 0);
    if (id !== undefined) return this.all.find((r) => r.stack === stack && r.id === id);
    const [stackName, outputName] = [
      at(value, 'Fn::GetStackOutput', 'StackName'),
      at(value, 'Fn::GetStackOutput', 'OutputName'),
    ];
    if (typeof stackName !== 'string' || typeof outputName !== 'string') return undefined;
    const other = Object.keys(this.stacks).find((s) => stackName.endsWith(s.toLowerCase()) || s === stackName);
    return other ? this.target(this.stacks[other].Outputs?.[outputName]?.Value, other) : undefined;
  }
}

export function readUsage(stacks: Stacks): TemplateUsage {
  const resources = new Resources(stacks);
  const unknown = [...new Set(resources.all.map((r) => r.Type))].filter(
    (t) => !FREE_TYPES.has(t) && !PRICED_TYPES.has(t) && !(t in NOT_MODELLED) && !t.startsWith('Custom::'),
  );
  if (unknown.length > 0) {
    throw new Error(
      `Cost model: no price for resource type(s) ${unknown.sort().join(', ')} (lib/cost/template-usage.ts)`,
    );
  }
  const functions = readFunctions(resources);
  const logGroups = readLogGroups(resources, functions);
  const sourceOf = (name: unknown, stack: string): LogSource => {
    const target =
      typeof name === 'string'
        ? resources.ofType('AWS::Logs::LogGroup').find((g) => g.Properties.LogGroupName === name)
        : resources.target(name, stack);
    return logGroups.find((g) => g.name === target?.Properties.LogGroupName)?.source ?? { kind: 'idle' };
  };
  return {
    alarms: resources.ofType('AWS::CloudWatch::Alarm').map((r) => readAlarm(r.Properties)),
    compositeAlarms: resources.ofType('AWS::CloudWatch::CompositeAlarm').length,
    dashboards: resources.ofType('AWS::CloudWatch::Dashboard').length,
    logGroups,
    functions,
    // One metric per namespace, name and dimension set, however many log groups' filters publish it.
    metricFilters: [
      ...new Map(
        resources.ofType('AWS::Logs::MetricFilter').flatMap((r) =>
          list(r.Properties.MetricTransformations).map((m) => {
            const metric = {
              metric: String(at(m, 'MetricName')),
              dimensions: list(at(m, 'Dimensions')).map((d) => String(at(d, 'Key'))),
            };
            return [
              `${String(at(m, 'MetricNamespace'))}/${metric.metric}/${metric.dimensions.join(',')}`,
              metric,
            ] as const;
          }),
        ),
      ).values(),
    ],
    insightRules: resources.ofType('AWS::CloudWatch::InsightRule').map((r) => ({
      name: String(r.Properties.RuleName),
      sources: ruleLogGroups(r.Properties.RuleBody).map((g) => sourceOf(g, r.stack)),
    })),
    contributorInsightsTables: [
      ...resources.ofType('AWS::DynamoDB::GlobalTable'),
      ...resources.ofType('AWS::DynamoDB::Table'),
    ].filter((r) =>
      // A TableV2 (GlobalTable) sets it per replica; a Table on itself.
      [r.Properties, ...list(r.Properties.Replicas)].some(
        (p) => at(p, 'ContributorInsightsSpecification', 'Enabled') === true,
      ),
    ).length,
    samplingRules: resources.ofType('AWS::XRay::SamplingRule').map((r) => ({
      reservoirPerSecond: Number(at(r.Properties, 'SamplingRule', 'ReservoirSize')),
      fixedRate: Number(at(r.Properties, 'SamplingRule', 'FixedRate')),
    })),
    canaries: resources.ofType('AWS::Synthetics::Canary').map((r) => ({
      name: String(r.Properties.Name),
      rateMinutes: rateMinutes(at(r.Properties, 'Schedule', 'Expression')),
    })),
    rum: resources.ofType('AWS::RUM::AppMonitor').map((r) => {
      const config = at(r.Properties, 'AppMonitorConfiguration');
      const definitions = list(at(config, 'MetricDestinations'))
        .filter((d) => at(d, 'Destination') === 'CloudWatch')
        .flatMap((d) => list(at(d, 'MetricDefinitions')));
      return { sessionSampleRate: Number(at(config, 'SessionSampleRate') ?? 1), customMetrics: definitions.length };
    }),
    webAcls: resources.ofType('AWS::WAFv2::WebACL').map((r) => ({ rules: list(r.Properties.Rules).length })),
    kmsKeys: resources.ofType('AWS::KMS::Key').length,
    tableKmsKeys: new Set(
      resources
        .ofType('AWS::DynamoDB::GlobalTable')
        .flatMap((t) =>
          list(t.Properties.Replicas).map((r) =>
            resources.target(at(r, 'SSESpecification', 'KMSMasterKeyId'), t.stack),
          ),
        )
        .filter((key) => key?.Type === 'AWS::KMS::Key')
        .map((key) => `${key!.stack}/${key!.id}`),
    ).size,
    snsTopics: resources.ofType('AWS::SNS::Topic').length,
    secrets: resources.ofType('AWS::SecretsManager::Secret').length,
    restApis: resources.ofType('AWS::ApiGateway::RestApi').length,
    tables: [...resources.ofType('AWS::DynamoDB::GlobalTable'), ...resources.ofType('AWS::DynamoDB::Table')].length,
    notModelled: Object.entries(NOT_MODELLED)
      .map(([type, reason]) => ({ type, count: resources.ofType(type).length, reason }))
      .filter((n) => n.count > 0),
  };
}

/**
 * An alarm's billed metrics (CloudWatch pricing: "per alarm metric"): a metric-math alarm counts every metric it
 * reads; an anomaly detection alarm counts 3 (the metric and the band's two bounds); below 60 s it is high-resolution.
 */
function readAlarm(p: Record<string, unknown>): AlarmUsage {
  const queries = list(p.Metrics);
  const stats = queries.filter((q) => at(q, 'MetricStat') !== undefined);
  const band = queries.some((q) => String(at(q, 'Expression') ?? '').startsWith('ANOMALY_DETECTION_BAND'));
  const periods = [p.Period, ...stats.map((q) => at(q, 'MetricStat', 'Period'))]
    .filter((x) => x !== undefined)
    .map(Number);
  return {
    name: String(p.AlarmName),
    metrics: band ? 3 : Math.max(1, stats.length),
    highResolution: periods.some((s) => s < 60),
  };
}

function readFunctions(resources: Resources): FunctionUsage[] {
  return resources.ofType('AWS::Lambda::Function').map((r) => {
    const name = String(r.Properties.FunctionName ?? r.id);
    const api = API_FUNCTIONS.find((fn) => name.endsWith(`-${fn.name}`));
    const role: FunctionUsage['role'] = api
      ? { kind: 'api', name: api.name as ApiFunctionName }
      : name.endsWith(`-${AUDIT_PROCESSOR.name}`)
        ? { kind: 'audit' }
        : { kind: 'other' };
    return {
      name,
      memoryMb: Number(r.Properties.MemorySize ?? 128),
      arm64: ((r.Properties.Architectures as string[]) ?? []).includes('arm64'),
      role,
    };
  });
}

function readLogGroups(resources: Resources, functions: FunctionUsage[]): LogGroupUsage[] {
  const accessLogGroups = new Set(
    resources
      .ofType('AWS::ApiGateway::Stage')
      .map((s) => resources.target(at(s.Properties, 'AccessLogSetting', 'DestinationArn'), s.stack)?.id),
  );
  const wafLogGroups = new Set(
    resources
      .ofType('AWS::WAFv2::LoggingConfiguration')
      .flatMap((c) => list(c.Properties.LogDestinationConfigs).map((d) => resources.target(d, c.stack)?.id)),
  );
  return resources.ofType('AWS::Logs::LogGroup').map((g) => {
    const name = typeof g.Properties.LogGroupName === 'string' ? g.Properties.LogGroupName : g.id;
    const writer = resources
      .ofType('AWS::Lambda::Function')
      .find((f) => resources.target(at(f.Properties, 'LoggingConfig', 'LogGroup'), f.stack)?.id === g.id);
    const fn = writer && functions.find((f) => f.name === String(writer.Properties.FunctionName ?? writer.id));
    const source: LogSource = accessLogGroups.has(g.id)
      ? { kind: 'access' }
      : wafLogGroups.has(g.id)
        ? { kind: 'waf' }
        : fn && fn.role.kind !== 'other'
          ? { kind: 'function', function: fn.name }
          : { kind: 'idle' };
    return {
      name,
      retentionDays: Number(g.Properties.RetentionInDays ?? 3653),
      dataProtection: g.Properties.DataProtectionPolicy !== undefined,
      source,
    };
  });
}

/** The `LogGroupNames` of a Contributor Insights rule body (a JSON string, or a Fn::Join around references). */
function ruleLogGroups(body: unknown): unknown[] {
  if (typeof body === 'string') return JSON.parse(body).LogGroupNames ?? [];
  const parts = list(at(body, 'Fn::Join', 1));
  // Between `"LogGroupNames":["` and `"]`, every non-string part is one log group reference.
  const start = parts.findIndex((p) => typeof p === 'string' && p.includes('"LogGroupNames":["'));
  const refs: unknown[] = [];
  for (let i = start + 1; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      if (!part.startsWith('","')) break;
      continue;
    }
    refs.push(part);
  }
  return refs;
}

/** `rate(5 minutes)`, `rate(1 minute)`, `rate(1 hour)` → minutes between runs. */
function rateMinutes(expression: unknown): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(String(expression));
  if (!match)
    throw new Error(`Cost model: unsupported canary schedule "${String(expression)}" (expected rate(N minutes|hours))`);
  return Number(match[1]) * (match[2].startsWith('hour') ? 60 : 1);
}
