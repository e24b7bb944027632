import { HEARTBEAT_STEPS, JOURNEY_STEPS, WEB_STEPS } from '../../canary/journey';
import { CURRENT_VERSION, REPLAY_ENVIRONMENT } from './cloud-assembly';
import { LambdaSeries } from './lambda-series';
import { MetricSeries, MetricStore } from './metric-series';
import { Random } from './random';
import { Fault, TrafficProfile } from './scenario';
import { Topology } from './topology';

/**
 * Traffic beside the API requests, driven by them or by the scenario's faults: the audit stream processor and its
 * queue, the alert dead-letter queue, canary runs, the WAF in front of the API and the browsers of the web client.
 */

/** The Synthetics steps of each canary (canary/journey.js): the journey's, and the heartbeat's API and web checks. */
const CANARY_STEPS: Readonly<Record<string, readonly string[]>> = {
  journey: JOURNEY_STEPS,
  heartbeat: [...HEARTBEAT_STEPS, ...WEB_STEPS],
};

/** The API routes each canary run calls (canary/journey.js steps; the heartbeat lists one todo). */
const CANARY_ROUTES: Readonly<Record<string, readonly string[]>> = {
  journey: [
    'POST /todos',
    'GET /todos/{id}',
    'GET /todos',
    'PATCH /todos/{id}',
    'GET /todos/{id}',
    'DELETE /todos/{id}',
    'GET /todos/{id}',
  ],
  heartbeat: ['GET /todos'],
};

/** Median interaction to next paint (ms) and cumulative layout shift of a page view. */
const INP_MEDIAN_MS = 120;
const CLS_MEDIAN = 0.03;
/**
 * The audit stream processor: invoked with batches of the minute's writes; its iterator age is the age of the
 * oldest record in a batch. Stuck, every batch fails and the backlog ages; afterwards it catches up 10× faster than
 * real time.
 */
export function auditStream(
  store: MetricStore,
  topology: Topology,
  series: LambdaSeries,
  writes: number,
  stuck: boolean,
  backlogMs: number,
  minute: number,
  random: Random,
): number {
  const backlog = stuck ? backlogMs + 60_000 : Math.max(0, backlogMs - 600_000);
  const invocations =
    stuck || backlog > 0 ? Math.max(1, random.poisson(writes / 4)) : writes === 0 ? 0 : 1 + random.poisson(writes / 4);
  const iteratorAge = store.get(
    {
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensions: { FunctionName: topology.auditProcessor.functionName },
    },
    'audit:IteratorAge',
  );
  for (let i = 0; i < invocations; i++) {
    iteratorAge.add(minute, backlog + random.logNormal(300, 0.5));
    series.invocation(minute, CURRENT_VERSION, random.logNormal(40, 0.4), stuck);
  }
  return backlog;
}

export function queues(
  store: MetricStore,
  topology: Topology,
  active: (kind: string) => Fault[],
  minute: number,
): void {
  const visible = (queue: string, messages: number) =>
    store
      .get(
        { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: queue } },
        `sqs:${queue}`,
      )
      .add(minute, messages);
  visible(
    topology.auditDeadLetterQueue,
    active('audit-dlq').reduce((a, f) => a + (f.messages as number), 0),
  );
  for (const queue of topology.alertDeadLetterQueues)
    visible(
      queue,
      active('alerts-undelivered').reduce((a, f) => a + (f.messages as number), 0),
    );
}

/** Canary runs on their schedules: a run fails when any of its API calls fails, or by the scenario's own fault. */
export function canaries(
  store: MetricStore,
  topology: Topology,
  outcome: RouteOutcome,
  faults: Fault[],
  minute: number,
  random: Random,
  extra: Random,
): void {
  topology.canaries.forEach((canary, index) => {
    if ((minute + index) % canary.rateMinutes !== 0) return;
    const kind = Object.keys(CANARY_ROUTES).find((k) => canary.name.endsWith(`-${k}`)) ?? 'heartbeat';
    let success = 1;
    for (const route of CANARY_ROUTES[kind]) {
      const requests = outcome.requests.get(route) ?? 0;
      success *= requests === 0 ? 1 : 1 - (outcome.status5xx.get(route) ?? 0) / requests;
    }
    for (const f of faults) {
      const names = f.canaries as string[] | undefined;
      if (names === undefined || names.some((n) => canary.name.endsWith(n)))
        success *= 1 - ((f.ratio as number | undefined) ?? 1);
    }
    const passed = random.next() < success;
    store
      .get(
        { namespace: 'CloudWatchSynthetics', metricName: 'SuccessPercent', dimensions: { CanaryName: canary.name } },
        `canary:${canary.name}`,
      )
      .add(minute, passed ? 100 : 0);
    // Each step's duration (the journey's dashboard widget): a sign-in or an API call, a few hundred ms.
    for (const step of CANARY_STEPS[kind]) {
      const dimensions = { CanaryName: canary.name, StepName: step };
      store
        .get({ namespace: 'CloudWatchSynthetics', metricName: 'Duration', dimensions }, `canary:${canary.name}:${step}`)
        .add(minute, extra.logNormal(step === 'sign-in' ? 450 : 180, 0.35));
    }
  });
}

/** What the API did in a minute, per route: for canaries and browsers that call it. */
export interface RouteOutcome {
  /** Successful writes (audit records). */
  writes: number;
  readonly status5xx: Map<string, number>;
  readonly status4xx: Map<string, number>;
  readonly requests: Map<string, number>;
  readonly ok: Map<string, number>;
}

/** What happens before the API: the WAF in front of it and the browsers of the web client (RUM). */
export function edge(
  store: MetricStore,
  topology: Topology,
  profile: TrafficProfile,
  active: (kind: string) => Fault[],
  minute: number,
  random: Random,
  extra: Random,
  outcome: RouteOutcome,
): void {
  if (topology.webAclName !== undefined) {
    const blocked = random.poisson(
      profile.wafBlockedPerMinute + active('waf-blocks').reduce((a, f) => a + (f.perMinute as number), 0),
    );
    const dimensions = { WebACL: topology.webAclName, Region: REPLAY_ENVIRONMENT.region, Rule: 'ALL' };
    store
      .get({ namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensions }, 'waf:BlockedRequests')
      .add(minute, 1, blocked);
  }
  if (topology.appMonitorName === undefined) return;
  const frontend = active('frontend');
  const pick = (key: string, fallback: number) =>
    frontend.reduce((v, f) => (f[key] === undefined ? v : (f[key] as number)), fallback);
  const rum = (metricName: string): MetricSeries =>
    store.get(
      { namespace: 'AWS/RUM', metricName, dimensions: { application_name: topology.appMonitorName as string } },
      `rum:${metricName}`,
    );
  const views = random.poisson(profile.pageViewsPerMinute * pick('pageViewMultiplier', 1));
  rum('PageViewCount').add(minute, 1, views);
  rum('JsErrorCount').add(minute, 1, random.poisson(views * pick('jsErrorsPerPageView', profile.jsErrorsPerPageView)));
  const [lcp, inp, cls] = [
    'WebVitalsLargestContentfulPaint',
    'WebVitalsInteractionToNextPaint',
    'WebVitalsCumulativeLayoutShift',
  ].map(rum);
  const loads = { satisfied: 0, tolerated: 0, frustrated: 0 };
  for (let i = 0; i < views; i++) {
    const paint = random.logNormal(profile.lcpMedianMs * pick('lcpMultiplier', 1), 0.45);
    lcp.add(minute, paint);
    loads[paint < SATISFIED_MS ? 'satisfied' : paint < FRUSTRATED_MS ? 'tolerated' : 'frustrated']++;
    // Interaction to next paint and layout shift: typical good-page values (p75 well inside the "good" boundaries).
    inp.add(minute, random.logNormal(INP_MEDIAN_MS, 0.6));
    cls.add(minute, random.logNormal(CLS_MEDIAN, 0.8));
  }
  browserMetrics(store, topology, views, loads, minute, extra, outcome);
}

/** Page loads satisfied below 2 s, frustrated from 8 s (RUM's navigation transactions, by load time ≈ LCP). */
const SATISFIED_MS = 2000;
const FRUSTRATED_MS = 8000;
/** API calls a page view makes; events of the web client per API outcome (its RUM custom events). */
const CALLS_PER_VIEW = 3;
const EVENT_SOURCES: Readonly<Record<string, (ok: Map<string, number>) => number>> = {
  'todo.todo_added': (ok) => ok.get('POST /todos') ?? 0,
  'todo.todo_completed': (ok) =>
    Math.round(((ok.get('PATCH /todos/{id}') ?? 0) + (ok.get('PUT /todos/{id}') ?? 0)) * 0.4),
  'todo.todo_deleted': (ok) => (ok.get('DELETE /todos/{id}') ?? 0) + (ok.get('DELETE /todos') ?? 0),
};

/** The rest of what RUM records: sessions, HTTP errors browsers saw, page-load satisfaction, custom-event metrics. */
function browserMetrics(
  store: MetricStore,
  topology: Topology,
  views: number,
  loads: { satisfied: number; tolerated: number; frustrated: number },
  minute: number,
  extra: Random,
  outcome: RouteOutcome,
): void {
  const rum = (namespace: string, metricName: string): MetricSeries =>
    store.get(
      { namespace, metricName, dimensions: { application_name: topology.appMonitorName as string } },
      `rum:${namespace}:${metricName}`,
    );
  rum('AWS/RUM', 'SessionCount').add(minute, 1, extra.poisson(views / 3));
  let [requests, c4, c5] = [0, 0, 0];
  for (const [route, n] of outcome.requests) {
    requests += n;
    c4 += outcome.status4xx.get(route) ?? 0;
    c5 += outcome.status5xx.get(route) ?? 0;
  }
  const calls = views * CALLS_PER_VIEW;
  rum('AWS/RUM', 'Http4xxCount').add(minute, 1, requests === 0 ? 0 : extra.binomial(calls, c4 / requests));
  rum('AWS/RUM', 'Http5xxCount').add(minute, 1, requests === 0 ? 0 : extra.binomial(calls, c5 / requests));
  rum('AWS/RUM', 'NavigationSatisfiedTransaction').add(minute, 1, loads.satisfied);
  rum('AWS/RUM', 'NavigationToleratedTransaction').add(minute, 1, loads.tolerated);
  rum('AWS/RUM', 'NavigationFrustratedTransaction').add(minute, 1, loads.frustrated);
  for (const metric of topology.rumCustomMetrics) {
    const source = EVENT_SOURCES[metric.eventType];
    const events =
      source === undefined ? extra.poisson(views * 0.05) : extra.binomial(source(outcome.ok), topology.rumSampleRate);
    rum(metric.namespace, metric.name).add(minute, 1, events);
  }
}
