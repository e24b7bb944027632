/**
 * Runs the real audit stream processor (through the harness's runtime) on stream records and reads back what it
 * wrote: the audit entries (JSON log lines with message "audit" from service todo-audit) in the captured output.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { AUDIT_PROCESSOR } from '../../../../contract/routes';
import { AUDIT_SERVICE_NAME } from '../../../../contract/telemetry';
import { Harness, JsonObject, jsonLines } from '../../support/harness';

export interface ProcessedBatch {
  readonly response: DynamoDBBatchResponse;
  /** The audit entries this invocation wrote, in order. */
  readonly entries: JsonObject[];
  /** Every JSON line this invocation wrote. */
  readonly lines: JsonObject[];
}

/** Invokes the processor with one batch and returns its response and output (the harness output is cleared first). */
export async function processBatch(h: Harness, records: readonly DynamoDBRecord[]): Promise<ProcessedBatch> {
  h.clearOutput();
  const response = (await h.invokeFunction(AUDIT_PROCESSOR.name, { Records: [...records] })) as DynamoDBBatchResponse;
  const lines = jsonLines(h.output());
  return { response, entries: auditEntries(lines), lines };
}

export const auditEntries = (lines: readonly JsonObject[]): JsonObject[] =>
  lines.filter((line) => line.message === 'audit' && line.service === AUDIT_SERVICE_NAME);

/** A copy of `record` with `dynamodb` replaced by `patch(dynamodb)`: for garbled and synthetic records. */
export function withStreamRecord(
  record: DynamoDBRecord,
  patch: (stream: NonNullable<DynamoDBRecord['dynamodb']>) => DynamoDBRecord['dynamodb'],
): DynamoDBRecord {
  return { ...record, dynamodb: patch(structuredClone(record.dynamodb ?? {})) };
}
