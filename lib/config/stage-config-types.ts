import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * The shape of a stage's configuration: what differs between stages. The values of each stage are in
 * stage-defaults.ts; the context keys that override them are in context-keys.ts.
 */

export { APP_NAME } from '../../contract/physical-names';

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
  /**
   * Reserved concurrency of each API function and of the audit processor: what each may always use, and at most.
   * @default - sized from the API throttle limits (lib/config/reserved-concurrency.ts)
   */
  readonly reservedConcurrency?: number;
}

export interface TracingConfig {
  /** Share of requests traced beyond the reservoir (0–1). */
  readonly sampleRate: number;
  /** Requests per second traced before the rate applies, so quiet periods still produce traces. */
  readonly reservoirPerSecond: number;
}

/** What the observability may cost: the budget guard estimates it at the expected traffic (lib/cost). */
export interface CostConfig {
  /** API requests per second the stage is expected to serve, for the synth-time estimate. */
  readonly expectedRequestsPerSecond: number;
  /** Monthly observability spend (USD) above which synth warns and, in prod, AWS Budgets notifies. */
  readonly observabilityBudgetUsdPerMonth: number;
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

/**
 * The key encrypting the todo table, its stream and the idempotency records: `aws-managed` (aws/dynamodb, free) or
 * `customer-managed` (a key of the stage, with rotation and a key policy of its own).
 */
export const TABLE_ENCRYPTIONS = ['aws-managed', 'customer-managed'] as const;
export type TableEncryption = (typeof TABLE_ENCRYPTIONS)[number];

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

/**
 * Custom domains of the web client and the API (all optional). A domain comes with its ACM certificate; without
 * `hostedZoneId` no DNS record is made and the stack outputs the targets to point the names at.
 */
export interface DomainConfig {
  /** The web client's host name, e.g. `todo.example.com`: a CloudFront alias. */
  readonly webDomainName?: string;
  /** ACM certificate for `webDomainName`, in us-east-1 (CloudFront reads certificates only from there). */
  readonly webCertificateArn?: string;
  /** The API's host name, e.g. `api.todo.example.com`: an API Gateway regional custom domain. */
  readonly apiDomainName?: string;
  /** ACM certificate for `apiDomainName`, in the stack's region. */
  readonly apiCertificateArn?: string;
  /** Public Route 53 hosted zone holding the domains: alias A and AAAA records for each domain set. */
  readonly hostedZoneId?: string;
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
  /** Retention of API Gateway access and execution logs (at least a year in prod: audit-relevant). */
  readonly accessLogRetention: RetentionDays;
  /** Retention of the API web ACL's request logs (at least a year in prod: audit-relevant). */
  readonly wafLogRetention: RetentionDays;
  /** Retention of the audit trail (every change to a todo). */
  readonly auditLogRetention: RetentionDays;
  /** Which key encrypts the todo table, its stream and the idempotency records. */
  readonly tableEncryption: TableEncryption;
  readonly tracing: TracingConfig;
  readonly cost: CostConfig;
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
  /** Custom domains; none by default (the CloudFront and execute-api host names). */
  readonly domains: DomainConfig;
}
