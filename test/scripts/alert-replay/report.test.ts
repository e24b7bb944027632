/**
 * The alert replay of the real prod app: every scenario of the suite meets its expectations, every alarm is evaluated
 * and every notifying alarm fires somewhere, and the committed report (docs/alerting) is what the replay produces now.
 * Regenerate it with `npm run alerts:replay`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { metricKey } from '../../../scripts/alert-replay/alarm-model';
import { coverage } from '../../../scripts/alert-replay/report';
import { App, loadApp, runScenario } from '../../../scripts/alert-replay/replay-runner';
import { parseScenario } from '../../../scripts/alert-replay/scenario';
import { replaySuite, suiteScenarios, SuiteRun } from '../../../scripts/alert-replay/suite';
import { synthesizeStage } from '../../../scripts/alert-replay/synth';

const REPORT = path.join(__dirname, '..', '..', '..', 'docs', 'alerting');
let run: SuiteRun;
let app: App;

beforeAll(async () => {
  const cdkOut = synthesizeStage('prod');
  app = loadApp(cdkOut, 'prod');
  run = await replaySuite(cdkOut, 'prod', suiteScenarios(), { suite: true });
}, 600_000);

test('every scenario meets its expectations; every alarm is evaluated and every notifying alarm fires', () => {
  expect(run.problems).toEqual([]);
});

test('the quiet month notifies no one: no page, no ticket, no info', () => {
  const quiet = run.results.find((r) => r.scenario.name === '01-quiet-month');
  expect(quiet?.notifications).toEqual([]);
});

test('in the alert storm every page comes once, and the canary page waits behind the fast burn', () => {
  const storm = run.results.find((r) => r.scenario.name === '12-alert-storm')!;
  const pages = storm.notifications.filter((n) => n.severity === 'critical' && n.state === 'ALARM').map((n) => n.alarm);
  expect(pages.length).toBeGreaterThan(0);
  expect(new Set(pages).size).toBe(pages.length);
  expect(storm.suppressed.map((s) => s.alarm.replace(app.prefix, ''))).toEqual(
    expect.arrayContaining([
      'api-canary-failed-critical',
      'api-availability-burn-slow-critical',
      'lambda-errors-warning',
      'api-route-p99-warning',
    ]),
  );
});

test('an alarm whose metric no scenario produces is reported as never evaluated', () => {
  const orphan = {
    ...app.alarms.find((a) => a.kind === 'metric' && a.queries.length === 1)!,
    name: 'todo-prod-orphan-warning',
  } as (typeof app.alarms)[number];
  if (orphan.kind !== 'metric') throw new Error('expected a metric alarm');
  const withOrphan = {
    ...app,
    alarms: [
      ...app.alarms,
      {
        ...orphan,
        queries: [{ ...orphan.queries[0], metric: { namespace: 'Nowhere', metricName: 'Nothing', dimensions: {} } }],
      },
    ],
  } as App;
  const result = runScenario(
    withOrphan,
    parseScenario({ title: 't', description: 'd', durationMinutes: 30, historyDays: 3 }, 'x.json'),
  );
  expect(coverage(withOrphan, [result]).find((c) => c.name === 'todo-prod-orphan-warning')).toMatchObject({
    evaluated: false,
    firedIn: [],
  });
});

test('the committed report is the one the replay produces now (npm run alerts:replay regenerates it)', () => {
  const committed = fs.readdirSync(REPORT).sort();
  expect(committed).toEqual([...run.files.keys()].sort());
  for (const [name, content] of run.files) {
    expect([name, fs.readFileSync(path.join(REPORT, name), 'utf8') === content]).toEqual([name, true]);
  }
});

test('the JSON names each notification by alarm, severity, state and minute, and each alarm with where it fired', () => {
  const json = run.json as {
    stage: string;
    scenarios: { name: string; notifications: Record<string, unknown>[]; suppressed: Record<string, unknown>[] }[];
    alarms: { name: string; notifying: boolean; firedIn: string[] }[];
  };
  expect(json.stage).toBe('prod');
  const outage = json.scenarios.find((s) => s.name === '02-full-outage')!;
  expect(outage.notifications[0]).toEqual({
    alarm: 'todo-prod-api-availability-burn-fast-critical',
    severity: 'critical',
    state: 'ALARM',
    minute: expect.any(Number),
    approximate: false,
  });
  expect(outage.suppressed[0]).toEqual({
    alarm: expect.any(String),
    minute: expect.any(Number),
    by: expect.any(String),
  });
  expect(json.alarms).toHaveLength(app.alarms.length);
  expect(json.alarms.find((a) => a.name === 'todo-prod-api-availability-burn-fast-critical')).toMatchObject({
    notifying: true,
    firedIn: expect.arrayContaining(['02-full-outage']),
  });
});

test('the SRE workbook comparison covers every tier at every error rate', () => {
  expect(run.workbook).toHaveLength(3 * 6);
  const fast = run.workbook.find((w) => w.errorRate === 1 && w.tier.tier === 'fast')!;
  // Workbook: 1.44% / 100% × 60 min = 0.86 min; the replay adds the 2-minute publication delay and whole minutes.
  expect(fast.workbookDetection).toBeCloseTo(0.864, 3);
  expect(fast.replayDetection).toBeGreaterThanOrEqual(1);
  expect(fast.replayDetection).toBeLessThanOrEqual(4);
});

describe('scenario errors that need the app', () => {
  const base = { title: 't', description: 'd', durationMinutes: 60, historyDays: 3 };

  test('an expectation naming an alarm the app does not have is an error', () => {
    const scenario = parseScenario({ ...base, expect: { silent: ['no-such-alarm'] } }, 'x.json');
    expect(() => runScenario(app, scenario)).toThrow(
      'x.json: expect names alarm no-such-alarm, which is not an alarm of the app (todo-prod-no-such-alarm)',
    );
  });

  test('a route mix naming a route the API does not have is an error', () => {
    const scenario = parseScenario({ ...base, routeMix: { 'GET /users': 1 } }, 'x.json');
    expect(() => runScenario(app, scenario)).toThrow(/x.json: routeMix names GET \/users, which is not a route/);
  });

  test('a metric the scenario sets but no alarm reads is a warning; one an alarm reads is replayed', () => {
    const fault = (metricName: string) => ({
      kind: 'metric',
      from: 10,
      to: 40,
      namespace: 'AWS/SQS',
      metricName,
      dimensions: { QueueName: 'todo-prod-audit-failures' },
      value: 3,
    });
    const scenario = parseScenario(
      { ...base, faults: [fault('NumberOfMessagesSent'), fault('ApproximateNumberOfMessagesVisible')] },
      'x.json',
    );
    const result = runScenario(app, scenario);
    expect(result.warnings).toEqual([
      `x.json: the scenario sets ${metricKey({ namespace: 'AWS/SQS', metricName: 'NumberOfMessagesSent', dimensions: { QueueName: 'todo-prod-audit-failures' } })}, which no alarm reads`,
    ]);
    expect(result.notifications.map((n) => n.alarm)).toContain('todo-prod-audit-dlq-not-empty-warning');
  });
});
