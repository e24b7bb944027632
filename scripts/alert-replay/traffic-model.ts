import type { ApiMetricName } from '../../contract/telemetry';
import { CURRENT_VERSION, PREVIOUS_VERSION } from './cloud-assembly';
import { LambdaSeries } from './lambda-series';
import { LogMetrics } from './log-metrics';
import { MetricSeries, MetricStore } from './metric-series';
import { Random } from './random';
import { auditStream, canaries, edge, queues, RouteOutcome } from './side-traffic';
import { Fault, Scenario, TrafficProfile } from './scenario';
import { FunctionTopology, RouteTopology, Topology } from './topology';

/** Share of requests per route (a TodoMVC client reads far more than it writes). */
export const ROUTE_MIX: Readonly<Record<string, number>> = {
  'GET /todos': 0.45,
  'POST /todos': 0.12,
  'DELETE /todos': 0.02,
  'GET /todos/{id}': 0.15,
  'PATCH /todos/{id}': 0.15,
  'PUT /todos/{id}': 0.03,
  'DELETE /todos/{id}': 0.08,
};

/** The timeline of a replay: history first (anomaly bands train on it, long windows fill), then the scenario. */
export interface Timeline {
  readonly minutes: number;
  readonly scenarioStart: number;
  /** UTC hour of minute 0 (a Tuesday; history starts on a Tuesday 14 days before the scenario). */
  readonly startHourUtc: number;
}

const NO_FAULTS: Fault[] = [];
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
/** API Gateway's own share of a request's latency, on top of the function (and of a request it rejects itself). */
const GATEWAY_LATENCY_MS = 12;
/** A DynamoDB call takes this share of its invocation's duration (slow invocations have slow calls), at least 2 ms. */
const DYNAMODB_SHARE = 0.06;
const TUESDAY = 2;

/**
 * One traffic model for every metric: simulated requests per route, minute by minute (Poisson arrivals following the
 * time of day and the weekday, a log-normal duration each), and everything they cause — API Gateway and Lambda
 * metrics, DynamoDB calls per operation, access and application log lines (through the app's metric filters), EMF
 * business metrics, the audit stream processor and its queue, canary runs that call the same routes, WAF blocks and
 * RUM page views. Faults are overlays for a time range (`scenario.ts`).
 */
export function simulate(
  topology: Topology,
  scenario: Scenario,
  profile: TrafficProfile,
  timeline: Timeline,
  store: MetricStore,
  rollbacks: ReadonlyMap<Fault, number>,
): void {
  const random = new Random(scenario.seed);
  // Metrics no alarm reads (dashboards') draw from their own source, so adding one never changes an alarm's data.
  const extra = new Random(scenario.seed + 0x5bd1e995);
  const emf = (metricName: ApiMetricName, dimensions: Record<string, string> = {}) =>
    store.get(
      { namespace: topology.emf.namespace, metricName, dimensions: { service: topology.emf.service, ...dimensions } },
      `emf:${metricName}:${JSON.stringify(dimensions)}`,
    );
  const logs = new LogMetrics(topology.metricFilters, store);
  const api = (dimensions: Record<string, string>) => (metricName: string) =>
    store.get({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensions: { ApiName: topology.apiName, Stage: topology.stageName, ...dimensions },
    });
  const stage = gatewaySeries(api({}));
  const mix = scenario.routeMix ?? ROUTE_MIX;
  for (const key of Object.keys(mix)) {
    if (!topology.routes.some((r) => r.key === key)) {
      throw new Error(
        `${scenario.file}: routeMix names ${key}, which is not a route (${topology.routes.map((r) => r.key).join(', ')})`,
      );
    }
  }
  const lambda = new Map(
    [...topology.functions, topology.auditProcessor].map((fn) => [fn, new LambdaSeries(store, fn)]),
  );
  const faultsAt = (minute: number): Fault[] => {
    const relative = minute - timeline.scenarioStart;
    return scenario.faults.length === 0
      ? NO_FAULTS
      : scenario.faults.filter((f) => relative >= f.from && relative < f.to);
  };
  const metric = (namespace: string, metricName: string, dimensions: Record<string, string>) =>
    store.get({ namespace, metricName, dimensions });
  const dynamoSeries = new Map<string, MetricSeries>();
  const dynamo = (metricName: string, operation?: string): MetricSeries => {
    const key = `${metricName}|${operation ?? ''}`;
    let series = dynamoSeries.get(key);
    if (series === undefined) {
      const dimensions: Record<string, string> = operation === undefined ? {} : { Operation: operation };
      series = metric('AWS/DynamoDB', metricName, { TableName: topology.tableName, ...dimensions });
      dynamoSeries.set(key, series);
    }
    return series;
  };
  const accessLineCache = new Map<RouteTopology, Map<number, string>>(topology.routes.map((r) => [r, new Map()]));
  const accessLineOf = (route: RouteTopology, status: number, latency: number): string => {
    const lines = accessLineCache.get(route) as Map<number, string>;
    const key = status * 1e6 + latency;
    let line = lines.get(key);
    if (line === undefined) lines.set(key, (line = accessLine(topology.accessLogFormat, route, status, latency)));
    return line;
  };
  const functionLines = new Map<number, number>();
  const accessLines = new Map<number, number>();
  // Each route's series, looked up once: the minute loop only adds samples.
  const routes = topology.routes.map((route) => ({
    route,
    share: mix[route.key] ?? 0,
    series: gatewaySeries(api({ Method: route.method, Resource: route.path })),
    requestLatency: emf('RequestLatency', { route: route.key }),
    operations: route.function.operations.map((operation) => ({
      operation,
      latency: dynamo('SuccessfulRequestLatency', operation),
      handlerLatency: emf('DynamoDbLatency', { operation }),
      handlerError: emf('DynamoDbError', { operation }),
    })),
  }));
  const listSize = emf('TodoListSize');
  const coldStarts = emf('ColdStart');
  const accountConcurrency = metric('AWS/Lambda', 'ConcurrentExecutions', {});
  let auditBacklogMs = 0;

  for (let m = store.historyMinutes; m < timeline.minutes; m++) {
    const faults = faultsAt(m);
    // Most minutes have no fault: no list is built for them.
    const byKind = new Map<string, Fault[]>();
    for (const f of faults) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    const active = (kind: string): Fault[] => byKind.get(kind) ?? NO_FAULTS;
    const hits = (f: Fault, route: RouteTopology) =>
      f.routes === undefined || (f.routes as string[]).includes(route.key);
    const rate = profile.requestsPerSecond * 60 * diurnal(profile, timeline, m);
    const outcome: RouteOutcome = {
      writes: 0,
      status5xx: new Map(),
      status4xx: new Map(),
      requests: new Map(),
      ok: new Map(),
    };
    const concurrencySeconds = new Map<FunctionTopology, number>();

    for (const { route, share, series, requestLatency, operations: routeOperations } of routes) {
      const multiplier = active('traffic')
        .filter((f) => hits(f, route))
        .reduce((a, f) => a * (f.multiplier as number), 1);
      const n = random.poisson(rate * share * multiplier);
      const extraAuth = active('auth-failures').reduce(
        (a, f) => a + random.poisson(((f.perMinute as number) * share) / 1),
        0,
      );
      const authFailures = random.binomial(n, profile.authFailureRatio) + extraAuth;
      const gatewayFailures = random.binomial(
        n - (authFailures - extraAuth),
        sumRatio(active('errors').filter((f) => hits(f, route) && f.cause === 'gateway')),
      );
      const fn = route.function;
      const fnSeries = lambda.get(fn) as LambdaSeries;
      const throttleRatio = sumRatio(
        active('lambda-throttles').filter(
          (f) => f.functions === undefined || (f.functions as string[]).includes(fn.name),
        ),
      );
      const attempts = n - (authFailures - extraAuth) - gatewayFailures;
      const throttled = random.binomial(attempts, throttleRatio);
      const invocations = attempts - throttled;
      const counts = { total: n + extraAuth, c4: authFailures, c5: gatewayFailures + throttled };
      const access = (status: number, latency: number, count: number) =>
        logs.write(topology.accessLogGroup, accessLineOf(route, status, latency), count);
      access(401, 12, authFailures);
      access(502, 25, gatewayFailures + throttled);
      for (let i = 0; i < authFailures + gatewayFailures + throttled; i++) {
        series.latency.add(m, GATEWAY_LATENCY_MS);
        stage.latency.add(m, GATEWAY_LATENCY_MS);
      }
      fnSeries.throttles(m, throttled, attempts);

      // The function's own outcomes.
      const crashRatio = sumRatio(active('errors').filter((f) => hits(f, route) && f.cause === 'crash'));
      const handledRatio =
        profile.serverErrorRatio +
        sumRatio(active('errors').filter((f) => hits(f, route) && (f.cause ?? 'handled') === 'handled'));
      const clientRatio = profile.clientErrorRatio + sumRatio(active('client-errors').filter((f) => hits(f, route)));
      const latencyFaults = active('latency').filter((f) => hits(f, route));
      const deploy = active('bad-deploy').find((f) => f.function === fn.name);
      const newShare =
        deploy === undefined ? 0 : deployShare(deploy, fn, m - timeline.scenarioStart, rollbacks.get(deploy));
      const throttling = active('dynamodb-throttling');
      const systemErrors = sumRatio(active('dynamodb-system-errors'));
      functionLines.clear();
      accessLines.clear();
      const operations: ((typeof routeOperations)[number] & { throttle?: Fault })[] =
        throttling.length === 0
          ? routeOperations
          : routeOperations.map((handles) => ({
              ...handles,
              throttle: throttling.find(
                (f) => f.operations === undefined || (f.operations as string[]).includes(handles.operation),
              ),
            }));
      let crashes = 0;
      let handled = 0;
      let client = 0;
      let ok = 0;
      for (let i = 0; i < invocations; i++) {
        const isNew = newShare > 0 && random.next() < newShare;
        const version = deploy === undefined ? CURRENT_VERSION : isNew ? CURRENT_VERSION : PREVIOUS_VERSION;
        const ownDuration = random.logNormal(profile.latencyMedianMs, profile.latencySigma);
        let duration = ownDuration;
        for (const f of latencyFaults) {
          if (f.share === undefined || random.next() < (f.share as number))
            duration = duration * ((f.multiplier as number | undefined) ?? 1) + ((f.addMs as number | undefined) ?? 0);
        }
        let kind: 'crash' | 'handled' | 'client' | 'ok' = 'ok';
        for (const { operation, latency, throttle, handlerLatency, handlerError } of operations) {
          const callMs = Math.max(2, ownDuration * DYNAMODB_SHARE);
          latency.add(m, callMs);
          handlerLatency.add(m, callMs);
          const failedBefore: string = kind;
          if (throttle !== undefined && random.next() < (throttle.ratio as number)) {
            dynamo('ThrottledRequests', operation).add(m, 1);
            dynamo(WRITE_OPERATIONS.has(operation) ? 'WriteThrottleEvents' : 'ReadThrottleEvents').add(m, 1);
            duration += 50;
            if (random.next() < ((throttle.failRatio as number | undefined) ?? 0.1)) kind = 'handled';
          }
          if (systemErrors > 0 && random.next() < systemErrors) {
            dynamo('SystemErrors', operation).add(m, 1);
            kind = 'handled';
          }
          if (kind !== failedBefore) handlerError.add(m, 1);
        }
        const u = random.next();
        const crash =
          crashRatio + (version === CURRENT_VERSION && isNew ? ((deploy?.ratio as number | undefined) ?? 0) : 0);
        if (kind === 'ok')
          kind =
            u < crash
              ? 'crash'
              : u < crash + handledRatio
                ? 'handled'
                : u < crash + handledRatio + clientRatio
                  ? 'client'
                  : 'ok';
        if (duration >= fn.timeoutMs) [duration, kind] = [fn.timeoutMs, 'crash'];
        const cold = random.next() < profile.coldStartRatio ? 400 : 0;
        fnSeries.invocation(m, version, duration, kind === 'crash');
        concurrencySeconds.set(fn, (concurrencySeconds.get(fn) ?? 0) + (duration + cold) / 1000);
        const status =
          kind === 'crash'
            ? 502
            : kind === 'handled'
              ? 500
              : kind === 'client'
                ? 400
                : route.method === 'POST'
                  ? 201
                  : route.method === 'DELETE'
                    ? 204
                    : 200;
        if (kind !== 'crash') {
          // What the handler itself publishes (Powertools EMF): its latency, cold starts, list sizes.
          requestLatency.add(m, duration);
          if (cold > 0) coldStarts.add(m, 1);
          if (kind === 'ok' && route.key === 'GET /todos') listSize.add(m, Math.round(extra.logNormal(8, 0.8)));
        }
        const latency = duration + cold + GATEWAY_LATENCY_MS;
        series.latency.add(m, latency);
        stage.latency.add(m, latency);
        if (kind === 'crash') crashes++;
        else if (kind === 'handled') handled++;
        else if (kind === 'client') client++;
        else ok++;
        // Log lines are counted by shape and written once per minute.
        const shape = status * 2 + (cold > 0 ? 1 : 0);
        functionLines.set(shape, (functionLines.get(shape) ?? 0) + 1);
        const accessShape = status * 1e6 + Math.round(latency / 100) * 100;
        accessLines.set(accessShape, (accessLines.get(accessShape) ?? 0) + 1);
      }
      for (const [shape, count] of functionLines)
        fnSeries.log(logs, route, Math.floor(shape / 2), shape % 2 === 1, count);
      for (const [shape, count] of accessLines) access(Math.floor(shape / 1e6), shape % 1e6, count);
      counts.c4 += client;
      counts.c5 += crashes + handled;
      for (const s of [series, stage]) {
        s.count.add(m, 1, counts.total);
        s.c4.add(m, 1, counts.c4);
        s.c4.add(m, 0, counts.total - counts.c4);
        s.c5.add(m, 1, counts.c5);
        s.c5.add(m, 0, counts.total - counts.c5);
      }
      if (WRITE_OPERATIONS.has(fn.operations[fn.operations.length - 1])) outcome.writes += ok;
      outcome.requests.set(route.key, counts.total);
      outcome.status5xx.set(route.key, counts.c5);
      outcome.status4xx.set(route.key, counts.c4);
      outcome.ok.set(route.key, ok);
      businessMetrics(store, topology, route, ok, m, random);
    }

    // Lambda concurrency: per function and for the account (other workloads share the limit).
    let concurrency =
      profile.otherConcurrency + active('concurrency').reduce((a, f) => a + (f.executions as number), 0);
    for (const [fn, seconds] of concurrencySeconds) {
      const mean = seconds / 60;
      const peak = Math.ceil(mean + 3 * Math.sqrt(mean));
      (lambda.get(fn) as LambdaSeries).concurrency(m, peak);
      concurrency += peak;
    }
    accountConcurrency.add(m, concurrency);

    auditBacklogMs = auditStream(
      store,
      topology,
      lambda.get(topology.auditProcessor) as LambdaSeries,
      outcome.writes,
      active('audit-stuck').length > 0,
      auditBacklogMs,
      m,
      random,
    );
    for (const series of lambda.values()) series.flush(m);
    for (const f of active('metric')) {
      const dimensions = (f.dimensions ?? {}) as Record<string, string>;
      store
        .get({ namespace: f.namespace as string, metricName: f.metricName as string, dimensions })
        .add(m, f.value as number, (f.count as number | undefined) ?? 1);
    }
    queues(store, topology, active, m);
    canaries(store, topology, outcome, active('canary'), m, random, extra);
    edge(store, topology, profile, active, m, random, extra, outcome);
    logs.flush(m);
  }
}

/** Traffic relative to the weekly mean: a daily sine around the peak hour, quieter weekends. */
function diurnal(profile: TrafficProfile, timeline: Timeline, minute: number): number {
  const absolute = timeline.startHourUtc * 60 + minute;
  const hour = (absolute / 60) % 24;
  const day = (TUESDAY + Math.floor(absolute / 1440)) % 7;
  const weekday = day === 0 || day === 6 ? profile.weekendFactor : 1;
  const weekMean = (5 + 2 * profile.weekendFactor) / 7;
  return (
    (weekday / weekMean) * (1 + profile.dailyAmplitude * Math.cos(((hour - profile.peakHourUtc) / 24) * 2 * Math.PI))
  );
}

const sumRatio = (faults: Fault[]): number =>
  Math.min(
    1,
    faults.reduce((a, f) => a + ((f.ratio as number | undefined) ?? 1), 0),
  );

/** Share of a function's invocations on the new version: CodeDeploy's first step, then all, until a rollback. */
function deployShare(fault: Fault, fn: FunctionTopology, minute: number, rollbackAt: number | undefined): number {
  if (rollbackAt !== undefined && minute >= rollbackAt) return 0;
  const deployment = fn.deployment ?? { firstPercent: 100, firstMinutes: 0 };
  return minute - fault.from < deployment.firstMinutes ? deployment.firstPercent / 100 : 1;
}

function gatewaySeries(series: (metricName: string) => MetricSeries) {
  return { count: series('Count'), c4: series('4XXError'), c5: series('5XXError'), latency: series('Latency') };
}

/** One access log line from the stage's own format: `$context.*` filled for this request. */
function accessLine(format: string, route: RouteTopology, status: number, latency: number): string {
  const context: Record<string, string | number> = {
    status,
    httpMethod: route.method,
    resourcePath: route.path,
    responseLatency: Math.round(latency),
    requestTimeEpoch: 0,
  };
  return format.replace(/\$context\.([A-Za-z.]+)/g, (_, name: string) => String(context[name] ?? '-'));
}

function businessMetrics(
  store: MetricStore,
  topology: Topology,
  route: RouteTopology,
  ok: number,
  minute: number,
  random: Random,
): void {
  const emf = (metricName: ApiMetricName) =>
    store.get(
      { namespace: topology.emf.namespace, metricName, dimensions: { service: topology.emf.service } },
      `emf:${metricName}`,
    );
  if (route.key === 'POST /todos') emf('TodoCreated').add(minute, 1, ok);
  if (route.key === 'DELETE /todos/{id}') emf('TodoDeleted').add(minute, 1, ok);
  if (route.method === 'PATCH' || route.method === 'PUT') emf('TodoCompleted').add(minute, 1, random.binomial(ok, 0.4));
}
