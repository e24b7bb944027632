/**
 * The 'no high-cardinality dimensions' check: every metric in every EMF blob a test file emitted must be one the
 * telemetry contract declares, under the dimension set the contract gives it. Each handler test file declares it
 * last, so it covers everything that file exercised.
 */
import { API_METRICS, AUDIT_METRICS } from '../../../contract/telemetry';
import { emfBlobs, Harness } from './harness';

/** A dimension set as sorted names, comma-joined: `service`, `route,service`, … */
const setOf = (names: readonly string[]): string => [...names].sort().join(',');

/** The contract's dimension set of each metric the handlers and the audit processor emit. */
const CONTRACT_SETS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(API_METRICS).map(([name, dimension]): [string, string] => [
    name,
    setOf(dimension === null ? ['service'] : ['service', dimension]),
  ]),
  ...AUDIT_METRICS.map((name): [string, string] => [name, setOf(['service'])]),
]);

export const ALLOWED_DIMENSION_SETS = [...new Set(CONTRACT_SETS.values())].sort();

/** The distinct dimension sets (sorted names, comma-joined) of all EMF blobs in `lines`. */
export function dimensionSets(lines: readonly string[]): string[] {
  return [...new Set(emittedMetrics(lines).map((m) => m.set))].sort();
}

/** Every metric of every EMF blob in `lines`, with the dimension set it was emitted under. */
function emittedMetrics(lines: readonly string[]): { name: string; set: string }[] {
  const found: { name: string; set: string }[] = [];
  for (const blob of emfBlobs(lines)) {
    for (const directive of blob._aws.CloudWatchMetrics) {
      for (const set of directive.Dimensions as string[][]) {
        for (const metric of directive.Metrics as { Name: string }[])
          found.push({ name: metric.Name, set: setOf(set) });
      }
    }
  }
  return found;
}

export function declareDimensionAllowListTest(harness: () => Harness): void {
  test('every metric emitted in this file is in the telemetry contract, under its dimension set', () => {
    const emitted = emittedMetrics(harness().allOutput());
    expect(emitted.length).toBeGreaterThan(0);
    for (const { name, set } of emitted) {
      expect({ name, set }).toEqual({ name, set: CONTRACT_SETS.get(name) });
    }
  });
}
