/**
 * The audit trail: turns each change on the todo table's stream into one audit entry, a JSON log line (message
 * "audit") in the audit log group, which keeps it long and KMS-encrypted. Reading the stream, not the API handlers,
 * means a handler that crashes after its write cannot lose the entry.
 *
 * Records are processed in order. On the first record that cannot be audited the batch stops and that record's
 * sequence number (and every later one, none of which was processed) is returned in `batchItemFailures`: Lambda
 * checkpoints everything before it, retries from it with bisection, and after the last retry sends the failure's
 * context (shard, sequence numbers) to the on-failure queue, so a poison record neither blocks nor drops the others.
 * Entries carry the stream's eventID, so the rare redelivery of an already-written entry can be deduplicated.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { auditLogger, publishAuditMetrics } from '../audit/audit-telemetry';
import { AUDIT_MESSAGE, toAuditOutcome } from '../audit/audit-entry';
import { errorAttributes } from '../shared/error-attributes';
import { currentTraceId, inSubsegment, putAnnotation, putMetadata, traceHandler } from '../shared/tracing';

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  auditLogger.addContext(context);
  auditLogger.appendKeys({ traceId: currentTraceId() });
  const counts = { records: event.Records.length, written: 0, skipped: 0, failed: 0 };
  try {
    return await traceHandler(() =>
      inSubsegment('### audit.processBatch', async () => {
        putAnnotation('operation', 'processAuditBatch');
        const response = processRecords(event.Records, counts);
        putAnnotation('outcome', response.batchItemFailures.length === 0 ? 'success' : 'partial_failure');
        putMetadata('auditBatch', {
          ...counts,
          firstSequenceNumber: event.Records[0]?.dynamodb?.SequenceNumber,
          failedSequenceNumber: response.batchItemFailures[0]?.itemIdentifier,
          eventSourceARN: event.Records[0]?.eventSourceARN,
        });
        return response;
      }),
    );
  } finally {
    publishAuditMetrics(counts);
    auditLogger.resetKeys();
  }
}

function processRecords(
  records: readonly DynamoDBRecord[],
  counts: { written: number; skipped: number; failed: number },
): DynamoDBBatchResponse {
  for (const [index, record] of records.entries()) {
    let outcome;
    try {
      outcome = toAuditOutcome(record);
    } catch (error) {
      const rest = records.slice(index);
      counts.failed = rest.length;
      auditLogger.error('audit record failed', {
        eventId: record.eventID,
        eventName: record.eventName,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        eventSourceARN: record.eventSourceARN,
        unprocessedRecords: rest.length,
        // The whole record, so the change survives here (long retention) even if the stream trims it before
        // anyone reads the on-failure queue.
        record: record.dynamodb,
        ...errorAttributes(error),
      });
      // A missing sequence number becomes '', which Lambda treats as a failure of the whole batch: still retried
      // and bisected, never dropped.
      return {
        batchItemFailures: rest.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
      };
    }
    if (outcome.kind === 'skip') {
      counts.skipped += 1;
      auditLogger.debug('stream record skipped', {
        reason: outcome.reason,
        eventId: record.eventID,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
    } else {
      counts.written += 1;
      auditLogger.info(AUDIT_MESSAGE, { ...outcome.entry });
    }
  }
  return { batchItemFailures: [] };
}
