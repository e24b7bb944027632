import { API_FUNCTIONS, ROUTE_NAMES, routeName } from '../../contract/routes';
import { API_METRICS, AUDIT_METRICS, DYNAMODB_OPERATIONS, MetricDimension } from '../../contract/telemetry';
import { VALIDATION_REASONS } from '../../contract/problems';
import { MeasuredVolumes, RequestVolume } from './measured-volumes';
import { PriceBook } from './prices';
import { TemplateUsage } from './template-usage';

export const CATEGORIES = [
  'alarms',
  'metrics',
  'dashboards',
  'logs',
  'traces',
  'synthetics',
  'rum',
  'contributor-insights',
  'waf',
  'kms',
  'sns',
  'secrets',
  'api-gateway',
  'lambda',
  'dynamodb',
] as const;
export type Category = (typeof CATEGORIES)[number];
/** The service itself; every other category is what observability adds. */
export const SERVICE_CATEGORIES: readonly Category[] = ['api-gateway', 'lambda', 'dynamodb'];

export interface CostComponent {
  readonly name: string;
  readonly category: Category;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

export interface CostLevel {
  readonly rps: number;
  readonly components: readonly CostComponent[];
  readonly observabilityMonthlyUsd: number;
  readonly serviceMonthlyUsd: number;
}

/**
 * What the model assumes where nothing can be measured offline; each is stated in the report. AWS bills a month as
 * 730 hours.
 */
export const ASSUMPTIONS = {
  secondsPerMonth: 730 * 3600,
  apiRequestsPerBrowserSession: 20,
  rumEventsPerSession: 25,
  canaryLogBytesPerRun: 6000,
  errorNamesPerRoute: 2,
  xrayScansPerTrace: 1,
  auditProcessorMsPerRecord: 5,
  platformLinesPerInvocation: 2,
  /** CloudWatch Logs and SNS ask KMS for data keys, which they cache: a few requests per key per hour. */
  kmsRequestsPerKeyPerMonth: 10_000,
  /**
   * One WAF log record per inspected request (every request: no logging filter). Not measurable offline: a record
   * (https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html) carries the request's headers
   * (Authorization and Cookie redacted), the rate rule and both managed rule groups' entries; 2 KB is the assumption.
   */
  wafLogBytesPerRequest: 2000,
} as const;

const GB = 1024 ** 3;

/** The monthly cost of everything the templates deploy, at `rps` API requests per second of the measured mix. */
export function estimate(usage: TemplateUsage, volumes: MeasuredVolumes, prices: PriceBook, rps: number): CostLevel {
  const A = ASSUMPTIONS;
  const requests = rps * A.secondsPerMonth;
  const routes = Object.entries(volumes.routes);
  /** Monthly total of one measured figure over the mix, optionally only for some routes. */
  const perMonth = (field: (v: RequestVolume) => number, only?: (route: string) => boolean) =>
    routes.filter(([route]) => !only || only(route)).reduce((sum, [, v]) => sum + v.share * field(v), 0) * requests;
  /** {@link perMonth} over the routes the API function `fnName` serves. */
  const perMonthServedBy = (fnName: string, field: (v: RequestVolume) => number) => {
    const served = new Set(API_FUNCTIONS.find((f) => f.name === fnName)?.routes.map(routeName) ?? []);
    return perMonth(field, (route) => served.has(route));
  };
  const out: CostComponent[] = [];
  const add = (category: Category, name: string, quantity: number, key: string, perUnits = 1) => {
    const price = prices.price(key);
    out.push({
      name,
      category,
      quantity: round(quantity),
      unit: price.unit,
      unitPriceUsd: price.usd,
      monthlyUsd: round((quantity / perUnits) * price.usd, 2),
    });
  };

  // ---- Alarms: per billed metric, composites per alarm ----
  const standard = usage.alarms.filter((a) => !a.highResolution).reduce((s, a) => s + a.metrics, 0);
  const high = usage.alarms.filter((a) => a.highResolution).reduce((s, a) => s + a.metrics, 0);
  add('alarms', `alarm metrics (${usage.alarms.length} metric alarms)`, standard, 'cloudwatch.alarmMetric');
  if (high > 0) add('alarms', 'high-resolution alarm metrics', high, 'cloudwatch.alarmMetricHighResolution');
  add('alarms', 'composite alarms', usage.compositeAlarms, 'cloudwatch.compositeAlarm');

  // ---- Custom metrics: one per name and dimension-value combination (telemetry contract, filters, RUM) ----
  const valuesOf: Record<MetricDimension, number> = {
    route: ROUTE_NAMES.length,
    operation: DYNAMODB_OPERATIONS.length,
    reason: VALIDATION_REASONS.length,
  };
  const emf = Object.values(API_METRICS).reduce((s, dim) => s + (dim === null ? 1 : valuesOf[dim]), 0);
  const filterValues = (d: string) =>
    d === 'route' ? ROUTE_NAMES.length : d === 'errorName' ? A.errorNamesPerRoute : 1;
  const filters = usage.metricFilters.reduce((s, f) => s + f.dimensions.reduce((p, d) => p * filterValues(d), 1), 0);
  const rumMetrics = usage.rum.reduce((s, r) => s + r.customMetrics, 0);
  const metricTiers = tiered(prices, 'cloudwatch.customMetric');
  for (const [name, count] of [
    ['handler EMF metrics (contract dimension sets)', emf + AUDIT_METRICS.length],
    ['metric-filter metrics', filters],
    ['RUM custom metrics', rumMetrics],
  ] as const) {
    out.push(metricTiers(name, count));
  }

  // ---- Dashboards: the first few of an account are free ----
  const freeDashboards = prices.price('cloudwatch.dashboard').freePerAccount ?? 0;
  add(
    'dashboards',
    `dashboards (${usage.dashboards}, ${freeDashboards} free per account)`,
    Math.max(0, usage.dashboards - freeDashboards),
    'cloudwatch.dashboard',
  );

  // ---- Logs: measured bytes per request into the groups that receive them ----
  const logBytes = usage.logGroups.map((g) => {
    const source = g.source;
    let bytes = 0;
    if (source.kind === 'access') bytes = perMonth((v) => v.accessLogBytes);
    if (source.kind === 'waf') bytes = requests * A.wafLogBytesPerRequest;
    if (source.kind === 'function') {
      const fn = usage.functions.find((f) => f.name === source.function);
      if (fn?.role.kind === 'api') {
        bytes = perMonthServedBy(fn.role.name, (v) => v.applicationLogBytes + v.platformLogBytes);
      } else if (fn?.role.kind === 'audit') {
        // Its entries and own lines, plus Lambda's platform lines per invocation (one record each: an upper bound).
        const platformPerInvocation = perMonth((v) => v.platformLogBytes) / Math.max(requests, 1);
        bytes = perMonth((v) => v.auditLogBytes + v.streamRecords * platformPerInvocation);
      }
    }
    return { group: g, bytes };
  });
  const ingest = (kind: string) =>
    logBytes.filter((l) => l.group.source.kind === kind).reduce((s, l) => s + l.bytes, 0);
  const canaryRuns = usage.canaries.reduce((s, c) => s + A.secondsPerMonth / 60 / c.rateMinutes, 0);
  const canaryBytes = canaryRuns * A.canaryLogBytesPerRun;
  add('logs', 'ingestion: function logs (measured)', ingest('function') / GB, 'logs.ingestion');
  add('logs', 'ingestion: API access logs (measured)', ingest('access') / GB, 'logs.ingestion');
  // WAF logs are vended logs, priced per GB delivered (tiered from 10 TB a month; this app stays in the first tier).
  add(
    'logs',
    `ingestion: WAF request logs (vended, assumed ${A.wafLogBytesPerRequest} B/request)`,
    ingest('waf') / GB,
    'logs.vendedIngestion',
  );
  add(
    'logs',
    `ingestion: canary run logs (assumed ${A.canaryLogBytesPerRun} B/run)`,
    canaryBytes / GB,
    'logs.ingestion',
  );
  const stored = logBytes.reduce((s, l) => s + (l.bytes * Math.min(l.group.retentionDays, 3653)) / 30.4, 0);
  add(
    'logs',
    'storage at each group’s retention (steady state, uncompressed: an upper bound)',
    stored / GB,
    'logs.storage',
  );
  const scanned = logBytes.filter((l) => l.group.dataProtection).reduce((s, l) => s + l.bytes, 0);
  add('logs', 'data protection scanning', scanned / GB, 'logs.dataProtection');

  // ---- Traces: the sampling rule's reservoir per second plus its rate of the rest ----
  const traced = usage.samplingRules.reduce(
    (s, r) =>
      s +
      (Math.min(rps, r.reservoirPerSecond) + r.fixedRate * Math.max(0, rps - r.reservoirPerSecond)) * A.secondsPerMonth,
    0,
  );
  add('traces', 'X-Ray traces recorded', traced, 'xray.tracesRecorded', 1e6);
  add(
    'traces',
    `X-Ray traces scanned (assumed ${A.xrayScansPerTrace} scan per trace)`,
    traced * A.xrayScansPerTrace,
    'xray.tracesScanned',
    1e6,
  );

  // ---- Synthetics: one run per schedule period ----
  for (const c of usage.canaries) {
    add(
      'synthetics',
      `canary ${c.name} (every ${c.rateMinutes} min)`,
      A.secondsPerMonth / 60 / c.rateMinutes,
      'synthetics.canaryRun',
    );
  }

  // ---- RUM: browser sessions × events × the app monitor's sample rate ----
  for (const monitor of usage.rum) {
    const events = (requests / A.apiRequestsPerBrowserSession) * A.rumEventsPerSession * monitor.sessionSampleRate;
    add(
      'rum',
      `RUM events (${A.rumEventsPerSession}/session, 1 session per ${A.apiRequestsPerBrowserSession} API requests, sampled ${monitor.sessionSampleRate})`,
      events,
      'rum.events',
      1e5,
    );
  }

  // ---- Contributor Insights: rules, the log events they match, the table's events ----
  add('contributor-insights', 'log rules', usage.insightRules.length, 'contributorInsights.rule');
  const eventsOf = (source: (typeof usage.insightRules)[number]['sources'][number]) => {
    if (source.kind === 'access') return requests;
    if (source.kind !== 'function') return 0;
    const fn = usage.functions.find((f) => f.name === source.function);
    if (fn?.role.kind !== 'api') return 0;
    return perMonthServedBy(fn.role.name, (v) => v.applicationLogLines + A.platformLinesPerInvocation);
  };
  const matched = usage.insightRules.reduce((s, r) => s + r.sources.reduce((p, src) => p + eventsOf(src), 0), 0);
  add(
    'contributor-insights',
    'log events read by the rules (all of their groups’ events: an upper bound)',
    matched,
    'contributorInsights.logEvents',
    1e6,
  );
  // DynamoDB creates 4 rules for a table with a sort key (most accessed and most throttled, partition and full key):
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
  add(
    'contributor-insights',
    'DynamoDB Contributor Insights rules (4 per table)',
    usage.contributorInsightsTables * 4,
    'contributorInsights.rule',
  );
  const tableEvents = perMonth((v) => (v.readRequestUnits > 0 ? 1 : 0) + (v.writeRequestUnits > 0 ? 1 : 0));
  add(
    'contributor-insights',
    'DynamoDB Contributor Insights events (one per reading or writing request: a lower bound for Queries)',
    tableEvents * usage.contributorInsightsTables,
    'contributorInsights.dynamoDbEvents',
    1e6,
  );

  // ---- WAF, KMS, SNS, Secrets Manager ----
  add('waf', 'web ACLs', usage.webAcls.length, 'waf.webAcl');
  add(
    'waf',
    'rules',
    usage.webAcls.reduce((s, w) => s + w.rules, 0),
    'waf.rule',
  );
  add('waf', 'requests inspected', usage.webAcls.length > 0 ? requests : 0, 'waf.requests', 1e6);
  const observabilityKeys = usage.kmsKeys - usage.tableKmsKeys;
  add('kms', 'customer-managed keys', observabilityKeys, 'kms.key');
  add(
    'kms',
    `requests (assumed ${A.kmsRequestsPerKeyPerMonth}/key)`,
    observabilityKeys * A.kmsRequestsPerKeyPerMonth,
    'kms.requests',
    1e4,
  );
  // The tables' key (tableEncryption=customer-managed) is the service's. DynamoDB caches a table key per caller for
  // 5 minutes (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html): requests stay few.
  add('dynamodb', 'customer-managed table key', usage.tableKmsKeys, 'kms.key');
  add(
    'dynamodb',
    `table key requests (assumed ${A.kmsRequestsPerKeyPerMonth}/key)`,
    usage.tableKmsKeys * A.kmsRequestsPerKeyPerMonth,
    'kms.requests',
    1e4,
  );
  add('sns', 'alert topics', usage.snsTopics, 'sns.topic');
  add('secrets', 'secrets', usage.secrets, 'secrets.secret');
  // Every canary run signs in with the credentials it reads from the secret.
  add(
    'secrets',
    'GetSecretValue calls (one per canary run)',
    usage.secrets > 0 ? canaryRuns : 0,
    'secrets.apiCalls',
    1e4,
  );

  // ---- The service: API Gateway, Lambda (measured durations), DynamoDB (measured capacity) ----
  add('api-gateway', 'REST API requests', usage.restApis > 0 ? requests : 0, 'apigateway.restRequests', 1e6);
  const apiFunctions = usage.functions.filter((f) => f.role.kind === 'api');
  const gbSeconds = apiFunctions.reduce((s, fn) => {
    const seconds = fn.role.kind === 'api' ? perMonthServedBy(fn.role.name, (v) => Math.ceil(v.durationMs) / 1000) : 0;
    return s + seconds * (fn.memoryMb / 1024);
  }, 0);
  const armKey = (arm: boolean) => (arm ? 'lambda.gbSecondArm' : 'lambda.gbSecondX86');
  const records = perMonth((v) => v.streamRecords);
  const audit = usage.functions.find((f) => f.role.kind === 'audit');
  add('lambda', 'API function requests', requests, 'lambda.requests', 1e6);
  add('lambda', 'API function compute (measured durations)', gbSeconds, armKey(apiFunctions.every((f) => f.arm64)));
  if (audit) {
    add('lambda', 'audit processor requests (one per stream record: an upper bound)', records, 'lambda.requests', 1e6);
    add(
      'lambda',
      `audit processor compute (assumed ${A.auditProcessorMsPerRecord} ms/record)`,
      ((records * A.auditProcessorMsPerRecord) / 1000) * (audit.memoryMb / 1024),
      armKey(audit.arm64),
    );
  }
  add(
    'dynamodb',
    'read request units (measured)',
    perMonth((v) => v.readRequestUnits),
    'dynamodb.readRequestUnits',
    1e6,
  );
  add(
    'dynamodb',
    'write request units (measured)',
    perMonth((v) => v.writeRequestUnits),
    'dynamodb.writeRequestUnits',
    1e6,
  );

  const total = (service: boolean) =>
    round(
      out.filter((c) => SERVICE_CATEGORIES.includes(c.category) === service).reduce((s, c) => s + c.monthlyUsd, 0),
      2,
    );
  return { rps, components: out, observabilityMonthlyUsd: total(false), serviceMonthlyUsd: total(true) };
}

/** Custom metrics are priced in tiers over the account's total: each line continues where the previous one ended. */
function tiered(prices: PriceBook, key: string): (name: string, count: number) => CostComponent {
  const price = prices.price(key);
  let used = 0;
  return (name, count) => {
    let usd = 0;
    for (let i = 0; i < count; i++, used++) {
      usd += price.tiers?.find((t) => t.upTo === null || used < t.upTo)?.usd ?? price.usd;
    }
    return {
      name,
      category: 'metrics',
      quantity: count,
      unit: price.unit,
      unitPriceUsd: price.usd,
      monthlyUsd: round(usd, 2),
    };
  };
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
