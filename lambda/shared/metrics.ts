/**
 * Business and operational metrics as CloudWatch EMF, through one Powertools Metrics instance.
 *
 * Dimensions are a closed, low-cardinality allow-list: `{service}`, `{service, route}`, `{service, operation}`,
 * `{service, reason}`. The types below make anything else (user ids, todo ids, request ids) a compile error;
 * such values belong in logs, trace metadata or EMF metadata. Metrics are buffered during a request and flushed
 * by `publishRequestMetrics()`, one EMF blob per dimension set.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDbOperation, RouteName } from './route';
import type { ValidationReason } from './problems';

export type BusinessMetric = 'TodoCreated' | 'TodoCompleted' | 'TodoDeleted' | 'TodoListSize';

type DimensionName = 'route' | 'operation' | 'reason';
type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];
interface Datum {
  readonly name: string;
  readonly unit: Unit;
  readonly value: number;
}

const metrics = new Metrics();

/** Buffered metrics of the current request: key '' for the service-only set, else `<dimension>\u0000<value>`. */
const pending = new Map<string, Datum[]>();

function buffer(key: string, datum: Datum): void {
  const list = pending.get(key);
  if (list === undefined) {
    pending.set(key, [datum]);
  } else {
    list.push(datum);
  }
}

function dimensioned(name: DimensionName, value: string): string {
  return `${name}\u0000${value}`;
}

/** Emits the Powertools `ColdStart` metric (service dimension only) on the first invocation of an environment. */
export function captureColdStart(): void {
  metrics.captureColdStartMetric();
}

export function countBusinessEvent(name: BusinessMetric, value = 1): void {
  buffer('', { name, unit: MetricUnit.Count, value });
}

export function recordRequestLatency(route: RouteName, milliseconds: number): void {
  buffer(dimensioned('route', route), { name: 'RequestLatency', unit: MetricUnit.Milliseconds, value: milliseconds });
}

export function recordValidationFailure(reason: ValidationReason): void {
  buffer(dimensioned('reason', reason), { name: 'ValidationFailed', unit: MetricUnit.Count, value: 1 });
}

export function recordDynamoDbCall(operation: DynamoDbOperation, milliseconds: number, failed: boolean): void {
  const key = dimensioned('operation', operation);
  buffer(key, { name: 'DynamoDbLatency', unit: MetricUnit.Milliseconds, value: milliseconds });
  if (failed) {
    buffer(key, { name: 'DynamoDbError', unit: MetricUnit.Count, value: 1 });
  }
}

/** Writes every buffered metric (never throws on an empty buffer) and clears the buffer. */
export function publishRequestMetrics(): void {
  try {
    for (const [key, data] of pending) {
      if (key !== '') {
        const [name, value] = key.split('\u0000');
        metrics.addDimension(name, value);
      }
      for (const datum of data) {
        metrics.addMetric(datum.name, datum.unit, datum.value);
      }
      metrics.publishStoredMetrics();
    }
  } finally {
    pending.clear();
    metrics.clearDimensions();
    metrics.clearMetrics();
  }
}
