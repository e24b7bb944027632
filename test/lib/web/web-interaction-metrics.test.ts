import {
  WEB_INTERACTION_NAMESPACE,
  WEB_INTERACTIONS,
  webInteractionMetricDefinitions,
} from '../../../lib/web/web-interaction-metrics';
import { RUM_EVENTS } from '../../../web/src/rum-events';

/** First-level keys RUM accepts in ValueKey, EventPattern and DimensionKeys (CloudWatch RUM API reference). */
const RUM_EVENT_KEYS = new Set([
  'account_id',
  'application_Id',
  'application_version',
  'application_name',
  'batch_id',
  'event_details',
  'event_id',
  'event_interaction',
  'event_timestamp',
  'event_type',
  'event_version',
  'log_stream',
  'metadata',
  'sessionId',
  'user_details',
  'userId',
]);

const definitions = webInteractionMetricDefinitions('todo-test-web');

/** Every array anywhere in a JSON value. */
function arraysIn(value: unknown): unknown[][] {
  if (Array.isArray(value)) return [value, ...value.flatMap(arraysIn)];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(arraysIn);
  return [];
}

describe('web interaction metrics (RUM custom metrics)', () => {
  test('one definition per interaction, named uniquely, counting the custom events of web/src/rum-events.ts', () => {
    expect(definitions.map((d) => d.name)).toEqual(['TodosAdded', 'TodosCompleted', 'TodosDeleted', 'SignIns']);
    expect(new Set(definitions.map((d) => d.name)).size).toBe(definitions.length);
    const knownEvents = new Set<string>(Object.values(RUM_EVENTS));
    for (const interaction of WEB_INTERACTIONS) expect(knownEvents.has(interaction.eventType)).toBe(true);
  });

  test('go to a custom namespace: never omitted, never AWS/RUM or AWS/…', () => {
    expect(WEB_INTERACTION_NAMESPACE).not.toMatch(/^AWS\//);
    for (const d of definitions) expect(d.namespace).toBe(WEB_INTERACTION_NAMESPACE);
  });

  test('patterns are JSON objects of RUM event keys, with one value per array, matching one event type of this monitor', () => {
    WEB_INTERACTIONS.forEach((interaction, i) => {
      const pattern = JSON.parse(definitions[i].eventPattern!) as Record<string, unknown>;
      expect(pattern).toEqual({ event_type: [interaction.eventType], application_name: ['todo-test-web'] });
      for (const key of Object.keys(pattern)) expect(RUM_EVENT_KEYS.has(key)).toBe(true);
      for (const array of arraysIn(pattern)) expect(array).toHaveLength(1);
    });
  });

  test('every dimension is in the pattern; the only one is the app monitor', () => {
    for (const d of definitions) {
      expect(d.dimensionKeys).toEqual({ application_name: 'application_name' });
      const pattern = JSON.parse(d.eventPattern!) as Record<string, unknown>;
      for (const path of Object.keys(d.dimensionKeys as Record<string, string>)) expect(pattern).toHaveProperty(path);
    }
  });

  test('completions and deletions sum the count the event carries; additions and sign-ins count events', () => {
    expect(Object.fromEntries(definitions.map((d) => [d.name, d.valueKey]))).toEqual({
      TodosAdded: undefined,
      TodosCompleted: 'event_details.count',
      TodosDeleted: 'event_details.count',
      SignIns: undefined,
    });
    for (const d of definitions) {
      if (d.valueKey !== undefined) expect(RUM_EVENT_KEYS.has(d.valueKey.split('.')[0])).toBe(true);
      expect(d.unitLabel).toBe('Count');
    }
  });
});
