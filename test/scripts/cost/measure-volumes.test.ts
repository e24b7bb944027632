/**
 * The committed measured volumes (lib/cost/measured-volumes.json, which the cost model reads) are current: measured
 * again here with the real handlers and fewer requests, the byte and line figures agree within 10%, the request units
 * and stream records exactly. When this fails, run `npm run cost:measure` and commit the file with the change that
 * moved the figures.
 */
import { readFileSync } from 'node:fs';
import { ROUTE_NAMES } from '../../../contract/routes';
import type { MeasuredVolumes, RequestVolume } from '../../../lib/cost/measured-volumes';
import { measure, MEASURED_VOLUMES_FILE } from '../../../scripts/cost/measure-volumes';

const committed = JSON.parse(readFileSync(MEASURED_VOLUMES_FILE, 'utf8')) as MeasuredVolumes;

/** Vary with ids, latencies and which todo a PATCH completes: compared within a tolerance. */
const APPROXIMATE: readonly (keyof RequestVolume)[] = [
  'applicationLogBytes',
  'emfBytes',
  'applicationLogLines',
  'platformLogBytes',
  'accessLogBytes',
  'auditLogBytes',
];
/** Fixed by the data and the handlers' calls: compared exactly. */
const EXACT: readonly (keyof RequestVolume)[] = ['readRequestUnits', 'writeRequestUnits', 'streamRecords'];
const TOLERANCE = 0.1;
const READ_ROUTES = ['GET /todos', 'GET /todos/{id}'];

let fresh: MeasuredVolumes;

beforeAll(async () => {
  fresh = await measure(4);
}, 30_000);

/** `route field: committed X, measured Y` for every figure `differs` says is off. */
function mismatches(fields: readonly (keyof RequestVolume)[], differs: (committed: number, fresh: number) => boolean) {
  return ROUTE_NAMES.flatMap((route) =>
    fields
      .filter((field) => differs(committed.routes[route][field], fresh.routes[route][field]))
      .map(
        (field) =>
          `${route} ${field}: committed ${committed.routes[route][field]}, measured ${fresh.routes[route][field]}`,
      ),
  );
}

test('every route of the contract is measured, and nothing else', () => {
  expect(Object.keys(committed.routes).sort()).toEqual([...ROUTE_NAMES].sort());
  expect(Object.keys(fresh.routes).sort()).toEqual([...ROUTE_NAMES].sort());
});

test('the shares of the mix sum to 1', () => {
  const total = Object.values(committed.routes).reduce((sum, volume) => sum + volume.share, 0);
  expect(total).toBeCloseTo(1, 9);
  expect(Object.values(committed.routes).every((volume) => volume.share > 0)).toBe(true);
});

test('the committed byte and line figures are within 10% of a new measurement', () => {
  expect(mismatches(APPROXIMATE, (old, now) => Math.abs(now - old) > TOLERANCE * Math.max(old, 1))).toEqual([]);
});

test('the committed request units and stream records are exactly those measured again', () => {
  expect(mismatches(EXACT, (old, now) => old !== now)).toEqual([]);
});

test('EMF blobs are a part of the application log bytes, and every request writes some', () => {
  for (const volume of Object.values(committed.routes)) {
    expect(volume.emfBytes).toBeGreaterThan(0);
    expect(volume.emfBytes).toBeLessThanOrEqual(volume.applicationLogBytes);
  }
});

test('writes cause stream records and audit entries; reads cause neither and write nothing', () => {
  for (const [route, volume] of Object.entries(committed.routes)) {
    if (READ_ROUTES.includes(route)) {
      expect({
        route,
        streamRecords: volume.streamRecords,
        audit: volume.auditLogBytes,
        wru: volume.writeRequestUnits,
      }).toEqual({ route, streamRecords: 0, audit: 0, wru: 0 });
      expect(volume.readRequestUnits).toBeGreaterThan(0);
    } else {
      expect({ route, streamRecords: volume.streamRecords >= 1, audit: volume.auditLogBytes > 0 }).toEqual({
        route,
        streamRecords: true,
        audit: true,
      });
      expect(volume.writeRequestUnits).toBeGreaterThan(0);
    }
  }
});

test('every request has a duration, platform lines and an access log line', () => {
  for (const volume of Object.values(committed.routes)) {
    expect(volume.durationMs).toBeGreaterThan(0);
    expect(volume.platformLogBytes).toBeGreaterThan(0);
    expect(volume.accessLogBytes).toBeGreaterThan(0);
  }
});
