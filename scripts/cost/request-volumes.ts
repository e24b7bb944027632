/**
 * What one request of each route writes to each log group and consumes, measured by running the real handlers in the
 * local runtime (the one behind `npm start`): dynalite behind the runtime's DynamoDB proxy, the emulated table stream
 * feeding the real audit processor, and stdout captured line by line. See lib/cost/measured-volumes.ts for the
 * figures; `npm run cost:measure` (measure-volumes.ts) writes them, test/scripts/cost checks they are current.
 *
 * Prod settings (log level INFO, debug sampling off, an X-Ray header on every invocation), one request at a time, each
 * route's first request discarded as warm-up. Request units are metered on every other request and durations taken
 * from the others, so the meter's own reads never count as handler time. The audit processor gets one record per
 * invocation (what a quiet stream delivers; busy shards batch, sharing its per-invocation EMF line). Any output that
 * is neither the API's nor the audit processor's fails the run rather than being miscounted.
 */
import { ROUTE_NAMES, RouteName } from '../../contract/routes';
import { API_SERVICE_NAME, AUDIT_SERVICE_NAME } from '../../contract/telemetry';
import type { RequestVolume } from '../../lib/cost/measured-volumes';
import { stats } from '../bench/stats';
import { accessLogLine } from './access-log-line';
import { Answer, invoke, PROD_FUNCTIONS, startMeasuredRuntime } from './measured-runtime';
import { platformLines } from './platform-lines';
import { Fixture, REQUEST_MIX, requestFor, seedFixture, SeedUser, TodoState, WebRequest } from './request-mix';

export interface MeasureOptions {
  /** Measured requests per route, after one warm-up request each. */
  readonly requestsPerRoute: number;
  /** Todos of each user when its requests start. @default 15 */
  readonly todosPerUser?: number;
}

/** One measured request. */
interface Sample {
  readonly applicationLogBytes: number;
  readonly emfBytes: number;
  readonly applicationLogLines: number;
  readonly platformLogBytes: number;
  readonly accessLogBytes: number;
  readonly auditLogBytes: number;
  readonly streamRecords: number;
  /** Requests sent with capacity metering off only: the meter's own reads would count as handler time. */
  readonly durationMs?: number;
  /** Requests sent with capacity metering on only. */
  readonly units?: { readonly read: number; readonly write: number };
}

export async function measureRequestVolumes(options: MeasureOptions): Promise<Record<RouteName, RequestVolume>> {
  if (!(Number.isInteger(options.requestsPerRoute) && options.requestsPerRoute >= 2)) {
    throw new Error(`requestsPerRoute must be an integer of at least 2, got ${options.requestsPerRoute}`);
  }
  const measured = await startMeasuredRuntime();
  const { runtime, output } = measured;
  try {
    const send = (request: WebRequest): Promise<Answer> => invoke(runtime, request);
    const fixture = await seedFixture(send, options.requestsPerRoute + 1, options.todosPerUser ?? 15);
    const volumes: Partial<Record<RouteName, RequestVolume>> = {};
    for (const route of ROUTE_NAMES) {
      const samples: Sample[] = [];
      for (let i = 0; i <= options.requestsPerRoute; i++) {
        // Every other request metered: capacity from those, durations from the others.
        const metered = i % 2 === 1;
        const request = requestFor(route, fixture, i);
        await runtime.settled();
        measured.reset(metered);
        const answer = await send(request);
        await runtime.settled(); // the audit processor's invocations for this request's changes
        measured.check();
        if (answer.result.statusCode >= 300) {
          throw new Error(`${route} answered ${answer.result.statusCode}: ${answer.result.body}`);
        }
        track(fixture, answer);
        const uses = measured.meter.take();
        const logs = logBytes(route, output.take());
        if (i === 0) continue; // warm-up
        samples.push({
          ...logs,
          platformLogBytes: platformBytes(answer),
          accessLogBytes: accessBytes(answer),
          streamRecords: measured.streamRecords(),
          ...(metered
            ? { units: { read: sum(uses.map((use) => use.readUnits)), write: sum(uses.map((use) => use.writeUnits)) } }
            : { durationMs: answer.durationMs }),
        });
      }
      volumes[route] = summarize(samples, REQUEST_MIX[route]);
    }
    return volumes as Record<RouteName, RequestVolume>;
  } finally {
    await measured.close();
  }
}

/** Bytes of the platform lines Lambda would write for the invocation (constructed: see platform-lines.ts). */
function platformBytes(answer: Answer): number {
  const lines = platformLines({
    requestId: answer.requestId,
    durationMs: answer.durationMs,
    memorySizeMb: PROD_FUNCTIONS.memorySizeMb,
    // The whole local process's resident memory, capped: only the field's width matters here.
    maxMemoryUsedMb: Math.min(PROD_FUNCTIONS.memorySizeMb, Math.round(process.memoryUsage().rss / 2 ** 20)),
    traceHeader: answer.traceHeader,
    startedAt: answer.startedAt,
  });
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
}

/** Bytes of the request's API Gateway access log line. */
function accessBytes(answer: Answer): number {
  const line = accessLogLine({
    event: answer.event,
    traceId: answer.traceId,
    statusCode: answer.result.statusCode,
    responseLength: Buffer.byteLength(answer.result.body ?? ''),
    latencyMs: Math.round(answer.durationMs),
  });
  return Buffer.byteLength(line);
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The application log and audit log bytes of one request's output lines (each line plus its newline). */
function logBytes(
  route: string,
  lines: readonly string[],
): Pick<Sample, 'applicationLogBytes' | 'emfBytes' | 'applicationLogLines' | 'auditLogBytes'> {
  let applicationLogBytes = 0;
  let applicationLogLines = 0;
  let emfBytes = 0;
  let auditLogBytes = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    const parsed = parseObject(line);
    if (parsed?.service === API_SERVICE_NAME) {
      applicationLogBytes += bytes;
      applicationLogLines += 1;
      if ((parsed._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics !== undefined) {
        emfBytes += bytes;
      }
    } else if (parsed?.service === AUDIT_SERVICE_NAME) {
      auditLogBytes += bytes;
    } else {
      throw new Error(`${route}: output of neither the API nor the audit processor: ${line.slice(0, 300)}`);
    }
  }
  return { applicationLogBytes, emfBytes, applicationLogLines, auditLogBytes };
}

/** Keeps the fixture's ETags current, so the next conditional request carries the todo's version. */
function track(fixture: Fixture, answer: Answer): void {
  const etag = Object.entries(answer.result.headers ?? {}).find(([name]) => name.toLowerCase() === 'etag')?.[1];
  if (etag === undefined || answer.result.body === undefined) return;
  const { id, title, completed, order } = JSON.parse(answer.result.body) as TodoState;
  const users: SeedUser[] = [fixture.reader, fixture.creator, fixture.deleter, ...fixture.clearers];
  const todo = users.flatMap((user) => user.todos).find((t) => t.id === id);
  if (todo !== undefined) Object.assign(todo, { title, completed, order, etag: String(etag) });
}

/** Averages of the samples (bytes, units, records) and the warm median of the unmetered durations. */
function summarize(samples: readonly Sample[], share: number): RequestVolume {
  const mean = (values: readonly number[]): number => sum(values) / values.length;
  const median = stats(samples.flatMap((s) => (s.durationMs === undefined ? [] : [s.durationMs]))).p50;
  const units = samples.flatMap((s) => (s.units === undefined ? [] : [s.units]));
  const round = (value: number, places = 0): number => Math.round(value * 10 ** places) / 10 ** places;
  const bytes = (pick: (sample: Sample) => number): number => round(mean(samples.map(pick)));
  return {
    share,
    applicationLogBytes: bytes((s) => s.applicationLogBytes),
    emfBytes: bytes((s) => s.emfBytes),
    applicationLogLines: round(mean(samples.map((s) => s.applicationLogLines)), 2),
    platformLogBytes: bytes((s) => s.platformLogBytes),
    accessLogBytes: bytes((s) => s.accessLogBytes),
    auditLogBytes: bytes((s) => s.auditLogBytes),
    durationMs: round(median, 1),
    readRequestUnits: round(mean(units.map((u) => u.read)), 2),
    writeRequestUnits: round(mean(units.map((u) => u.write)), 2),
    streamRecords: round(mean(samples.map((s) => s.streamRecords)), 2),
  };
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
