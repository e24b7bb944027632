/**
 * The audit DLQ redrive against an in-memory fake of its I/O boundary (SQS, DynamoDB Streams, Lambda): the tool's
 * own I/O, not the app's data path.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import {
  compareSequenceNumbers,
  DlqMessage,
  fetchBatch,
  parseDlqMessage,
  redrive,
  RedriveIo,
  StreamApiRecord,
  toLambdaRecord,
} from '../../scripts/redrive-audit-dlq';

const STREAM = 'arn:aws:dynamodb:eu-west-1:111111111111:table/todo-test-todos/stream/2025-01-31T00:00:00.000';
const SHARD = 'shardId-00000001706659200000-abcdef12';
/** Realistic sequence numbers: 21+ digits, beyond Number precision. */
const seq = (n: number) => (100000000000000000000n + BigInt(n)).toString();

function record(n: number): StreamApiRecord {
  return {
    eventID: `event-${n}`,
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(Date.UTC(2025, 0, 31, 14, 0, n)),
      Keys: { pk: { S: 'USER#alice' }, sk: { S: `TODO#${n}` } },
      NewImage: { pk: { S: 'USER#alice' }, sk: { S: `TODO#${n}` }, title: { S: `new ${n}` } },
      OldImage: { pk: { S: 'USER#alice' }, sk: { S: `TODO#${n}` }, title: { S: `old ${n}` } },
      SequenceNumber: seq(n),
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function body(start: number, end: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    requestContext: {
      requestId: 'r',
      functionArn: 'arn:aws:lambda:…:function:todo-test-audit-stream-processor',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 11,
    },
    version: '1.0',
    timestamp: '2025-01-31T14:05:00.000Z',
    DDBStreamBatchInfo: {
      shardId: SHARD,
      startSequenceNumber: seq(start),
      endSequenceNumber: seq(end),
      approximateArrivalOfFirstRecord: '2025-01-31T14:00:00Z',
      approximateArrivalOfLastRecord: '2025-01-31T14:00:10Z',
      batchSize: end - start + 1,
      streamArn: STREAM,
      ...extra,
    },
  });
}

/** An in-memory queue, one shard of a stream (pages of `pageSize`) and a processor whose answer the test sets. */
class FakeIo implements RedriveIo {
  public readonly queue: DlqMessage[] = [];
  public readonly deleted: string[] = [];
  public readonly invocations: DynamoDBStreamEvent[] = [];
  public readonly calls: string[] = [];
  public processor: (event: DynamoDBStreamEvent) => { functionError?: string; payload: unknown } = () => ({
    payload: { batchItemFailures: [] },
  });
  public trimmed = false;

  constructor(
    public readonly shard: StreamApiRecord[],
    private readonly pageSize = 3,
  ) {}

  send(messageBody: string): void {
    const id = `m${this.queue.length + 1}`;
    this.queue.push({ messageId: id, receiptHandle: `rh-${id}`, body: messageBody });
  }

  async receiveMessages(max: number): Promise<DlqMessage[]> {
    const visible = this.queue.filter((m) => !this.calls.includes(`received ${m.messageId}`)).slice(0, max);
    visible.forEach((m) => this.calls.push(`received ${m.messageId}`));
    return visible;
  }

  async deleteMessage(receiptHandle: string): Promise<void> {
    this.deleted.push(receiptHandle);
  }

  async getShardIterator(streamArn: string, shardId: string, sequenceNumber: string): Promise<string> {
    this.calls.push(`iterator ${shardId}`);
    if (this.trimmed) throw Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
    expect(streamArn).toBe(STREAM);
    const index = this.shard.findIndex((r) => r.dynamodb?.SequenceNumber === sequenceNumber);
    return `it-${index}`;
  }

  async getRecords(
    shardIterator: string,
    limit: number,
  ): Promise<{ records: StreamApiRecord[]; nextShardIterator?: string }> {
    this.calls.push(`records ${shardIterator}`);
    const from = Number(shardIterator.slice(3));
    const records = this.shard.slice(from, from + Math.min(limit, this.pageSize));
    // An open shard always has a next iterator, even past its last record.
    return { records, nextShardIterator: `it-${from + records.length}` };
  }

  async invoke(event: DynamoDBStreamEvent): Promise<{ functionError?: string; payload: unknown }> {
    this.invocations.push(event);
    return this.processor(event);
  }
}

describe('parseDlqMessage', () => {
  test('reads the batch position of an on-failure record', () => {
    expect(parseDlqMessage(body(3, 7))).toEqual({
      streamArn: STREAM,
      shardId: SHARD,
      startSequenceNumber: seq(3),
      endSequenceNumber: seq(7),
      batchSize: 5,
      approximateArrivalOfFirstRecord: '2025-01-31T14:00:00Z',
      condition: 'RetryAttemptsExhausted',
    });
  });

  test.each([
    ['not JSON', 'nope', /not JSON/],
    ['no DDBStreamBatchInfo', JSON.stringify({ requestContext: {} }), /no DDBStreamBatchInfo/],
    ['a missing shard', body(1, 2, { shardId: undefined }), /shardId is missing/],
    [
      'a non-numeric sequence number',
      body(1, 2, { endSequenceNumber: 'abc' }),
      /endSequenceNumber is not a sequence number/,
    ],
    ['start after end', body(5, 2), /is after endSequenceNumber/],
  ])('fails when the message has %s', (_what, text, message) => {
    expect(() => parseDlqMessage(text)).toThrow(message);
  });
});

test('compares sequence numbers beyond Number precision', () => {
  expect(compareSequenceNumbers('100000000000000000001', '100000000000000000002')).toBe(-1);
  expect(compareSequenceNumbers('99', '100')).toBe(-1);
  expect(compareSequenceNumbers(seq(5), seq(5))).toBe(0);
});

describe('fetchBatch', () => {
  const shard = Array.from({ length: 20 }, (_, i) => record(i));

  test('reads from startSequenceNumber through endSequenceNumber across pages, and no further', async () => {
    const io = new FakeIo(shard, 3);
    const records = await fetchBatch(io, parseDlqMessage(body(4, 11)));
    expect(records.map((r) => r.eventID)).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((n) => `event-${n}`));
    expect(io.calls).toEqual(['iterator ' + SHARD, 'records it-4', 'records it-7', 'records it-10']);
  });

  test('stops after maxCalls on an open shard that never reaches the end sequence number', async () => {
    const io = new FakeIo(shard.slice(0, 6), 2);
    const records = await fetchBatch(io, parseDlqMessage(body(2, 15)), { maxCalls: 5 });
    expect(records.map((r) => r.eventID)).toEqual(['event-2', 'event-3', 'event-4', 'event-5']);
    expect(io.calls.filter((c) => c.startsWith('records'))).toHaveLength(5);
  });
});

test('toLambdaRecord gives the processor the Lambda event shape: epoch seconds and the stream ARN', () => {
  const converted = toLambdaRecord(record(9), STREAM);
  expect(converted).toEqual({
    eventID: 'event-9',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: STREAM,
    dynamodb: expect.objectContaining({
      ApproximateCreationDateTime: Date.UTC(2025, 0, 31, 14, 0, 9) / 1000,
      SequenceNumber: seq(9),
      Keys: { pk: { S: 'USER#alice' }, sk: { S: 'TODO#9' } },
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    }),
  });
  expect(
    toLambdaRecord(
      { ...record(1), dynamodb: { ...record(1).dynamodb, ApproximateCreationDateTime: '2025-01-31T14:00:01+00:00' } },
      STREAM,
    ).dynamodb?.ApproximateCreationDateTime,
  ).toBe(Date.UTC(2025, 0, 31, 14, 0, 1) / 1000);
});

describe('redrive', () => {
  const shard = Array.from({ length: 12 }, (_, i) => record(i));

  test('replays each batch through the processor and deletes its message only after success', async () => {
    const io = new FakeIo(shard);
    io.send(body(0, 4));
    io.send(body(5, 9));
    const outcomes = await redrive(io);
    expect(outcomes).toEqual([
      { status: 'replayed', messageId: 'm1', records: 5 },
      { status: 'replayed', messageId: 'm2', records: 5 },
    ]);
    expect(io.invocations[1].Records.map((r) => r.eventID)).toEqual([5, 6, 7, 8, 9].map((n) => `event-${n}`));
    expect(io.invocations[0].Records.every((r) => r.eventSourceARN === STREAM)).toBe(true);
    expect(io.deleted).toEqual(['rh-m1', 'rh-m2']);
  });

  test('keeps the message when the processor still reports a batch item failure', async () => {
    const io = new FakeIo(shard);
    io.send(body(0, 4));
    io.processor = () => ({ payload: { batchItemFailures: [{ itemIdentifier: seq(2) }] } });
    expect(await redrive(io)).toEqual([
      { status: 'kept', messageId: 'm1', reason: `processor reported a failure from sequence number ${seq(2)}` },
    ]);
    expect(io.deleted).toEqual([]);
  });

  test('keeps the message when the invocation itself fails', async () => {
    const io = new FakeIo(shard);
    io.send(body(0, 1));
    io.processor = () => ({ functionError: 'Unhandled', payload: { errorMessage: 'boom' } });
    const [outcome] = await redrive(io);
    expect(outcome).toEqual({ status: 'kept', messageId: 'm1', reason: 'processor failed: Unhandled' });
    expect(io.deleted).toEqual([]);
  });

  test('keeps the message and points to reconstruction when the stream has trimmed the records', async () => {
    const io = new FakeIo(shard);
    io.trimmed = true;
    io.send(body(0, 1));
    const [outcome] = await redrive(io);
    expect(outcome).toEqual(
      expect.objectContaining({ status: 'kept', reason: expect.stringMatching(/TrimmedDataAccessException.*step 6/) }),
    );
    expect(io.invocations).toEqual([]);
  });

  test('keeps a message that is not a stream batch record', async () => {
    const io = new FakeIo(shard);
    io.send('{"hello":"world"}');
    expect((await redrive(io))[0]).toEqual(
      expect.objectContaining({ status: 'kept', reason: expect.stringMatching(/no DDBStreamBatchInfo/) }),
    );
  });

  test('--dry-run fetches and counts but neither invokes nor deletes', async () => {
    const io = new FakeIo(shard);
    io.send(body(3, 8));
    expect(await redrive(io, { dryRun: true })).toEqual([
      { status: 'dry-run', messageId: 'm1', records: 6, expected: 6 },
    ]);
    expect(io.invocations).toEqual([]);
    expect(io.deleted).toEqual([]);
  });

  test('stops after maxMessages', async () => {
    const io = new FakeIo(shard);
    for (let i = 0; i < 4; i += 1) io.send(body(i, i));
    expect(await redrive(io, { maxMessages: 3 })).toHaveLength(3);
    expect(io.deleted).toEqual(['rh-m1', 'rh-m2', 'rh-m3']);
  });
});
