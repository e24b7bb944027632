/**
 * Replays failed audit batches (runbooks/incident/recovery-audit-redrive.md, steps 1, 3, 4 and 5):
 *
 *   npm run redrive-audit-dlq -- --queue-url $AUDIT_DLQ_URL --function todo-prod-audit-stream-processor [--dry-run]
 *
 * For each message of the audit dead-letter queue (Lambda's on-failure record for a DynamoDB stream batch:
 * `DDBStreamBatchInfo.{streamArn, shardId, startSequenceNumber, endSequenceNumber, batchSize}`) it reads the batch's
 * records back from the stream (GetShardIterator AT_SEQUENCE_NUMBER, GetRecords until endSequenceNumber), converts
 * them to the event Lambda gives the processor, invokes the processor's `live` alias and deletes the message only when
 * every record was audited. `--dry-run` fetches and converts but neither invokes nor deletes.
 *
 * All I/O goes through {@link RedriveIo}; the real implementation uses @aws-sdk/client-sqs,
 * @aws-sdk/client-dynamodb-streams and @aws-sdk/client-lambda, loaded when the script runs.
 */
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** What Lambda's on-failure destination writes for a failed stream batch (the fields the redrive needs). */
export interface StreamBatchInfo {
  readonly streamArn: string;
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  readonly approximateArrivalOfFirstRecord?: string;
  /** Why Lambda gave up (`RetryAttemptsExhausted`, `RecordAgeExceeded`, …). */
  readonly condition?: string;
}

export interface DlqMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

/** A record as the DynamoDB Streams API returns it (the SDK parses ApproximateCreationDateTime into a Date). */
export interface StreamApiRecord {
  readonly eventID?: string;
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  readonly eventVersion?: string;
  readonly eventSource?: string;
  readonly awsRegion?: string;
  readonly userIdentity?: { readonly type?: string; readonly principalId?: string };
  readonly dynamodb?: {
    readonly ApproximateCreationDateTime?: Date | string | number;
    readonly Keys?: Record<string, AttributeValue>;
    readonly NewImage?: Record<string, AttributeValue>;
    readonly OldImage?: Record<string, AttributeValue>;
    readonly SequenceNumber?: string;
    readonly SizeBytes?: number;
    readonly StreamViewType?: string;
  };
}

/** The redrive's I/O boundary: SQS, DynamoDB Streams and Lambda. */
export interface RedriveIo {
  /** Receives up to `max` messages, hiding them for `visibilityTimeoutSeconds` (never deletes). */
  receiveMessages(max: number, visibilityTimeoutSeconds: number): Promise<DlqMessage[]>;
  deleteMessage(receiptHandle: string): Promise<void>;
  getShardIterator(streamArn: string, shardId: string, sequenceNumber: string): Promise<string>;
  getRecords(shardIterator: string, limit: number): Promise<{ records: StreamApiRecord[]; nextShardIterator?: string }>;
  /** Invokes the processor synchronously; `functionError` is set when the invocation failed. */
  invoke(event: DynamoDBStreamEvent): Promise<{ functionError?: string; payload: unknown }>;
}

/** Parses and validates one DLQ message body. */
export function parseDlqMessage(body: string): StreamBatchInfo {
  let parsed: { DDBStreamBatchInfo?: Record<string, unknown>; requestContext?: { condition?: string } };
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('DLQ message is not JSON');
  }
  const info = parsed.DDBStreamBatchInfo;
  if (info === undefined || typeof info !== 'object') {
    throw new Error('DLQ message has no DDBStreamBatchInfo: not an on-failure record of a DynamoDB stream batch');
  }
  for (const field of ['streamArn', 'shardId', 'startSequenceNumber', 'endSequenceNumber'] as const) {
    if (typeof info[field] !== 'string' || (info[field] as string).length === 0) {
      throw new Error(`DDBStreamBatchInfo.${field} is missing`);
    }
  }
  for (const field of ['startSequenceNumber', 'endSequenceNumber'] as const) {
    if (!/^\d+$/.test(info[field] as string)) throw new Error(`DDBStreamBatchInfo.${field} is not a sequence number`);
  }
  const start = info.startSequenceNumber as string;
  const end = info.endSequenceNumber as string;
  if (compareSequenceNumbers(start, end) > 0) {
    throw new Error(`DDBStreamBatchInfo: startSequenceNumber ${start} is after endSequenceNumber ${end}`);
  }
  return {
    streamArn: info.streamArn as string,
    shardId: info.shardId as string,
    startSequenceNumber: start,
    endSequenceNumber: end,
    batchSize: typeof info.batchSize === 'number' ? info.batchSize : NaN,
    approximateArrivalOfFirstRecord: info.approximateArrivalOfFirstRecord as string | undefined,
    condition: parsed.requestContext?.condition,
  };
}

/** Sequence numbers exceed Number precision: compared as integers of any length. */
export function compareSequenceNumbers(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface FetchOptions {
  /** GetRecords calls before giving up (an open shard keeps returning empty pages). @default 200 */
  readonly maxCalls?: number;
  /** Records per GetRecords call. @default 1000 */
  readonly limit?: number;
}

/** The records of the batch, from startSequenceNumber through endSequenceNumber, in stream order. */
export async function fetchBatch(
  io: RedriveIo,
  info: StreamBatchInfo,
  options: FetchOptions = {},
): Promise<StreamApiRecord[]> {
  const records: StreamApiRecord[] = [];
  let iterator: string | undefined = await io.getShardIterator(info.streamArn, info.shardId, info.startSequenceNumber);
  for (let call = 0; call < (options.maxCalls ?? 200) && iterator !== undefined; call += 1) {
    const page = await io.getRecords(iterator, options.limit ?? 1000);
    for (const record of page.records) {
      const sequence = record.dynamodb?.SequenceNumber;
      if (sequence === undefined) continue;
      if (compareSequenceNumbers(sequence, info.startSequenceNumber) < 0) continue;
      if (compareSequenceNumbers(sequence, info.endSequenceNumber) > 0) return records;
      records.push(record);
      if (compareSequenceNumbers(sequence, info.endSequenceNumber) === 0) return records;
    }
    iterator = page.nextShardIterator;
  }
  return records;
}

/** One Streams API record as Lambda hands it to the processor: epoch seconds and the stream ARN added. */
export function toLambdaRecord(record: StreamApiRecord, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  const seconds =
    created === undefined
      ? undefined
      : typeof created === 'number'
        ? created
        : Math.floor(new Date(created).getTime() / 1000);
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: seconds,
      StreamViewType: record.dynamodb?.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
  };
}

export type MessageOutcome =
  | { readonly status: 'replayed'; readonly messageId: string; readonly records: number }
  | { readonly status: 'dry-run'; readonly messageId: string; readonly records: number; readonly expected: number }
  | { readonly status: 'kept'; readonly messageId: string; readonly reason: string };

export interface RedriveOptions {
  readonly dryRun?: boolean;
  /** Messages to process before stopping. @default 100 */
  readonly maxMessages?: number;
  /** How long a received message stays hidden while it is replayed. @default 1800 */
  readonly visibilityTimeoutSeconds?: number;
  readonly fetch?: FetchOptions;
}

/** Replays one message; deletes it only when the processor audited every record. */
export async function redriveMessage(
  io: RedriveIo,
  message: DlqMessage,
  options: RedriveOptions = {},
): Promise<MessageOutcome> {
  let info: StreamBatchInfo;
  try {
    info = parseDlqMessage(message.body);
  } catch (error) {
    return { status: 'kept', messageId: message.messageId, reason: (error as Error).message };
  }
  let records: StreamApiRecord[];
  try {
    records = await fetchBatch(io, info, options.fetch);
  } catch (error) {
    const name = (error as Error).name;
    const reason =
      name === 'TrimmedDataAccessException' || name === 'ExpiredIteratorException'
        ? `${name}: the stream no longer holds the batch (24 h): reconstruct it (runbook step 6)`
        : `${name}: ${(error as Error).message}`;
    return { status: 'kept', messageId: message.messageId, reason };
  }
  if (records.length === 0) {
    return { status: 'kept', messageId: message.messageId, reason: 'no record of the batch found in the stream' };
  }
  if (options.dryRun) {
    return { status: 'dry-run', messageId: message.messageId, records: records.length, expected: info.batchSize };
  }
  const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, info.streamArn)) };
  const response = await io.invoke(event);
  if (response.functionError !== undefined) {
    return { status: 'kept', messageId: message.messageId, reason: `processor failed: ${response.functionError}` };
  }
  const failures = (response.payload as { batchItemFailures?: Array<{ itemIdentifier?: string }> } | null)
    ?.batchItemFailures;
  if (failures !== undefined && failures.length > 0) {
    return {
      status: 'kept',
      messageId: message.messageId,
      reason: `processor reported a failure from sequence number ${failures[0].itemIdentifier}`,
    };
  }
  await io.deleteMessage(message.receiptHandle);
  return { status: 'replayed', messageId: message.messageId, records: records.length };
}

/** Drains the queue message by message (each is hidden while replayed, so nothing is read twice in one run). */
export async function redrive(io: RedriveIo, options: RedriveOptions = {}): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = [];
  const max = options.maxMessages ?? 100;
  while (outcomes.length < max) {
    const messages = await io.receiveMessages(
      Math.min(10, max - outcomes.length),
      options.visibilityTimeoutSeconds ?? 1800,
    );
    if (messages.length === 0) break;
    for (const message of messages) outcomes.push(await redriveMessage(io, message, options));
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------------------------
// The real I/O. The three SDK clients are not dependencies of the app yet, so they are loaded at run time.

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
}
type SdkModule = Record<string, new (input: Record<string, unknown>) => unknown>;

function loadSdk(name: string): SdkModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as SdkModule;
  } catch {
    throw new Error(`${name} is not installed; add it as a devDependency to run the redrive against AWS`);
  }
}

/** {@link RedriveIo} on SQS, DynamoDB Streams and Lambda (region and credentials from the standard SDK chain). */
export function createAwsIo(queueUrl: string, functionName: string, qualifier = 'live'): RedriveIo {
  const sqs = loadSdk('@aws-sdk/client-sqs');
  const streams = loadSdk('@aws-sdk/client-dynamodb-streams');
  const lambda = loadSdk('@aws-sdk/client-lambda');
  const sqsClient = new sqs.SQSClient({}) as SdkClient;
  const streamsClient = new streams.DynamoDBStreamsClient({}) as SdkClient;
  const lambdaClient = new lambda.LambdaClient({}) as SdkClient;
  return {
    async receiveMessages(max, visibilityTimeoutSeconds) {
      const out = await sqsClient.send(
        new sqs.ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: max,
          VisibilityTimeout: visibilityTimeoutSeconds,
          WaitTimeSeconds: 2,
        }),
      );
      return ((out.Messages as Array<Record<string, string>> | undefined) ?? []).map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
      }));
    },
    async deleteMessage(receiptHandle) {
      await sqsClient.send(new sqs.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    },
    async getShardIterator(streamArn, shardId, sequenceNumber) {
      const out = await streamsClient.send(
        new streams.GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: sequenceNumber,
        }),
      );
      return out.ShardIterator as string;
    },
    async getRecords(shardIterator, limit) {
      const out = await streamsClient.send(
        new streams.GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit }),
      );
      return {
        records: (out.Records as StreamApiRecord[] | undefined) ?? [],
        nextShardIterator: out.NextShardIterator as string | undefined,
      };
    },
    async invoke(event) {
      const out = await lambdaClient.send(
        new lambda.InvokeCommand({
          FunctionName: functionName,
          Qualifier: qualifier,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      const text = out.Payload === undefined ? 'null' : new TextDecoder().decode(out.Payload as Uint8Array);
      return { functionError: out.FunctionError as string | undefined, payload: JSON.parse(text) as unknown };
    },
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) args[argv[i].slice(2)] = argv[(i += 1)];
    else args[argv[i].slice(2)] = true;
  }
  if (typeof args['queue-url'] !== 'string' || typeof args.function !== 'string') {
    process.stderr.write(
      'usage: redrive-audit-dlq --queue-url <url> --function todo-<stage>-audit-stream-processor [--dry-run] [--max-messages N]\n',
    );
    return 64;
  }
  const io = createAwsIo(args['queue-url'], args.function);
  const outcomes = await redrive(io, {
    dryRun: args['dry-run'] === true,
    maxMessages: typeof args['max-messages'] === 'string' ? Number(args['max-messages']) : undefined,
  });
  for (const outcome of outcomes) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  return outcomes.some((o) => o.status === 'kept') ? 2 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`redrive-audit-dlq: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
