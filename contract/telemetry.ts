/**
 * The telemetry contract: what the handlers emit and what the dashboards, alarms, local server and alert replay read.
 * Code that takes a name typed (`ApiMetricName`, `DynamoDbOperation`) fails to compile on a rename; test/contract
 * checks that every handler metric the synthesized alarms and dashboards read is declared here.
 *
 * Dimensions are a closed, low-cardinality allow-list: every metric carries `service`, and at most one more dimension
 * from {@link MetricDimension}. User ids, todo ids and request ids belong in logs, trace metadata or EMF metadata.
 */

/** Namespace of the handlers' EMF metrics (Powertools `POWERTOOLS_METRICS_NAMESPACE`). */
export const METRICS_NAMESPACE = 'TodoObservability';

/** Namespace of the metrics CloudWatch Logs derives from log lines (metric filters). */
export const LOG_METRICS_NAMESPACE = 'TodoObservability/Logs';

/**
 * Powertools service names: the `service` key of log lines and the `service` dimension of every EMF metric. Every
 * API handler is `todo-api`; the audit stream processor fixes its own in code (locally it shares a process with the
 * API handlers).
 */
export const API_SERVICE_NAME = 'todo-api';
export const AUDIT_SERVICE_NAME = 'todo-audit';

/** The one optional dimension a metric carries besides `service`. */
export type MetricDimension = 'route' | 'operation' | 'reason';

/**
 * The API handlers' EMF metrics, each with its dimension set: `null` for `{service}`, else `{service, <dimension>}`.
 * `ColdStart` is Powertools' own (`captureColdStartMetric`).
 */
export const API_METRICS = {
  ColdStart: null,
  TodoCreated: null,
  TodoCompleted: null,
  TodoDeleted: null,
  TodoListSize: null,
  RequestLatency: 'route',
  ValidationFailed: 'reason',
  DynamoDbLatency: 'operation',
  DynamoDbError: 'operation',
} as const satisfies Record<string, MetricDimension | null>;

export type ApiMetricName = keyof typeof API_METRICS;

/** The metrics a handler counts for the business (dimension set `{service}`). */
export type BusinessMetric = 'TodoCreated' | 'TodoCompleted' | 'TodoDeleted' | 'TodoListSize';

/** The audit stream processor's metrics (Count, dimension set `{service}`), one EMF blob per invocation. */
export const AUDIT_METRICS = ['AuditEntriesWritten', 'AuditRecordsSkipped', 'AuditRecordsFailed'] as const;

export type AuditMetricName = (typeof AUDIT_METRICS)[number];

/**
 * The DynamoDB operations the handlers time (the `operation` dimension of `DynamoDbLatency` and `DynamoDbError`),
 * in the order dashboards and alarms list them.
 */
export const DYNAMODB_OPERATIONS = ['Query', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] as const;

export type DynamoDbOperation = (typeof DYNAMODB_OPERATIONS)[number];
