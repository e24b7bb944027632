/**
 * The scenario file format's reference tables: top-level fields, the traffic profile and the fault kinds, with their
 * types, ranges and meaning. The validator (`scenario.ts`) checks files against them and the report's format section
 * is generated from them.
 */
export interface TrafficProfile {
  readonly requestsPerSecond: number;
  readonly dailyAmplitude: number;
  readonly peakHourUtc: number;
  readonly weekendFactor: number;
  readonly serverErrorRatio: number;
  readonly clientErrorRatio: number;
  readonly authFailureRatio: number;
  readonly latencyMedianMs: number;
  readonly latencySigma: number;
  readonly coldStartRatio: number;
  readonly pageViewsPerMinute: number;
  readonly jsErrorsPerPageView: number;
  readonly lcpMedianMs: number;
  readonly wafBlockedPerMinute: number;
  readonly otherConcurrency: number;
}

export type Fault = { readonly kind: FaultKind; readonly from: number; readonly to: number } & Readonly<
  Record<string, unknown>
>;

export interface Expectation {
  readonly alarm: string;
  readonly state: 'ALARM' | 'OK';
  /** The notification (or, for `states`, the state change) must come at or after this minute … */
  readonly after: number;
  /** … and at most this many minutes later. */
  readonly within: number;
}

export interface Expectations {
  readonly notify: readonly Expectation[];
  /** State changes of alarms that notify no one (e.g. the CodeDeploy rollback alarms). */
  readonly states: readonly Expectation[];
  /** Alarms that must not notify. `"*"`: every alarm not named in `notify`. */
  readonly silent: readonly string[];
  /** The most notifications each severity topic may receive. */
  readonly maxNotifications: Readonly<Record<string, number>>;
  /** Notifications that are right although nothing is broken, and why (they are exempt from `silent`). */
  readonly explained: readonly { readonly alarm: string; readonly why: string }[];
}

export type FieldSpec = {
  readonly type: 'number' | 'string' | 'string[]' | 'object';
  readonly doc: string;
  readonly min?: number;
  readonly max?: number;
};

/** Top-level fields: name → type, meaning, range. */
export const FIELDS: Readonly<Record<string, FieldSpec & { readonly required?: boolean }>> = {
  title: { type: 'string', doc: 'one line for the report', required: true },
  description: { type: 'string', doc: 'what happens and why the expectations are right', required: true },
  durationMinutes: { type: 'number', doc: 'length of the scenario', min: 10, max: 60 * 24 * 31, required: true },
  startHourUtc: { type: 'number', doc: 'UTC hour the scenario starts (default 14)', min: 0, max: 23 },
  seed: { type: 'number', doc: 'random seed: the same file always replays the same way (default 1)', min: 0 },
  traffic: { type: 'object', doc: 'overrides of the traffic profile (table below)' },
  routeMix: {
    type: 'object',
    doc: 'share of requests per route, e.g. {"GET /todos": 0.5, "POST /todos": 0.5} (default: the route mix below)',
  },
  historyDays: {
    type: 'number',
    doc: "days of baseline traffic before the scenario's day (default 14: anomaly bands train on two weeks)",
    min: 3,
    max: 14,
  },
  publicationDelayMinutes: {
    type: 'object',
    doc: 'minutes before a namespace\'s data points are visible to alarms, e.g. {"AWS/ApiGateway": 3}',
  },
  faults: { type: 'object', doc: 'list of faults: overlays on the baseline for a time range (table below)' },
  expect: { type: 'object', doc: '`notify`, `states`, `silent`, `maxNotifications`, `explained` (below)' },
};

/** The traffic profile's fields, defaults and ranges: prod default volumes. */
export const TRAFFIC: Readonly<Record<keyof TrafficProfile, FieldSpec & { readonly default: number }>> = {
  requestsPerSecond: { type: 'number', default: 2, min: 0, max: 500, doc: 'mean API requests per second over a week' },
  dailyAmplitude: {
    type: 'number',
    default: 0.6,
    min: 0,
    max: 1,
    doc: 'daily swing: peak (1 + a)×, trough (1 − a)× the mean',
  },
  peakHourUtc: { type: 'number', default: 15, min: 0, max: 23, doc: 'UTC hour of the daily peak' },
  weekendFactor: { type: 'number', default: 0.7, min: 0, max: 2, doc: 'traffic on Saturdays and Sundays' },
  serverErrorRatio: {
    type: 'number',
    default: 0.0002,
    min: 0,
    max: 1,
    doc: 'background share of 5xx (handled errors)',
  },
  clientErrorRatio: {
    type: 'number',
    default: 0.02,
    min: 0,
    max: 1,
    doc: 'share of 4xx from the handlers (validation, 404, 412)',
  },
  authFailureRatio: { type: 'number', default: 0.01, min: 0, max: 1, doc: 'share of 401 from the Cognito authorizer' },
  latencyMedianMs: { type: 'number', default: 70, min: 1, max: 10_000, doc: 'median function duration (log-normal)' },
  latencySigma: {
    type: 'number',
    default: 0.75,
    min: 0,
    max: 3,
    doc: 'log-normal σ of the duration (0.75: p99 ≈ 5.7 × median)',
  },
  coldStartRatio: { type: 'number', default: 0.003, min: 0, max: 1, doc: 'share of requests with a 400 ms cold start' },
  pageViewsPerMinute: {
    type: 'number',
    default: 10,
    min: 0,
    max: 10_000,
    doc: 'page views RUM records per minute (after session sampling)',
  },
  jsErrorsPerPageView: {
    type: 'number',
    default: 0.005,
    min: 0,
    max: 10,
    doc: 'JavaScript errors per recorded page view',
  },
  lcpMedianMs: {
    type: 'number',
    default: 1200,
    min: 1,
    max: 60_000,
    doc: 'median largest contentful paint (log-normal, σ 0.45)',
  },
  wafBlockedPerMinute: {
    type: 'number',
    default: 0.3,
    min: 0,
    max: 100_000,
    doc: 'requests the WAF blocks per minute (scanners)',
  },
  otherConcurrency: {
    type: 'number',
    default: 20,
    min: 0,
    max: 100_000,
    doc: 'concurrent executions of other functions in the account',
  },
};

const ROUTES = { type: 'string[]', doc: 'routes it hits, e.g. ["POST /todos"] (default: all)' } as const;
const FUNCTIONS = { type: 'string[]', doc: 'functions by short name, e.g. ["create-todo"] (default: all)' } as const;

/** Fault kinds and their fields (besides `kind`, `from` and `to`, minutes from the scenario's start). */
export const FAULTS = {
  errors: {
    doc: 'a share of requests fail with 5xx',
    fields: {
      routes: ROUTES,
      ratio: { type: 'number', min: 0, max: 1, doc: 'share of requests that fail' },
      cause: {
        type: 'string',
        doc: '`handled` (500 from the handler, default), `crash` (the function throws: Lambda Errors, 502), `gateway` (integration fails, no invocation)',
      },
    },
  },
  latency: {
    doc: 'requests get slower',
    fields: {
      routes: ROUTES,
      multiplier: { type: 'number', min: 0, max: 1000, doc: 'durations × this (default 1)' },
      addMs: { type: 'number', min: 0, max: 900_000, doc: 'ms added to each affected request (default 0)' },
      share: { type: 'number', min: 0, max: 1, doc: 'share of requests affected (default 1)' },
    },
  },
  traffic: {
    doc: 'more or fewer requests',
    fields: { routes: ROUTES, multiplier: { type: 'number', min: 0, max: 10_000, doc: 'request rate × this' } },
  },
  'client-errors': {
    doc: 'more 4xx from the handlers',
    fields: { routes: ROUTES, ratio: { type: 'number', min: 0, max: 1, doc: 'share of 4xx' } },
  },
  'auth-failures': {
    doc: 'extra requests rejected by the authorizer (401)',
    fields: { perMinute: { type: 'number', min: 0, max: 1e6, doc: 'extra 401s per minute' } },
  },
  'waf-blocks': {
    doc: 'the WAF blocks a flood',
    fields: { perMinute: { type: 'number', min: 0, max: 1e7, doc: 'blocked requests per minute' } },
  },
  canary: {
    doc: 'a canary fails by itself (e.g. its credentials or the web client), the API being fine',
    fields: {
      canaries: { type: 'string[]', doc: 'canary names ending with these, e.g. ["heartbeat"] (default: all)' },
      ratio: { type: 'number', min: 0, max: 1, doc: 'share of runs failing (default 1)' },
    },
  },
  'dynamodb-throttling': {
    doc: 'DynamoDB throttles requests',
    fields: {
      operations: { type: 'string[]', doc: 'e.g. ["PutItem"] (default: all)' },
      ratio: { type: 'number', min: 0, max: 1, doc: 'share of calls throttled' },
      failRatio: {
        type: 'number',
        min: 0,
        max: 1,
        doc: 'share of throttled calls still failing after the SDK retries (500; default 0.1)',
      },
    },
  },
  'dynamodb-system-errors': {
    doc: 'DynamoDB returns 500s',
    fields: { ratio: { type: 'number', min: 0, max: 1, doc: 'share of calls failing (each a 500 to the client)' } },
  },
  'audit-stuck': {
    doc: 'the audit stream processor makes no progress (every batch fails); it catches up after `to`',
    fields: {},
  },
  'audit-dlq': {
    doc: 'failed audit batches wait in the audit dead-letter queue until `to` (redriven)',
    fields: { messages: { type: 'number', min: 0, max: 1e6, doc: 'messages' } },
  },
  'alerts-undelivered': {
    doc: 'alert notifications SNS could not deliver wait in the dead-letter queue until `to`',
    fields: { messages: { type: 'number', min: 0, max: 1e6, doc: 'messages' } },
  },
  'lambda-throttles': {
    doc: 'Lambda throttles invocations (502 to the client)',
    fields: { functions: FUNCTIONS, ratio: { type: 'number', min: 0, max: 1, doc: 'share throttled' } },
  },
  concurrency: {
    doc: 'other workloads use account concurrency',
    fields: { executions: { type: 'number', min: 0, max: 1e6, doc: 'extra concurrent executions' } },
  },
  'bad-deploy': {
    doc: 'a new version of a function errors; CodeDeploy shifts traffic as its template says and rolls back when a rollback alarm fires',
    fields: {
      function: { type: 'string', doc: 'short name, e.g. "create-todo"' },
      ratio: { type: 'number', min: 0, max: 1, doc: "share of the new version's invocations that crash" },
    },
  },
  frontend: {
    doc: 'the web client degrades',
    fields: {
      jsErrorsPerPageView: { type: 'number', min: 0, max: 100, doc: 'JavaScript errors per page view' },
      lcpMultiplier: { type: 'number', min: 0, max: 100, doc: 'largest contentful paint × this' },
      pageViewMultiplier: { type: 'number', min: 0, max: 1000, doc: 'page views × this' },
    },
  },
  metric: {
    doc: 'samples of any metric, e.g. replayed from your own incident',
    fields: {
      namespace: { type: 'string', doc: 'e.g. "AWS/ApiGateway"' },
      metricName: { type: 'string', doc: 'e.g. "5XXError"' },
      dimensions: { type: 'object', doc: 'name → value, e.g. {"ApiName": "todo-prod-api", "Stage": "prod"}' },
      value: { type: 'number', doc: 'value of each sample' },
      count: { type: 'number', min: 0, max: 1e7, doc: 'samples per minute (default 1)' },
    },
  },
} as const satisfies Record<string, { doc: string; fields: Record<string, FieldSpec> }>;

export type FaultKind = keyof typeof FAULTS;
