/**
 * Business and operational metrics as CloudWatch EMF, through one Powertools Metrics instance.
 *
 * Names and dimension sets are the telemetry contract's (`API_METRICS`): `{service}`, `{service, route}`,
 * `{service, operation}`, `{service, reason}`. The types below make anything else (user ids, todo ids, request ids)
 * a compile error; such values belong in logs, trace metadata or EMF metadata. Metrics are buffered during a
 * request and flushed by `publishRequestMetrics()`, one EMF blob per dimension set.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ValidationReason } from '../../contract/problems';
import type { RouteName } from '../../contract/routes';
import { API_METRICS, ApiMetricName, BusinessMetric, DynamoDbOperation } from '../../contract/telemetry';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];
interface Datum {
  readonly name: ApiMetricName;
  readonly unit: Unit;
  readonly value: number;
}

const metrics = new Metrics();

/** Buffered metrics of the current request: key '' for the service-only set, else `<dimension>\u0000<value>`. */
const pending = new Map<string, Datum[]>();

/** Buffers a metric under the dimension set the contract gives it: `{service}` or `{service, <dimension>}`. */
function buffer(datum: Datum, dimensionValue?: string): void {
  const dimension = API_METRICS[datum.name];
  const key = dimension === null ? '' : `${dimension}\u0000${dimensionValue}`;
  const list = pending.get(key);
  if (list === undefined) {
    pending.set(key, [datum]);
  } else {
    list.push(datum);
  }
}

/** Emits the Powertools `ColdStart` metric (service dimension only) on the first invocation of an environment. */
export function captureColdStart(): void {
  metrics.captureColdStartMetric();
}

export function countBusinessEvent(name: BusinessMetric, value = 1): void {
  buffer({ name, unit: MetricUnit.Count, value });
}

export function recordRequestLatency(route: RouteName, milliseconds: number): void {
  buffer({ name: 'RequestLatency', unit: MetricUnit.Milliseconds, value: milliseconds }, route);
}

export function recordValidationFailure(reason: ValidationReason): void {
  buffer({ name: 'ValidationFailed', unit: MetricUnit.Count, value: 1 }, reason);
}

export function recordDynamoDbCall(operation: DynamoDbOperation, milliseconds: number, failed: boolean): void {
  buffer({ name: 'DynamoDbLatency', unit: MetricUnit.Milliseconds, value: milliseconds }, operation);
  if (failed) {
    buffer({ name: 'DynamoDbError', unit: MetricUnit.Count, value: 1 }, operation);
  }
}

/** Values per EMF blob: below Powertools' automatic flush at 100 values of one metric. */
const BLOB_VALUES = 99;

/** Writes every buffered metric (never throws on an empty buffer) and clears the buffer. */
export function publishRequestMetrics(): void {
  try {
    for (const [key, data] of pending) {
      // Powertools flushes by itself at 100 values of one metric and then drops the dimensions, so the rest would
      // go out under {service} only: publish in blobs of fewer values, each with its dimension.
      for (let start = 0; start < data.length; start += BLOB_VALUES) {
        if (key !== '') {
          const [name, value] = key.split('\u0000');
          metrics.addDimension(name, value);
        }
        for (const datum of data.slice(start, start + BLOB_VALUES)) {
          metrics.addMetric(datum.name, datum.unit, datum.value);
        }
        metrics.publishStoredMetrics();
      }
    }
  } finally {
    pending.clear();
    metrics.clearDimensions();
    metrics.clearMetrics();
  }
}
