import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { booleanFlag, fraction, httpsBaseUrl, integer, list, oneOf, retentionDays, Rule, text } from './context-rules';
import { DEPLOYMENT_STRATEGIES, StageConfig, StageName, STAGES, TABLE_ENCRYPTIONS } from './stage-config-types';
import { DOMAIN_CROSS_KEY_RULES, DOMAIN_KEYS } from './domain-keys';
import { DEFAULT_STAGE } from './stage-defaults';
import {
  DEFAULT_ACCOUNT_CONCURRENCY,
  MAX_RESERVED_CONCURRENCY,
  maxReservedConcurrency,
  RESERVING_FUNCTIONS,
  reservedConcurrencyOf,
  UNRESERVED_MINIMUM,
} from './reserved-concurrency';

/** A field of StageConfig a context key can set: `stage`, `alarmEmails`, `slo.latencyTarget`, … */
export type ConfigPath = {
  [K in keyof StageConfig & string]: StageConfig[K] extends readonly unknown[] | string | number | boolean | undefined
    ? K
    : `${K}.${keyof StageConfig[K] & string}`;
}[keyof StageConfig & string];

/** The type of the field at a ConfigPath. */
export type ValueAt<P extends ConfigPath> = P extends `${infer A extends keyof StageConfig}.${infer B}`
  ? B extends keyof StageConfig[A]
    ? StageConfig[A][B]
    : never
  : P extends keyof StageConfig
    ? StageConfig[P]
    : never;

/** One context key: what it sets, what it accepts and what it means. The row of docs/configuration.md. */
export interface ContextKeyDef<K extends string = string, P extends ConfigPath = ConfigPath> {
  /** The name passed with `-c <key>=<value>` or set in cdk.json's context. */
  readonly key: K;
  /** The field of StageConfig it overrides; its default per stage is that field in STAGE_DEFAULTS. */
  readonly sets: P;
  readonly rule: Rule<ValueAt<P>>;
  readonly description: string;
  /** The doc's default when the key's default is not a value of the stage config (e.g. a name computed at synth). */
  readonly defaultText?: string;
}

const key = <K extends string, P extends ConfigPath>(def: ContextKeyDef<K, P>): ContextKeyDef<K, P> => def;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** Cognito domain prefixes: lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A Lambda layer version ARN: `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`. */
const LAYER_VERSION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/;

/** Who called the API and what the firewall did with it is audit evidence: a year at least in prod. */
const AUDIT_RELEVANT_IN_PROD = {
  days: RetentionDays.ONE_YEAR,
  why: 'access and WAF logs are audit-relevant',
} as const;

/** A CORS origin: scheme, host and port only; https, plus `*` and http://localhost outside prod. */
function isValidOrigin(origin: string, stage: StageName): boolean {
  if (origin === '*') return stage !== 'prod';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // no path, query or trailing slash
  if (url.protocol === 'https:') return true;
  return stage !== 'prod' && url.protocol === 'http:' && url.hostname === 'localhost';
}

/**
 * Every context key, in the order they are read; `stage` comes first, as it picks the defaults the others override.
 * This table drives loadStageConfig (reading, validating, the error naming the key and what is allowed) and
 * docs/configuration.md (`npm run docs:config`).
 */
export const CONTEXT_KEY_TABLE = [
  key({
    key: 'stage',
    sets: 'stage',
    rule: oneOf(STAGES),
    description: 'Which stage to synthesize; selects every default below.',
    defaultText: `\`${DEFAULT_STAGE}\``,
  }),
  key({
    key: 'corsAllowedOrigins',
    sets: 'corsAllowedOrigins',
    rule: list(
      'comma-separated origins (no path): https; outside prod also "*" and http://localhost[:port]',
      isValidOrigin,
      (stage) =>
        stage === 'prod'
          ? 'https origins such as https://app.example.com (no "*" and no path in prod)'
          : '"*", https origins, or http://localhost[:port]',
    ),
    description: "Origins allowed by CORS besides the web client's CloudFront origin, which is always added.",
  }),
  key({
    key: 'rumSessionSampleRate',
    sets: 'web.rumSessionSampleRate',
    rule: fraction(0, 1),
    description: "Share of browser sessions CloudWatch RUM records; each recorded session's events are billed.",
  }),
  key({
    key: 'signInDomainPrefix',
    sets: 'web.signInDomainPrefix',
    rule: text(
      'lowercase letters, digits and hyphens (1–63, no leading or trailing hyphen), without "aws", "amazon" or "cognito"',
      (value) => DOMAIN_PREFIX.test(value) && !/aws|amazon|cognito/.test(value),
    ),
    description:
      'Prefix of the Cognito managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region.',
    defaultText: '`todo-<stage>-<account id>`',
  }),
  key({
    key: 'alarmEmails',
    sets: 'alarmEmails',
    rule: list('e-mail addresses, comma-separated', (value) => EMAIL.test(value)),
    description: 'E-mail addresses subscribed to the alert topic of every severity.',
  }),
  key({
    key: 'pagerDutySecretName',
    sets: 'pagerDutySecretName',
    rule: text('a Secrets Manager secret name (letters, digits, /_+=.@-)', (value) => SECRET_NAME.test(value)),
    description:
      'Secrets Manager secret whose value is the PagerDuty CloudWatch integration URL; the critical topic subscribes to ' +
      'it over HTTPS, and the URL is resolved by CloudFormation, never in code, context or template.',
    defaultText: 'none: nothing pages, and synth warns',
  }),
  key({
    key: 'logRetentionDays',
    sets: 'logRetention',
    rule: retentionDays(),
    description: 'Retention of application (Lambda) logs.',
  }),
  key({
    key: 'accessLogRetentionDays',
    sets: 'accessLogRetention',
    rule: retentionDays(AUDIT_RELEVANT_IN_PROD),
    description: 'Retention of API Gateway access and execution logs.',
  }),
  key({
    key: 'wafLogRetentionDays',
    sets: 'wafLogRetention',
    rule: retentionDays(AUDIT_RELEVANT_IN_PROD),
    description: "Retention of the API web ACL's request logs (`aws-waf-logs-todo-<stage>-api`).",
  }),
  key({
    key: 'auditLogRetentionDays',
    sets: 'auditLogRetention',
    rule: retentionDays(),
    description: 'Retention of the audit trail (every change to a todo).',
  }),
  key({
    key: 'tableEncryption',
    sets: 'tableEncryption',
    rule: oneOf(TABLE_ENCRYPTIONS),
    description:
      'Key of the todo table, its stream and the idempotency records: `aws-managed` (aws/dynamodb, no charge) or ' +
      '`customer-managed` (a key of the stage with rotation, a key policy of its own and every use in CloudTrail; ' +
      '$1/month plus $0.03 per 10,000 requests beyond the free tier, https://aws.amazon.com/kms/pricing/).',
  }),
  key({
    key: 'apiRateLimit',
    sets: 'apiThrottle.rateLimit',
    rule: integer(1, 10_000),
    description: 'Steady-state API requests per second across the stage.',
  }),
  key({
    key: 'apiBurstLimit',
    sets: 'apiThrottle.burstLimit',
    rule: integer(1, 5_000),
    description: 'API burst bucket size.',
  }),
  key({
    key: 'reservedConcurrency',
    sets: 'functions.reservedConcurrency',
    rule: integer(1, MAX_RESERVED_CONCURRENCY),
    description:
      `Reserved concurrency of each API function and the audit processor (${RESERVING_FUNCTIONS} functions), at ` +
      `most ${MAX_RESERVED_CONCURRENCY} so they fit the default account quota of ${DEFAULT_ACCOUNT_CONCURRENCY} with ` +
      `${UNRESERVED_MINIMUM} left unreserved; also at most what \`lambdaAccountConcurrencyLimit\` allows.`,
    defaultText: 'ceil(max(`apiRateLimit`, `apiBurstLimit`) × 0.1 s): dev 10, prod 100',
  }),
  key({
    key: 'tracingSampleRate',
    sets: 'tracing.sampleRate',
    rule: fraction(0, 1),
    description: 'Share of requests X-Ray traces beyond the reservoir (1 per second).',
  }),
  key({
    key: 'expectedRequestsPerSecond',
    sets: 'cost.expectedRequestsPerSecond',
    rule: fraction(0.001, 100_000),
    description:
      'API requests per second the stage is expected to serve; synth estimates the observability cost at it.',
  }),
  key({
    key: 'observabilityBudgetUsdPerMonth',
    sets: 'cost.observabilityBudgetUsdPerMonth',
    rule: fraction(1, 1_000_000),
    description:
      'Monthly observability spend in USD: synth warns when the estimate at `expectedRequestsPerSecond` exceeds it, ' +
      'and in prod an AWS Budgets budget notifies the warning topic at 80% and 100% of it.',
  }),
  key({
    key: 'sloAvailabilityTarget',
    sets: 'slo.availabilityTarget',
    rule: fraction(0.9, 0.9999),
    description: 'Share of valid requests that must not fail with a 5xx over 30 days.',
  }),
  key({
    key: 'sloLatencyTarget',
    sets: 'slo.latencyTarget',
    rule: fraction(0.9, 0.9999),
    description: 'Share of requests that must complete under `sloLatencyThresholdMs` over 30 days.',
  }),
  key({
    key: 'sloLatencyThresholdMs',
    sets: 'slo.latencyThresholdMs',
    rule: integer(50, 29_000),
    description:
      'Threshold of the latency SLO in milliseconds; also the X-Ray slow-requests group threshold and the per-route p99 alarm.',
  }),
  key({
    key: 'sloMinRequestsPerWindow',
    sets: 'slo.minRequestsPerWindow',
    rule: integer(10, 1_000_000),
    description:
      'Fewest valid requests a long burn-rate window needs before it may alarm, a tenth of it the fewest bad ones ' +
      '(short window: a tenth of each, at least 1), so a handful of requests with one failure never pages.',
  }),
  key({
    key: 'runbookBaseUrl',
    sets: 'alarming.runbookBaseUrl',
    rule: httpsBaseUrl(),
    description: 'Base URL of the runbooks; an alarm links `<base>/alarms/<alarm-id>.md`.',
  }),
  key({
    key: 'lambdaAccountConcurrencyLimit',
    sets: 'alarming.lambdaAccountConcurrencyLimit',
    // Enough for each function to reserve 1 with 100 left unreserved (lib/config/reserved-concurrency.ts).
    rule: integer(UNRESERVED_MINIMUM + RESERVING_FUNCTIONS, 1_000_000),
    description:
      "The account's Lambda concurrency limit, for the concurrency-near-limit (80 %) alarm and the most " +
      '`reservedConcurrency` may be.',
  }),
  key({
    key: 'canaryJourneyRateMinutes',
    sets: 'canary.journeyRateMinutes',
    rule: integer(1, 60),
    description: 'Minutes between runs of the user-journey canary (create, read, list, update, delete).',
  }),
  key({
    key: 'canaryHeartbeatRateMinutes',
    sets: 'canary.heartbeatRateMinutes',
    rule: integer(1, 60),
    description: 'Minutes between runs of the heartbeat canary (one authenticated read).',
  }),
  key({
    key: 'deploymentStrategy',
    sets: 'deployment.strategy',
    rule: oneOf(DEPLOYMENT_STRATEGIES),
    description:
      'How CodeDeploy shifts traffic to a new function version: 10 % for 5 minutes then the rest, or all at once; ' +
      'either way it rolls back when a rollback alarm of the new version fires.',
  }),
  key({
    key: 'chaosEnabled',
    sets: 'chaos.enabled',
    rule: booleanFlag(),
    description:
      'Attach the AWS FIS Lambda extension to the API functions and add the chaos stack (`todo-<stage>-chaos`).',
  }),
  key({
    key: 'fisExtensionLayerArn',
    sets: 'chaos.fisExtensionLayerArn',
    rule: text(
      'a Lambda layer version ARN, arn:aws:lambda:<region>:<account>:layer:<name>:<version>',
      (value) => LAYER_VERSION_ARN.test(value),
      [
        {
          fails: (value) => /x86_64/.test(value),
          allowed: 'the arm64 build of the extension (the functions run on arm64)',
        },
      ],
    ),
    description: "ARN of the arm64 FIS Lambda extension layer in the stage's region.",
  }),
  ...DOMAIN_KEYS,
] as const;

export type ContextKey = (typeof CONTEXT_KEY_TABLE)[number]['key'];

/** A rule over several keys, checked once every key is read: `key` is the one named in the error. */
export interface CrossKeyRule {
  readonly key: ContextKey;
  readonly violated: (config: StageConfig) => boolean;
  readonly allowed: string;
}

export const CROSS_KEY_RULES: readonly CrossKeyRule[] = [
  {
    key: 'fisExtensionLayerArn',
    violated: (config) => config.chaos.enabled && config.chaos.fisExtensionLayerArn === undefined,
    allowed:
      "the FIS Lambda extension layer ARN of the stage's region when chaosEnabled is true (aws ssm get-parameter " +
      '--name /aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x --query Parameter.Value)',
  },
  {
    key: 'reservedConcurrency',
    violated: (config) =>
      reservedConcurrencyOf(config) > maxReservedConcurrency(config.alarming.lambdaAccountConcurrencyLimit),
    allowed:
      `at most (lambdaAccountConcurrencyLimit − ${UNRESERVED_MINIMUM}) / ${RESERVING_FUNCTIONS} per function, ` +
      `rounded down: ${RESERVING_FUNCTIONS} functions each reserve it and Lambda keeps ${UNRESERVED_MINIMUM} unreserved`,
  },
  ...DOMAIN_CROSS_KEY_RULES,
];

/** The field at `path` of a config. */
export function valueAt<P extends ConfigPath>(config: StageConfig, path: P): ValueAt<P> {
  return path.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown>)[part], config) as ValueAt<P>;
}

/** A copy of `config` with the field at `path` set to `value`. */
export function withValueAt(config: StageConfig, path: ConfigPath, value: unknown): StageConfig {
  const [head, field] = path.split('.') as [keyof StageConfig, string | undefined];
  if (field === undefined) return { ...config, [head]: value };
  return { ...config, [head]: { ...(config[head] as object), [field]: value } };
}
