/**
 * The 'no high-cardinality dimensions' check: every EMF blob a test file emitted may only use the dimension sets
 * of the allow-list. Each handler test file declares it last, so it covers everything that file exercised.
 */
import { emfBlobs, Harness } from './harness';

export const ALLOWED_DIMENSION_SETS = ['service', 'route,service', 'operation,service', 'reason,service'];

/** The distinct dimension sets (sorted names, comma-joined) of all EMF blobs in `lines`. */
export function dimensionSets(lines: readonly string[]): string[] {
  const sets = new Set<string>();
  for (const blob of emfBlobs(lines)) {
    for (const directive of blob._aws.CloudWatchMetrics) {
      for (const set of directive.Dimensions as string[][]) {
        sets.add([...set].sort().join(','));
      }
    }
  }
  return [...sets].sort();
}

export function declareDimensionAllowListTest(harness: () => Harness): void {
  test('every metric emitted in this file uses only allow-listed dimension sets', () => {
    const sets = dimensionSets(harness().allOutput());
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      expect(ALLOWED_DIMENSION_SETS).toContain(set);
    }
  });
}
