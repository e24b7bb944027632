import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The scenario file format: what happens (traffic and faults) and what the alarms must do about it. One JSON object
 * per file; `FIELDS` and `FAULTS` below are the format's reference (docs/alerting/README.md is generated from them).
 */
export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly durationMinutes: number;
  /** UTC hour of day the scenario starts at (traffic follows the time of day). */
  readonly startHourUtc: number;
  readonly seed: number;
  readonly traffic: Partial<TrafficProfile>;
  /** Share of requests per route (`GET /todos`: 0.5, …); routes not named get none. Default: `ROUTE_MIX`. */
  readonly routeMix?: Readonly<Record<string, number>>;
  /** Days of baseline before the scenario's day (anomaly bands train on them). */
  readonly historyDays: number;
  readonly publicationDelayMinutes: Readonly<Record<string, number>>;
  readonly faults: readonly Fault[];
  readonly expect: Expectations;
}

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

type FieldSpec = {
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

/** Reads and validates a scenario file; every error names the file, the field and what is allowed. */
export function loadScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a readable JSON file (${(error as Error).message})`);
  }
  return parseScenario(raw, file);
}

/** Validates a scenario; `name` defaults to the file's base name. */
export function parseScenario(raw: unknown, file: string, name = path.basename(file, '.json')): Scenario {
  const fail = (field: string, allowed: string): never => {
    throw new Error(`${file}: ${field} ${allowed}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the file', 'must hold one JSON object');
  const data = raw as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!(key in FIELDS)) fail(key, `is not a scenario field (allowed: ${Object.keys(FIELDS).join(', ')})`);
  }
  for (const [key, spec] of Object.entries(FIELDS)) {
    if (data[key] === undefined) {
      if (spec.required) fail(key, `is required (${spec.doc})`);
      continue;
    }
    check(data[key], spec, key, fail);
  }
  const traffic = (data.traffic ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(traffic)) {
    const spec = TRAFFIC[key as keyof TrafficProfile];
    if (spec === undefined)
      fail(`traffic.${key}`, `is not a traffic field (allowed: ${Object.keys(TRAFFIC).join(', ')})`);
    check(value, spec, `traffic.${key}`, fail);
  }
  const delays = (data.publicationDelayMinutes ?? {}) as Record<string, unknown>;
  for (const [namespace, value] of Object.entries(delays)) {
    check(value, { type: 'number', min: 0, max: 60, doc: '' }, `publicationDelayMinutes["${namespace}"]`, fail);
  }
  const routeMix = data.routeMix as Record<string, unknown> | undefined;
  for (const [route, share] of Object.entries(routeMix ?? {})) {
    check(share, { type: 'number', min: 0, max: 1, doc: '' }, `routeMix["${route}"]`, fail);
  }
  const duration = data.durationMinutes as number;
  if (!Array.isArray(data.faults ?? [])) fail('faults', 'must be a list');
  const faults = ((data.faults ?? []) as unknown[]).map((f, i) => parseFault(f, `faults[${i}]`, duration, fail));
  return {
    file,
    name,
    title: data.title as string,
    description: data.description as string,
    durationMinutes: duration,
    startHourUtc: (data.startHourUtc as number | undefined) ?? 14,
    seed: (data.seed as number | undefined) ?? 1,
    traffic: traffic as Partial<TrafficProfile>,
    routeMix: routeMix as Record<string, number> | undefined,
    historyDays: (data.historyDays as number | undefined) ?? 14,
    publicationDelayMinutes: delays as Record<string, number>,
    faults,
    expect: parseExpectations(data.expect ?? {}, duration, fail),
  };
}

type Fail = (field: string, allowed: string) => never;

function check(value: unknown, spec: FieldSpec, field: string, fail: Fail): void {
  switch (spec.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(field, `must be a number, got ${JSON.stringify(value)}`);
      if (
        (spec.min !== undefined && (value as number) < spec.min) ||
        (spec.max !== undefined && (value as number) > spec.max)
      ) {
        fail(field, `must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}, got ${String(value)}`);
      }
      return;
    case 'string':
      if (typeof value !== 'string' || value === '')
        fail(field, `must be a non-empty string, got ${JSON.stringify(value)}`);
      return;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        fail(field, `must be a list of strings, got ${JSON.stringify(value)}`);
      return;
    case 'object':
      if (typeof value !== 'object' || value === null)
        fail(field, `must be an object or a list, got ${JSON.stringify(value)}`);
  }
}

function parseFault(raw: unknown, field: string, duration: number, fail: Fail): Fault {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(field, 'must be an object');
  const fault = raw as Record<string, unknown>;
  const kind = fault.kind as string;
  const spec = (FAULTS as Record<string, { fields: Record<string, FieldSpec> }>)[kind];
  if (spec === undefined)
    fail(`${field}.kind`, `must be one of ${Object.keys(FAULTS).join(', ')}, got ${JSON.stringify(kind)}`);
  for (const edge of ['from', 'to']) {
    check(fault[edge], { type: 'number', min: 0, max: duration, doc: '' }, `${field}.${edge}`, fail);
  }
  if ((fault.from as number) >= (fault.to as number)) fail(`${field}.to`, `must be after from (${String(fault.from)})`);
  for (const [key, value] of Object.entries(fault)) {
    if (key === 'kind' || key === 'from' || key === 'to') continue;
    const fieldSpec = spec.fields[key];
    if (fieldSpec === undefined)
      fail(
        `${field}.${key}`,
        `is not a field of a ${kind} fault (allowed: ${Object.keys(spec.fields).join(', ') || 'none'})`,
      );
    check(value, fieldSpec, `${field}.${key}`, fail);
  }
  return fault as Fault;
}

function parseExpectations(raw: unknown, duration: number, fail: Fail): Expectations {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expect', 'must be an object');
  const data = raw as Record<string, unknown>;
  const allowed = ['notify', 'states', 'silent', 'maxNotifications', 'explained'];
  for (const key of Object.keys(data))
    if (!allowed.includes(key)) fail(`expect.${key}`, `is not allowed (allowed: ${allowed.join(', ')})`);
  const list = (key: string): Expectation[] =>
    ((data[key] ?? []) as unknown[]).map((item, i) => {
      const where = `expect.${key}[${i}]`;
      const e = item as Record<string, unknown>;
      if (typeof e !== 'object' || e === null) fail(where, 'must be an object');
      check(e.alarm, { type: 'string', doc: '' }, `${where}.alarm`, fail);
      const state = e.state ?? 'ALARM';
      if (state !== 'ALARM' && state !== 'OK')
        fail(`${where}.state`, `must be ALARM or OK, got ${JSON.stringify(state)}`);
      check(e.after, { type: 'number', min: 0, max: duration, doc: '' }, `${where}.after`, fail);
      check(e.within, { type: 'number', min: 0, max: duration, doc: '' }, `${where}.within`, fail);
      return {
        alarm: e.alarm as string,
        state: state as 'ALARM' | 'OK',
        after: e.after as number,
        within: e.within as number,
      };
    });
  if (data.silent !== undefined) check(data.silent, { type: 'string[]', doc: '' }, 'expect.silent', fail);
  const max = (data.maxNotifications ?? {}) as Record<string, unknown>;
  for (const [severity, value] of Object.entries(max)) {
    check(value, { type: 'number', min: 0, max: 1e6, doc: '' }, `expect.maxNotifications.${severity}`, fail);
  }
  if (!Array.isArray(data.explained ?? [])) fail('expect.explained', 'must be a list');
  const explained = ((data.explained ?? []) as Record<string, unknown>[]).map((e, i) => {
    check(e?.alarm, { type: 'string', doc: '' }, `expect.explained[${i}].alarm`, fail);
    check(e?.why, { type: 'string', doc: '' }, `expect.explained[${i}].why`, fail);
    return { alarm: e.alarm as string, why: e.why as string };
  });
  return {
    notify: list('notify'),
    states: list('states'),
    silent: (data.silent ?? []) as string[],
    maxNotifications: max as Record<string, number>,
    explained,
  };
}

/** The full traffic profile of a scenario: its overrides over the defaults. */
export function trafficProfile(scenario: Pick<Scenario, 'traffic'>): TrafficProfile {
  const defaults = Object.fromEntries(
    Object.entries(TRAFFIC).map(([k, v]) => [k, v.default]),
  ) as unknown as TrafficProfile;
  return { ...defaults, ...scenario.traffic };
}
