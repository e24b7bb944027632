/**
 * The processor's batch contract on real stream-shaped records (produced by the real handlers through the stream
 * emulator) with a poison record among them: partial batch responses, and, through a model of Lambda's
 * retry-and-bisect loop with the deployed settings, a poison record that ends in the on-failure queue with its
 * context while every other change is audited exactly once.
 */
import { AUDIT_SERVICE_NAME } from '../../../contract/telemetry';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { AUDIT_PROCESSOR } from '../../../contract/routes';
import { AUDIT_TRAIL_DEFAULTS } from '../../../lib/data/audit-trail';
import { lambdaContext } from '../support/events';
import { Harness, jsonLines, startHarness } from '../support/harness';
import { auditEntries, processBatch, withStreamRecord } from './support/audit';
import { driveShard, recordsOf } from './support/stream-driver';

let h: Harness;
/** Real records of a user's session: creates, updates, delete stamps and deletes. */
let session: DynamoDBRecord[];

beforeAll(async () => {
  h = await startHarness({ stream: true });
  const user = 'processor-session';
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const res = await h.request({ method: 'POST', path: '/todos', user, body: { title: `t${i}` } });
    ids.push(res.body.id);
  }
  for (const id of ids.slice(0, 4)) {
    await h.request({ method: 'PATCH', path: `/todos/${id}`, user, body: { completed: true } });
  }
  await h.request({ method: 'DELETE', path: `/todos/${ids[0]}`, user });
  await h.request({ method: 'DELETE', path: '/todos', user });
  session = h.streamRecords();
});

afterAll(async () => {
  await h?.close();
});

/** The real audit processor, invoked by the runtime. */
const processor = (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  h.invokeFunction(AUDIT_PROCESSOR.name, event, context) as Promise<DynamoDBBatchResponse>;

/** A record the processor cannot read: a todo's keys with an image that does not unmarshall. */
function poisonAfter(record: DynamoDBRecord, sequenceNumber: string): DynamoDBRecord {
  return withStreamRecord({ ...record, eventID: 'poison-event', eventName: 'MODIFY' }, (stream) => ({
    ...stream,
    SequenceNumber: sequenceNumber,
    OldImage: stream.NewImage ?? stream.OldImage,
    NewImage: { ...(stream.NewImage ?? stream.OldImage), title: { Q: 'garbled' } as never },
  }));
}

/** The session with a poison record inserted at `index`; sequence numbers renumbered so they stay ordered. */
function shardWithPoisonAt(index: number): DynamoDBRecord[] {
  const records = [...session];
  records.splice(index, 0, poisonAfter(session[Math.min(index, session.length - 1)], 'x'));
  return records.map((record, i) =>
    withStreamRecord(record, (stream) => ({ ...stream, SequenceNumber: String(300000000000000000000n + BigInt(i)) })),
  );
}

/** Changes the session made that must be audited: everything but the delete stamps. */
const changes = (): number => session.filter((r) => r.dynamodb?.NewImage?.deletePending === undefined).length;

describe('partial batch response', () => {
  test('the session has creates, updates, stamps and deletes to work with', () => {
    const names = session.map((r) => r.eventName);
    expect(names.filter((n) => n === 'INSERT')).toHaveLength(8);
    expect(names.filter((n) => n === 'REMOVE')).toHaveLength(8);
    expect(names.filter((n) => n === 'MODIFY')).toHaveLength(4 + 8); // 4 patches + 8 delete stamps
    expect(changes()).toBe(20);
  });

  test('a clean batch is audited whole: one entry per change, the stamps skipped, no failures', async () => {
    const { response, entries } = await processBatch(h, session);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(entries).toHaveLength(changes());
  });

  test('a poison record fails from itself on: its sequence number and every later one, none before', async () => {
    const shard = shardWithPoisonAt(5);
    const { response } = await processBatch(h, shard);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      shard.slice(5).map((r) => r.dynamodb?.SequenceNumber),
    );
  });

  test('records before the poison are audited once; none after it (they are retried, not skipped)', async () => {
    const shard = shardWithPoisonAt(5);
    const { entries } = await processBatch(h, shard);
    const before = new Set(shard.slice(0, 5).map((r) => r.eventID));
    expect(entries.map((e) => e.eventId)).toEqual(
      shard
        .slice(0, 5)
        .filter((r) => r.dynamodb?.NewImage?.deletePending === undefined)
        .map((r) => r.eventID),
    );
    expect(entries.every((e) => before.has(e.eventId))).toBe(true);
  });

  test('the failure is logged at ERROR with the whole record and where it is in the stream', async () => {
    const shard = shardWithPoisonAt(5);
    const { lines } = await processBatch(h, shard);
    const failures = lines.filter((line) => line.message === 'audit record failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      level: 'ERROR',
      service: AUDIT_SERVICE_NAME,
      eventId: 'poison-event',
      sequenceNumber: shard[5].dynamodb?.SequenceNumber,
      eventSourceARN: h.streamArn!,
      unprocessedRecords: shard.length - 5,
      record: { Keys: shard[5].dynamodb?.Keys },
      error: { name: 'AuditRecordError', message: expect.stringContaining('NewImage does not unmarshall') },
    });
  });

  test('a record without a sequence number fails the whole batch from there (empty identifier)', async () => {
    const broken = withStreamRecord(session[1], (stream) => ({ ...stream, SequenceNumber: undefined }));
    const { response } = await processBatch(h, [session[0], broken]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '' }]);
  });

  test('records of other item types are skipped, not failed', async () => {
    const other = withStreamRecord(session[0], (stream) => ({
      ...stream,
      Keys: { pk: { S: 'USER#processor-session' }, sk: { S: 'PROFILE' } },
    }));
    const { response, entries } = await processBatch(h, [other]);
    expect(response.batchItemFailures).toEqual([]);
    expect(entries).toEqual([]);
  });

  test('AuditRecordsFailed counts the unprocessed records of the invocation', async () => {
    const { lines } = await processBatch(h, shardWithPoisonAt(5));
    const [blob] = lines.filter((line) => line._aws !== undefined);
    expect(blob).toMatchObject({ AuditRecordsFailed: session.length + 1 - 5 });
  });
});

describe("Lambda's retry-and-bisect loop with the deployed settings", () => {
  const settings = { batchSize: AUDIT_TRAIL_DEFAULTS.batchSize, retryAttempts: AUDIT_TRAIL_DEFAULTS.retryAttempts };

  test.each([
    ['first', () => 0],
    ['in the middle', () => 13],
    ['last', () => session.length],
  ])(
    'a poison record %s in the shard ends alone in the on-failure queue; every change is audited once',
    async (_where, at) => {
      const index = at();
      const shard = shardWithPoisonAt(index);
      h.clearOutput();
      const run = await driveShard(shard, processor, () => lambdaContext(AUDIT_PROCESSOR.name), settings);

      expect(run.deadLetters).toHaveLength(1);
      const [message] = run.deadLetters;
      expect(message.DDBStreamBatchInfo).toEqual({
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: shard[index].dynamodb?.SequenceNumber,
        endSequenceNumber: shard[index].dynamodb?.SequenceNumber,
        batchSize: 1,
        streamArn: h.streamArn!,
      });
      // The runbook's replay (GetShardIterator AT_SEQUENCE_NUMBER + GetRecords) finds exactly the poison record.
      expect(recordsOf(message, shard).map((r) => r.eventID)).toEqual(['poison-event']);

      const entries = auditEntries(jsonLines(h.output()));
      const perEvent = new Map<string, number>();
      for (const entry of entries) perEvent.set(entry.eventId, (perEvent.get(entry.eventId) ?? 0) + 1);
      expect(perEvent.size).toBe(changes());
      expect([...perEvent.values()].every((count) => count === 1)).toBe(true);
    },
  );

  test('with a batch as large as the default, the poison is isolated before the retries run out', async () => {
    // A full batch behind the poison: bisecting needs log2(100) ≈ 7 retries to isolate it; 10 are allowed.
    const padding = Array.from({ length: 4 }, () => session).flat();
    const shard = [poisonAfter(session[0], 'x'), ...padding].map((record, i) =>
      withStreamRecord(record, (stream) => ({ ...stream, SequenceNumber: String(400000000000000000000n + BigInt(i)) })),
    );
    expect(shard.length).toBeGreaterThan(AUDIT_TRAIL_DEFAULTS.batchSize);
    const run = await driveShard(shard, processor, () => lambdaContext(AUDIT_PROCESSOR.name), settings);
    expect(run.deadLetters.map((m) => m.DDBStreamBatchInfo.batchSize)).toEqual([1]);
    expect(recordsOf(run.deadLetters[0], shard).map((r) => r.eventID)).toEqual(['poison-event']);
  });

  test('with too few retries good records would share the dead letter (why retryAttempts ≥ log2(batchSize) + 3)', async () => {
    const shard = shardWithPoisonAt(0);
    const run = await driveShard(shard, processor, () => lambdaContext(AUDIT_PROCESSOR.name), {
      batchSize: AUDIT_TRAIL_DEFAULTS.batchSize,
      retryAttempts: 2,
    });
    expect(run.deadLetters[0].DDBStreamBatchInfo.batchSize).toBeGreaterThan(1);
  });
});
