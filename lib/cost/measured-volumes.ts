/**
 * What one request of each kind costs in bytes, time and capacity, measured by running the real handlers locally
 * (`npm run cost:measure` writes measured-volumes.json; the cost model reads it).
 */
export interface RequestVolume {
  /** Share of requests of this kind in the representative mix (all kinds sum to 1). */
  readonly share: number;
  /** Bytes the function writes to its log group: Powertools JSON lines, EMF blobs included. */
  readonly applicationLogBytes: number;
  /** Of which EMF (metrics) blobs. */
  readonly emfBytes: number;
  /** Log events (lines) the function writes, EMF blobs included: Contributor Insights bills matched events. */
  readonly applicationLogLines: number;
  /** Bytes of the Lambda platform lines (start and report, JSON log format) of one invocation. */
  readonly platformLogBytes: number;
  /** Bytes of the API Gateway access log line. */
  readonly accessLogBytes: number;
  /** Bytes the audit processor writes for the changes this request makes (audit entries and its own lines). */
  readonly auditLogBytes: number;
  /** Handler duration (warm, local machine), ms. */
  readonly durationMs: number;
  /** DynamoDB capacity the request consumed (ReturnConsumedCapacity, on-demand units). */
  readonly readRequestUnits: number;
  readonly writeRequestUnits: number;
  /** Table stream records the request caused (audit processor input). */
  readonly streamRecords: number;
}

export interface MeasuredVolumes {
  /** When and how it was measured (Node version, requests per kind). */
  readonly measuredAt: string;
  readonly method: string;
  /** Keyed by `METHOD /resource` (RouteName). */
  readonly routes: Readonly<Record<string, RequestVolume>>;
}
