import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageConfig, StageName } from './stage-config-types';

/** The stage synthesized when the `stage` context key is not set. */
export const DEFAULT_STAGE: StageName = 'dev';

export const DEFAULT_RUNBOOK_BASE_URL = 'https://github.com/todo-observability/todo-observability/blob/main/runbooks';

/**
 * Each stage's configuration before context overrides: the one place stage defaults live. context-keys.ts says which
 * of these a `-c key=value` may override, and docs/configuration.md shows them per key.
 */
export const STAGE_DEFAULTS: Record<StageName, Omit<StageConfig, 'appName' | 'stage'>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    accessLogRetention: RetentionDays.ONE_WEEK,
    wafLogRetention: RetentionDays.ONE_WEEK,
    auditLogRetention: RetentionDays.ONE_MONTH,
    // Like prod, so a missing kms grant fails here first; $1/month.
    tableEncryption: 'customer-managed',
    // Little traffic: trace every request so each test call can be followed end to end.
    tracing: { sampleRate: 1, reservoirPerSecond: 1 },
    // A developer or two: the estimate at 1 request/s is what the budget covers (npm run cost -- --stage dev).
    cost: { expectedRequestsPerSecond: 1, observabilityBudgetUsdPerMonth: 200 },
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
    // No custom domain: the site and API answer on their AWS host names until a stage opts in.
    domains: {},
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    // Who called and what the firewall did is audit evidence: a year (context-keys.ts refuses less in prod).
    accessLogRetention: RetentionDays.ONE_YEAR,
    wafLogRetention: RetentionDays.ONE_YEAR,
    auditLogRetention: RetentionDays.ONE_YEAR,
    // Who may read the todos is then decided in the key policy too, every use is in CloudTrail, and revoking the key
    // locks the data: $1/month plus requests (https://aws.amazon.com/kms/pricing/; docs/design.md).
    tableEncryption: 'customer-managed',
    // One trace per second per function for sure, plus 5% of the rest: enough for the fault and slow-request groups
    // and per-route latency analysis at a fraction of the cost of tracing everything.
    tracing: { sampleRate: 0.05, reservoirPerSecond: 1 },
    // docs/cost: the prod estimate at 10 requests/s, with room for a busier month.
    cost: { expectedRequestsPerSecond: 10, observabilityBudgetUsdPerMonth: 400 },
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
    domains: {},
  },
};
