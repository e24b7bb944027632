import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The application name: the first part of every physical name (`todo-prod-…`). */
export const APP_NAME = 'todo';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface ApiThrottleConfig {
  /** Steady-state requests per second across the stage. */
  readonly rateLimit: number;
  /** Burst bucket size. */
  readonly burstLimit: number;
  /** Requests one client IP may send in 5 minutes before the WAF blocks it. */
  readonly rateLimitPerIpPer5Minutes: number;
}

export interface FunctionConfig {
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  /** Powertools log level. */
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Share of invocations that log at DEBUG regardless of `logLevel` (0–1). */
  readonly debugLogSampleRate: number;
}

export interface TracingConfig {
  /** Share of requests traced beyond the reservoir (0–1). */
  readonly sampleRate: number;
  /** Requests per second traced before the rate applies, so quiet periods still produce traces. */
  readonly reservoirPerSecond: number;
}

export interface SloConfig {
  /** Share of valid requests that must not fail with a 5xx over 30 days (0.9–0.9999). */
  readonly availabilityTarget: number;
  /** Share of requests that must complete under `latencyThresholdMs` over 30 days (0.9–0.9999). */
  readonly latencyTarget: number;
  /** The latency SLO's threshold; also the X-Ray "slow requests" group's threshold. */
  readonly latencyThresholdMs: number;
  /**
   * Fewest valid requests a burn-rate window must hold before it may alarm (the short window needs a tenth), so a
   * handful of requests with one failure never pages.
   */
  readonly minRequestsPerWindow: number;
}

export interface AlarmingConfig {
  /** Base URL of the runbooks; an alarm links `<base>/alarms/<alarm-id>.md`. */
  readonly runbookBaseUrl: string;
  /** The account's Lambda concurrency limit, for the concurrency-near-limit alarm. */
  readonly lambdaAccountConcurrencyLimit: number;
}

/** Synthetic monitoring (CloudWatch Synthetics canaries walking the API as the dedicated canary user). */
export interface CanaryConfig {
  /** Minutes between runs of the user-journey canary (create, read, list, update, delete), 1–60. */
  readonly journeyRateMinutes: number;
  /** Minutes between runs of the heartbeat canary (one authenticated read), 1–60. */
  readonly heartbeatRateMinutes: number;
}

/** How a new version of each function reaches its `live` alias (CodeDeploy deployment configuration). */
export const DEPLOYMENT_STRATEGIES = ['canary-10-percent-5-minutes', 'all-at-once'] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

export interface DeploymentConfig {
  /**
   * `canary-10-percent-5-minutes`: 10 % of the traffic on the new version for 5 minutes, then the rest;
   * `all-at-once`: everything at once. Either way CodeDeploy rolls back when a rollback alarm of the new version fires.
   */
  readonly strategy: DeploymentStrategy;
}

export interface ChaosConfig {
  /**
   * Attach the AWS FIS Lambda extension to the API functions and create the FIS experiment templates
   * (`todo-<stage>-chaos`). The extension wraps every invocation, so it is opt-in.
   */
  readonly enabled: boolean;
  /**
   * ARN of the FIS Lambda extension layer (arm64 build) in the stage's region: `aws ssm get-parameter --name
   * /aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x`. Required when `enabled`.
   */
  readonly fisExtensionLayerArn?: string;
}

/** The web client: sign-in and real-user monitoring (CloudWatch RUM). */
export interface WebConfig {
  /** Share of browser sessions CloudWatch RUM records (0–1); each recorded session's events are billed. */
  readonly rumSessionSampleRate: number;
  /**
   * Prefix of the Cognito managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region.
   * @default `todo-<stage>-<account id>`
   */
  readonly signInDomainPrefix?: string;
}

/** Everything that differs between stages. Built by `loadStageConfig`, never by hand in `bin/`. */
export interface StageConfig {
  readonly appName: string;
  readonly stage: StageName;
  /** `RETAIN` for stateful resources and logs in prod, `DESTROY` elsewhere. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection. */
  readonly deletionProtection: boolean;
  /** Retention of application (Lambda) logs. */
  readonly logRetention: RetentionDays;
  /** Retention of API Gateway access and execution logs. */
  readonly accessLogRetention: RetentionDays;
  /** Retention of the audit trail (every change to a todo). */
  readonly auditLogRetention: RetentionDays;
  readonly tracing: TracingConfig;
  readonly slo: SloConfig;
  readonly alarming: AlarmingConfig;
  /**
   * Origins allowed by CORS besides the web client's own CloudFront origin, which is always added; `*` (any origin)
   * only outside prod.
   */
  readonly corsAllowedOrigins: readonly string[];
  readonly apiThrottle: ApiThrottleConfig;
  readonly functions: FunctionConfig;
  /** E-mail addresses subscribed to the alert topics. */
  readonly alarmEmails: readonly string[];
  /** Cognito Plus feature plan with threat protection enforced (adaptive auth, compromised credentials). */
  readonly userPoolThreatProtection: boolean;
  /** Name of a Secrets Manager secret holding the PagerDuty CloudWatch integration URL; none means no paging. */
  readonly pagerDutySecretName?: string;
  /** Schedules of the synthetic canaries. */
  readonly canary: CanaryConfig;
  /** Traffic shifting of new function versions. */
  readonly deployment: DeploymentConfig;
  /** Fault injection (AWS FIS) for game days. */
  readonly chaos: ChaosConfig;
  readonly web: WebConfig;
}

const DEFAULT_RUNBOOK_BASE_URL = 'https://github.com/todo-observability/todo-observability/blob/main/runbooks';

const DEFAULTS: Record<StageName, Omit<StageConfig, 'appName' | 'stage'>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    accessLogRetention: RetentionDays.ONE_WEEK,
    auditLogRetention: RetentionDays.ONE_MONTH,
    // Little traffic: trace every request so each test call can be followed end to end.
    tracing: { sampleRate: 1, reservoirPerSecond: 1 },
    slo: { availabilityTarget: 0.999, latencyTarget: 0.99, latencyThresholdMs: 1000, minRequestsPerWindow: 100 },
    alarming: { runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL, lambdaAccountConcurrencyLimit: 1000 },
    // The dev web client on CloudFront is added by the service stack; localhost serves a front end under development.
    corsAllowedOrigins: ['http://localhost:3000'],
    userPoolThreatProtection: false,
    apiThrottle: { rateLimit: 50, burstLimit: 100, rateLimitPerIpPer5Minutes: 1000 },
    functions: { memorySizeMb: 1024, timeoutSeconds: 10, logLevel: 'DEBUG', debugLogSampleRate: 0 },
    // Each run costs money (per canary run); dev only needs to notice a broken deploy within the hour.
    canary: { journeyRateMinutes: 15, heartbeatRateMinutes: 5 },
    alarmEmails: [],
    // Fast feedback; the rollback alarms still act while CodeDeploy finishes the deployment.
    deployment: { strategy: 'all-at-once' },
    // Opt-in (-c chaosEnabled=true -c fisExtensionLayerArn=…): the layer ARN is per region and account-agnostic code
    // cannot know it.
    chaos: { enabled: false },
    // Every session: dev traffic is the team's own, and each one is worth seeing.
    web: { rumSessionSampleRate: 1 },
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    accessLogRetention: RetentionDays.THREE_MONTHS,
    auditLogRetention: RetentionDays.ONE_YEAR,
    // One trace per second per function for sure, plus 5% of the rest: enough for the fault and slow-request groups
    // and per-route latency analysis at a fraction of the cost of tracing everything.
    tracing: { sampleRate: 0.05, reservoirPerSecond: 1 },
    slo: { availabilityTarget: 0.999, latencyTarget: 0.99, latencyThresholdMs: 1000, minRequestsPerWindow: 100 },
    alarming: { runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL, lambdaAccountConcurrencyLimit: 1000 },
    // Only the web client's CloudFront origin (added by the service stack).
    corsAllowedOrigins: [],
    userPoolThreatProtection: true,
    apiThrottle: { rateLimit: 500, burstLimit: 1000, rateLimitPerIpPer5Minutes: 3000 },
    functions: { memorySizeMb: 1024, timeoutSeconds: 10, logLevel: 'INFO', debugLogSampleRate: 0.01 },
    // The heartbeat pages within ~3 minutes of an outage even when there is too little traffic for the burn-rate
    // alarms; the journey checks every route within ~15 minutes.
    canary: { journeyRateMinutes: 5, heartbeatRateMinutes: 1 },
    alarmEmails: [],
    deployment: { strategy: 'canary-10-percent-5-minutes' },
    // Off: the extension wraps every invocation of every API function and lets FIS fail real users' requests.
    // Game days run in dev first; prod opts in for a scheduled game day only.
    chaos: { enabled: false },
    // A tenth of the sessions keeps p75 web vitals and error rates stable at a tenth of the cost of recording all.
    web: { rumSessionSampleRate: 0.1 },
  },
};

/** Context keys a user may pass with `-c key=value` (or set in cdk.json) to override a stage default. */
export const CONTEXT_KEYS = [
  'stage',
  'corsAllowedOrigins',
  'alarmEmails',
  'pagerDutySecretName',
  'logRetentionDays',
  'accessLogRetentionDays',
  'apiRateLimit',
  'apiBurstLimit',
  'auditLogRetentionDays',
  'tracingSampleRate',
  'sloAvailabilityTarget',
  'sloLatencyTarget',
  'sloLatencyThresholdMs',
  'sloMinRequestsPerWindow',
  'runbookBaseUrl',
  'lambdaAccountConcurrencyLimit',
  'deploymentStrategy',
  'chaosEnabled',
  'fisExtensionLayerArn',
  'canaryJourneyRateMinutes',
  'canaryHeartbeatRateMinutes',
  'rumSessionSampleRate',
  'signInDomainPrefix',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

/** Reads a context value; `undefined` when the key is not set. */
export type ContextReader = (key: ContextKey) => unknown;

export class StageConfigError extends Error {
  constructor(key: string, value: unknown, allowed: string) {
    super(`Invalid context value for "${key}": ${JSON.stringify(value)}. Allowed: ${allowed}.`);
    this.name = 'StageConfigError';
  }
}

const RETENTION_VALUES = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** Cognito domain prefixes: lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A Lambda layer version ARN: `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`. */
const LAYER_VERSION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/;

/** Builds and validates the config of the stage named by the `stage` context key (default `dev`). */
export function loadStageConfig(readContext: ContextReader): StageConfig {
  const stageValue = readContext('stage') ?? 'dev';
  if (typeof stageValue !== 'string' || !(STAGES as readonly string[]).includes(stageValue)) {
    throw new StageConfigError('stage', stageValue, STAGES.join(', '));
  }
  const stage = stageValue as StageName;
  const defaults = DEFAULTS[stage];

  const corsAllowedOrigins = readList(readContext, 'corsAllowedOrigins') ?? defaults.corsAllowedOrigins;
  for (const origin of corsAllowedOrigins) {
    if (!isValidOrigin(origin, stage)) {
      throw new StageConfigError(
        'corsAllowedOrigins',
        origin,
        stage === 'prod'
          ? 'https origins such as https://app.example.com (no "*" and no path in prod)'
          : '"*", https origins, or http://localhost[:port]',
      );
    }
  }

  const alarmEmails = readList(readContext, 'alarmEmails') ?? defaults.alarmEmails;
  for (const email of alarmEmails) {
    if (!EMAIL.test(email)) throw new StageConfigError('alarmEmails', email, 'e-mail addresses, comma-separated');
  }

  const pagerDutySecretName = readContext('pagerDutySecretName') ?? defaults.pagerDutySecretName;
  if (
    pagerDutySecretName !== undefined &&
    (typeof pagerDutySecretName !== 'string' || !SECRET_NAME.test(pagerDutySecretName))
  ) {
    throw new StageConfigError(
      'pagerDutySecretName',
      pagerDutySecretName,
      'a Secrets Manager secret name (letters, digits, /_+=.@-)',
    );
  }

  const deploymentStrategy = readContext('deploymentStrategy') ?? defaults.deployment.strategy;
  if (!(DEPLOYMENT_STRATEGIES as readonly unknown[]).includes(deploymentStrategy)) {
    throw new StageConfigError('deploymentStrategy', deploymentStrategy, DEPLOYMENT_STRATEGIES.join(', '));
  }
  const chaos = readChaos(readContext, defaults.chaos);
  const web = readWeb(readContext, defaults.web);

  const rateLimit = readNumber(readContext, 'apiRateLimit', 1, 10_000) ?? defaults.apiThrottle.rateLimit;
  const burstLimit = readNumber(readContext, 'apiBurstLimit', 1, 5_000) ?? defaults.apiThrottle.burstLimit;

  return {
    ...defaults,
    appName: APP_NAME,
    stage,
    corsAllowedOrigins,
    alarmEmails,
    pagerDutySecretName: pagerDutySecretName as string | undefined,
    deployment: { strategy: deploymentStrategy as DeploymentStrategy },
    chaos,
    web,
    logRetention: readRetention(readContext, 'logRetentionDays') ?? defaults.logRetention,
    accessLogRetention: readRetention(readContext, 'accessLogRetentionDays') ?? defaults.accessLogRetention,
    apiThrottle: { ...defaults.apiThrottle, rateLimit, burstLimit },
    auditLogRetention: readRetention(readContext, 'auditLogRetentionDays') ?? defaults.auditLogRetention,
    tracing: {
      ...defaults.tracing,
      sampleRate: readFraction(readContext, 'tracingSampleRate', 0, 1) ?? defaults.tracing.sampleRate,
    },
    slo: {
      availabilityTarget:
        readFraction(readContext, 'sloAvailabilityTarget', 0.9, 0.9999) ?? defaults.slo.availabilityTarget,
      latencyTarget: readFraction(readContext, 'sloLatencyTarget', 0.9, 0.9999) ?? defaults.slo.latencyTarget,
      latencyThresholdMs:
        readNumber(readContext, 'sloLatencyThresholdMs', 50, 29_000) ?? defaults.slo.latencyThresholdMs,
      minRequestsPerWindow:
        readNumber(readContext, 'sloMinRequestsPerWindow', 10, 1_000_000) ?? defaults.slo.minRequestsPerWindow,
    },
    canary: {
      journeyRateMinutes:
        readNumber(readContext, 'canaryJourneyRateMinutes', 1, 60) ?? defaults.canary.journeyRateMinutes,
      heartbeatRateMinutes:
        readNumber(readContext, 'canaryHeartbeatRateMinutes', 1, 60) ?? defaults.canary.heartbeatRateMinutes,
    },
    alarming: {
      runbookBaseUrl: readBaseUrl(readContext, 'runbookBaseUrl') ?? defaults.alarming.runbookBaseUrl,
      lambdaAccountConcurrencyLimit:
        readNumber(readContext, 'lambdaAccountConcurrencyLimit', 10, 1_000_000) ??
        defaults.alarming.lambdaAccountConcurrencyLimit,
    },
  };
}

function readWeb(readContext: ContextReader, defaults: WebConfig): WebConfig {
  const signInDomainPrefix = readContext('signInDomainPrefix') ?? defaults.signInDomainPrefix;
  if (
    signInDomainPrefix !== undefined &&
    (typeof signInDomainPrefix !== 'string' ||
      !DOMAIN_PREFIX.test(signInDomainPrefix) ||
      /aws|amazon|cognito/.test(signInDomainPrefix))
  ) {
    throw new StageConfigError(
      'signInDomainPrefix',
      signInDomainPrefix,
      'lowercase letters, digits and hyphens (1–63, no leading or trailing hyphen), without "aws", "amazon" or "cognito"',
    );
  }
  return {
    rumSessionSampleRate: readFraction(readContext, 'rumSessionSampleRate', 0, 1) ?? defaults.rumSessionSampleRate,
    signInDomainPrefix: signInDomainPrefix as string | undefined,
  };
}

/** `chaosEnabled` (true/false) and `fisExtensionLayerArn`: enabled needs an arm64 layer ARN (the functions are arm64). */
function readChaos(readContext: ContextReader, defaults: ChaosConfig): ChaosConfig {
  const enabledValue = readContext('chaosEnabled');
  let enabled = defaults.enabled;
  if (enabledValue !== undefined) {
    if (enabledValue === true || enabledValue === 'true') enabled = true;
    else if (enabledValue === false || enabledValue === 'false') enabled = false;
    else throw new StageConfigError('chaosEnabled', enabledValue, 'true or false');
  }
  const layerArn = readContext('fisExtensionLayerArn') ?? defaults.fisExtensionLayerArn;
  if (layerArn !== undefined) {
    if (typeof layerArn !== 'string' || !LAYER_VERSION_ARN.test(layerArn)) {
      throw new StageConfigError(
        'fisExtensionLayerArn',
        layerArn,
        'a Lambda layer version ARN, arn:aws:lambda:<region>:<account>:layer:<name>:<version>',
      );
    }
    if (/x86_64/.test(layerArn)) {
      throw new StageConfigError(
        'fisExtensionLayerArn',
        layerArn,
        'the arm64 build of the extension (the functions run on arm64)',
      );
    }
  }
  if (enabled && layerArn === undefined) {
    throw new StageConfigError(
      'fisExtensionLayerArn',
      layerArn,
      "the FIS Lambda extension layer ARN of the stage's region when chaosEnabled is true (aws ssm get-parameter " +
        '--name /aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x --query Parameter.Value)',
    );
  }
  return { enabled, fisExtensionLayerArn: layerArn as string | undefined };
}

/** `app-stage-suffix`, the physical name of anything global per account and region. */
export function physicalName(config: Pick<StageConfig, 'appName' | 'stage'>, ...parts: string[]): string {
  return [config.appName, config.stage, ...parts].join('-');
}

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

/** A list from context: a JSON array (cdk.json) or a comma-separated string (`-c key=a,b`). */
function readList(readContext: ContextReader, key: ContextKey): string[] | undefined {
  const value = readContext(key);
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new StageConfigError(key, value, 'a comma-separated string or an array of strings');
}

/** A context value as a number (`-c` gives strings, cdk.json numbers); NaN when it is neither. */
function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}

/** A number from context; must be an integer within [min, max]. */
function readNumber(readContext: ContextReader, key: ContextKey, min: number, max: number): number | undefined {
  const value = readContext(key);
  if (value === undefined) return undefined;
  const parsed = toNumber(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new StageConfigError(key, value, `an integer from ${min} to ${max}`);
  }
  return parsed;
}

/** An https URL without a trailing slash. */
function readBaseUrl(readContext: ContextReader, key: ContextKey): string | undefined {
  const value = readContext(key);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:' || String(value).endsWith('/')) {
    throw new StageConfigError(key, value, 'an https URL without a trailing slash');
  }
  return String(value);
}

/** A number from context within [min, max] (inclusive), e.g. an SLO target or a sampling rate. */
function readFraction(readContext: ContextReader, key: ContextKey, min: number, max: number): number | undefined {
  const value = readContext(key);
  if (value === undefined) return undefined;
  const parsed = toNumber(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw new StageConfigError(key, value, `a number from ${min} to ${max}`);
  }
  return parsed;
}

function readRetention(readContext: ContextReader, key: ContextKey): RetentionDays | undefined {
  const value = readContext(key);
  if (value === undefined) return undefined;
  const parsed = toNumber(value);
  if (!RETENTION_VALUES.includes(parsed) || parsed === RetentionDays.INFINITE) {
    throw new StageConfigError(
      key,
      value,
      `one of ${RETENTION_VALUES.filter((v) => v !== RetentionDays.INFINITE).join(', ')} (days)`,
    );
  }
  return parsed as RetentionDays;
}
