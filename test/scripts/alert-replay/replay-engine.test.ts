/**
 * The evaluation loop: a metric alarm changes state minute by minute as its data points arrive, a composite follows
 * its rule, and an actions suppressor holds notifications back as the six examples of "Actions suppression" in the
 * CloudWatch User Guide (Create_Composite_Alarm.html) describe.
 */
import {
  AlarmDefinition,
  CompositeAlarmDefinition,
  MetricAlarmDefinition,
} from '../../../scripts/alert-replay/alarm-model';
import { MetricStore } from '../../../scripts/alert-replay/metric-series';
import { replay } from '../../../scripts/alert-replay/replay-engine';
import { parseStatistic } from '../../../scripts/alert-replay/statistics';

const MINUTES = 40;

/** A 1-minute alarm on metric `name` (Maximum > 0.5), in ALARM on the minutes its data is 1. */
function flag(name: string, severities: AlarmDefinition['alarmSeverities'] = []): MetricAlarmDefinition {
  return {
    kind: 'metric',
    name,
    construct: `Test/${name}`,
    description: '',
    alarmSeverities: severities,
    okSeverities: severities,
    queries: [
      {
        kind: 'metric',
        id: 'm1',
        metric: { namespace: 'Test', metricName: name, dimensions: {} },
        statistic: parseStatistic('Maximum', name),
        periodMinutes: 1,
        returnData: true,
      },
    ],
    periodMinutes: 1,
    comparison: 'GreaterThanThreshold',
    threshold: 0.5,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'notBreaching',
  };
}

function composite(suppressor?: string): CompositeAlarmDefinition {
  return {
    kind: 'composite',
    name: 'page',
    construct: 'Test/page',
    description: '',
    alarmSeverities: ['critical'],
    okSeverities: ['critical'],
    rule: 'ALARM("child")',
    suppressor,
    suppressorWaitMinutes: suppressor ? 2 : 0,
    suppressorExtensionMinutes: suppressor ? 3 : 0,
  };
}

/** Runs the alarms on metrics that are 1 on the given minute ranges ([from, to)), 0 otherwise. */
function run(alarms: AlarmDefinition[], ones: Record<string, [number, number][]>) {
  const store = new MetricStore(MINUTES, new Set());
  for (let m = 0; m < MINUTES; m++) {
    for (const [name, ranges] of Object.entries(ones)) {
      store
        .get({ namespace: 'Test', metricName: name, dimensions: {} })
        .add(m, ranges.some(([a, b]) => m >= a && m < b) ? 1 : 0);
    }
  }
  return replay(alarms, store, { minutes: MINUTES, scenarioStart: 0, evaluateFrom: 0, publicationDelay: () => 0 });
}
const notified = (result: ReturnType<typeof run>, name = 'page') =>
  result.notifications.filter((n) => n.alarm === name).map((n) => `${n.state}@${n.minute}`);

test('a metric alarm notifies when it changes state, at the minute its data point is complete', () => {
  // At minute 0 there is no data point yet: not breaching, so OK. The data point of minute 10 is complete (and
  // evaluated) at minute 11.
  const result = run([flag('child', ['warning'])], { child: [[10, 15]] });
  expect(notified(result, 'child')).toEqual(['OK@0', 'ALARM@11', 'OK@16']);
});

test('without a suppressor, a composite notifies on every state change', () => {
  const result = run([flag('child'), composite()], { child: [[10, 15]] });
  expect(notified(result)).toEqual(['OK@0', 'ALARM@11', 'OK@16']);
});

test('1: the suppressor stays OK: the composite acts when the wait period ends', () => {
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], { child: [[10, 20]] });
  expect(notified(result)).toContain('ALARM@13');
  expect(result.suppressed).toEqual([]);
});

test('2: the suppressor goes into ALARM during the wait: the actions are suppressed', () => {
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], {
    child: [[10, 20]],
    suppressor: [[11, 30]],
  });
  expect(notified(result).filter((n) => n.startsWith('ALARM'))).toEqual([]);
  expect(result.suppressed).toEqual([{ alarm: 'page', minute: 12, by: 'suppressor' }]);
});

test('3: the composite changes back during the wait: a new wait starts and it acts on its state then', () => {
  // ALARM at 11, OK at 13 (within the wait): a wait from 13 ends at 15 in OK, the state it last acted on: no action.
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], { child: [[10, 12]] });
  expect(notified(result).filter((n) => n.startsWith('ALARM'))).toEqual([]);
});

test('4: the suppressor is already in ALARM: the actions are suppressed at once', () => {
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], {
    child: [[10, 20]],
    suppressor: [[5, 30]],
  });
  expect(notified(result).filter((n) => n.startsWith('ALARM'))).toEqual([]);
  expect(result.suppressed).toEqual([{ alarm: 'page', minute: 11, by: 'suppressor' }]);
});

test('5: the suppressor leaves ALARM: when the extension period ends the composite acts on its current state', () => {
  // Suppressor ALARM 6..16 (left at 16), extension 3 min: the composite, still in ALARM, acts at 19.
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], {
    child: [[10, 30]],
    suppressor: [[5, 15]],
  });
  expect(notified(result)).toContain('ALARM@19');
});

test('6: the composite changes during the extension period: the extension is discarded and a new wait starts', () => {
  // Composite OK again at 18 (during the extension 16..19): a wait from 18 ends at 20, in OK, already acted on.
  const result = run([flag('child'), flag('suppressor'), composite('suppressor')], {
    child: [[10, 17]],
    suppressor: [[5, 15]],
  });
  expect(notified(result).filter((n) => n.startsWith('ALARM'))).toEqual([]);
});

test('a composite whose rule names an alarm the app does not have is an error naming it', () => {
  const broken: CompositeAlarmDefinition = { ...composite(), rule: 'ALARM("nope")' };
  expect(() => run([flag('child'), broken], {})).toThrow(
    'page (Test/page): its rule names nope, which is not an alarm of the app',
  );
});

test('a metric math function the replay does not know is an error naming the alarm and its construct', () => {
  const alarm = flag('child');
  const math: MetricAlarmDefinition = {
    ...alarm,
    queries: [
      { ...alarm.queries[0], returnData: false },
      { kind: 'expression', id: 'e', expression: 'RATE(m1)', returnData: true },
    ],
  };
  expect(() => run([math], { child: [] })).toThrow(
    'child (Test/child): expression e "RATE(m1)": metric math function RATE is not supported',
  );
});

test('an alarm whose metric nothing produced is reported as unproduced, not evaluated', () => {
  const result = run([flag('child')], {});
  expect(result.timelines.get('child')?.unproduced).toEqual(['Test|child']);
});

test('a publication delay postpones what an alarm sees by as many minutes', () => {
  const store = new MetricStore(MINUTES, new Set());
  for (let m = 0; m < MINUTES; m++)
    store.get({ namespace: 'Test', metricName: 'child', dimensions: {} }).add(m, m >= 10 && m < 15 ? 1 : 0);
  const result = replay([flag('child', ['warning'])], store, {
    minutes: MINUTES,
    scenarioStart: 0,
    evaluateFrom: 0,
    publicationDelay: () => 2,
  });
  expect(notified(result, 'child')).toContain('ALARM@13');
});
