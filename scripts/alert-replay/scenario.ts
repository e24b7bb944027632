import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Expectation,
  Expectations,
  FAULTS,
  Fault,
  FieldSpec,
  FIELDS,
  TRAFFIC,
  TrafficProfile,
} from './scenario-format';

export type { Expectation, Expectations, Fault, FaultKind, TrafficProfile } from './scenario-format';
export { FAULTS, FIELDS, TRAFFIC } from './scenario-format';

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
