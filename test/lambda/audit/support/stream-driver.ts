/**
 * A small model of Lambda's event source mapping on one DynamoDB stream shard, with the settings the audit trail
 * deploys: ReportBatchItemFailures, BisectBatchOnFunctionError, MaximumRetryAttempts and an SQS on-failure
 * destination. It cannot prove what Lambda does (only the template can say how it is configured); it shows what the
 * processor's responses make Lambda do under those documented semantics:
 *
 * - a batch is the next `batchSize` records after the checkpoint;
 * - a response naming failed items checkpoints everything before the lowest one and retries from it; a thrown
 *   error (or an unknown or empty item identifier) fails the whole batch;
 * - each retry halves the batch (bisect), and, conservatively, every retry counts against `retryAttempts`;
 * - when retries run out, the failed batch's context (never its records) goes to the on-failure queue, in the
 *   shape Lambda sends (`DDBStreamBatchInfo`), and the shard moves on past it.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface OnFailureMessage {
  readonly requestContext: { readonly condition: 'RetryAttemptsExhausted'; readonly approximateInvokeCount: number };
  readonly version: '1.0';
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

export interface ShardRun {
  readonly invocations: number;
  readonly deadLetters: OnFailureMessage[];
}

export interface ShardSettings {
  readonly batchSize: number;
  readonly retryAttempts: number;
  readonly shardId?: string;
}

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

export async function driveShard(
  shard: readonly DynamoDBRecord[],
  handler: StreamHandler,
  context: () => Context,
  settings: ShardSettings,
): Promise<ShardRun> {
  const deadLetters: OnFailureMessage[] = [];
  let invocations = 0;
  let checkpoint = 0;
  while (checkpoint < shard.length) {
    let batch = shard.slice(checkpoint, checkpoint + settings.batchSize);
    let retries = 0;
    for (;;) {
      invocations += 1;
      const failedAt = await firstFailure(batch, handler, context());
      if (failedAt === undefined) {
        checkpoint += batch.length;
        break;
      }
      checkpoint += failedAt;
      const failing = batch.slice(failedAt);
      if (retries === settings.retryAttempts) {
        deadLetters.push(
          onFailureMessage(failing, invocations, settings.shardId ?? 'shardId-00000001700000000000-0000'),
        );
        checkpoint += failing.length;
        break;
      }
      retries += 1;
      batch = failing.slice(0, Math.ceil(failing.length / 2));
    }
  }
  return { invocations, deadLetters };
}

/** Index of the first record to retry from, or undefined when the batch succeeded. */
async function firstFailure(
  batch: readonly DynamoDBRecord[],
  handler: StreamHandler,
  context: Context,
): Promise<number | undefined> {
  let response: DynamoDBBatchResponse;
  try {
    response = await handler({ Records: [...batch] }, context);
  } catch {
    return 0;
  }
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  const indexes = failures.map((f) => batch.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier));
  return indexes.some((i) => i < 0) ? 0 : Math.min(...indexes);
}

function onFailureMessage(batch: readonly DynamoDBRecord[], invokeCount: number, shardId: string): OnFailureMessage {
  return {
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: invokeCount },
    version: '1.0',
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: batch[0].dynamodb?.SequenceNumber ?? '',
      endSequenceNumber: batch[batch.length - 1].dynamodb?.SequenceNumber ?? '',
      batchSize: batch.length,
      streamArn: batch[0].eventSourceARN ?? '',
    },
  };
}

/**
 * What the runbook does with a dead letter: GetShardIterator AT_SEQUENCE_NUMBER startSequenceNumber, then
 * GetRecords up to endSequenceNumber (here: over the in-memory shard).
 */
export function recordsOf(message: OnFailureMessage, shard: readonly DynamoDBRecord[]): DynamoDBRecord[] {
  const { startSequenceNumber, endSequenceNumber } = message.DDBStreamBatchInfo;
  const start = shard.findIndex((r) => r.dynamodb?.SequenceNumber === startSequenceNumber);
  const end = shard.findIndex((r) => r.dynamodb?.SequenceNumber === endSequenceNumber);
  return start < 0 || end < start ? [] : shard.slice(start, end + 1);
}
