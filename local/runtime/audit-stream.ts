/**
 * The audit trail locally: the todo table's stream records, handed to the real audit processor in-process.
 *
 * Like the event source mapping in Lambda, the processor runs after the write, never inside it: each record is an
 * invocation queued behind the one that wrote it, one record per batch. A record it cannot audit is logged; in
 * Lambda it would be retried, bisected and sent to the dead-letter queue.
 */
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { AUDIT_PROCESSOR } from '../../contract/routes';
import type { FunctionHost } from './functions';
import { logLocalError } from './local-log';

export function auditStream(
  host: FunctionHost,
  contextOf: (name: string) => Context,
): (record: DynamoDBRecord) => void {
  return (record) => {
    const event: DynamoDBStreamEvent = { Records: [record] };
    const context = contextOf(AUDIT_PROCESSOR.name);
    host.invoke(AUDIT_PROCESSOR.name, event, context).then(
      (response) => {
        const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? [];
        if (failures.length > 0) {
          logLocalError(`${context.functionName} reported failed records`, failures, context.awsRequestId);
        }
      },
      (error: unknown) => logLocalError(`${context.functionName} failed`, error, context.awsRequestId),
    );
  };
}
