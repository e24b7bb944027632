/** toAuditOutcome on hand-made stream records: the rules the end-to-end tests cannot easily reach. */
import type { DynamoDBRecord } from 'aws-lambda';
import { AuditRecordError, FRESH_STAMP_WINDOW_MS, toAuditOutcome } from '../../../lambda/audit/audit-entry';

const AT_SECONDS = 1_767_225_600; // 2026-01-01T00:00:00Z
const NOW = new Date(AT_SECONDS * 1000).toISOString();

const item = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  pk: { S: 'USER#alice' },
  sk: { S: 'TODO#t1' },
  id: { S: 't1' },
  title: { S: 'milk' },
  completed: { BOOL: false },
  order: { N: '1' },
  createdAt: { S: NOW },
  updatedAt: { S: NOW },
  version: { N: '1' },
  updatedBy: { S: 'alice' },
  lastRequestId: { S: 'req-1' },
  ...overrides,
});

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', images: { old?: object; new?: object }): DynamoDBRecord {
  return {
    eventID: 'e1',
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/todos/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: AT_SECONDS,
      Keys: { pk: { S: 'USER#alice' }, sk: { S: 'TODO#t1' } },
      SequenceNumber: '111',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...(images.old ? { OldImage: images.old } : {}),
      ...(images.new ? { NewImage: images.new } : {}),
    } as DynamoDBRecord['dynamodb'],
  };
}

const entryOf = (r: DynamoDBRecord) => {
  const outcome = toAuditOutcome(r);
  if (outcome.kind !== 'entry') throw new Error(`expected an entry, got skip ${outcome.reason}`);
  return outcome.entry;
};

describe('skips', () => {
  test('skips the delete stamp: deletePending set and no public field changed', () => {
    const stamped = item({ deletePending: { BOOL: true }, lastRequestId: { S: 'req-2' } });
    expect(toAuditOutcome(record('MODIFY', { old: item(), new: stamped }))).toEqual({
      kind: 'skip',
      reason: 'delete_stamp',
    });
  });

  test('does not skip a MODIFY that sets deletePending and changes content (not a stamp)', () => {
    const changed = item({ deletePending: { BOOL: true }, title: { S: 'other' } });
    expect(toAuditOutcome(record('MODIFY', { old: item(), new: changed })).kind).toBe('entry');
  });

  test('skips items that are not todos', () => {
    const r = record('INSERT', { new: item() });
    r.dynamodb!.Keys = { pk: { S: 'USER#alice' }, sk: { S: 'PROFILE' } };
    expect(toAuditOutcome(r)).toEqual({ kind: 'skip', reason: 'not_a_todo' });
  });
});

describe('source and actor', () => {
  test('a TTL delete is source ttl by dynamodb.amazonaws.com', () => {
    const r = {
      ...record('REMOVE', { old: item() }),
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    };
    expect(entryOf(r)).toMatchObject({ action: 'delete', source: 'ttl', actor: 'dynamodb.amazonaws.com' });
  });

  test('a delete of an unstamped item is out-of-band by unknown', () => {
    expect(entryOf(record('REMOVE', { old: item() }))).toMatchObject({ source: 'out-of-band', actor: 'unknown' });
  });

  test('a stamped delete is the stamper with the stamped request id', () => {
    const stamped = item({ deletePending: { BOOL: true }, updatedBy: { S: 'alice' }, lastRequestId: { S: 'req-del' } });
    expect(entryOf(record('REMOVE', { old: stamped }))).toMatchObject({
      source: 'api',
      actor: 'alice',
      requestId: 'req-del',
    });
  });

  test('an update that keeps the previous lastRequestId is out-of-band', () => {
    const edited = item({ title: { S: 'edited' } });
    expect(entryOf(record('MODIFY', { old: item(), new: edited }))).toMatchObject({
      source: 'out-of-band',
      actor: 'unknown',
    });
  });

  test(`a stamp whose updatedAt is more than ${FRESH_STAMP_WINDOW_MS / 60000} minutes from the change is out-of-band`, () => {
    const stale = new Date(AT_SECONDS * 1000 - FRESH_STAMP_WINDOW_MS - 1000).toISOString();
    expect(entryOf(record('INSERT', { new: item({ updatedAt: { S: stale } }) })).source).toBe('out-of-band');
    const fresh = new Date(AT_SECONDS * 1000 - FRESH_STAMP_WINDOW_MS + 1000).toISOString();
    expect(entryOf(record('INSERT', { new: item({ updatedAt: { S: fresh } }) })).source).toBe('api');
  });
});

describe('fails (AuditRecordError) when the record cannot be audited', () => {
  const base = () => record('MODIFY', { old: item(), new: item({ title: { S: 'x' }, lastRequestId: { S: 'req-2' } }) });
  test.each<[string, (r: DynamoDBRecord) => void]>([
    ['the dynamodb section is missing', (r) => delete r.dynamodb],
    ['Keys are missing', (r) => delete r.dynamodb!.Keys],
    ['the sort key is not a string', (r) => (r.dynamodb!.Keys!.sk = { N: '1' })],
    ['the partition key is not a user', (r) => (r.dynamodb!.Keys!.pk = { S: 'TENANT#x' })],
    ['SequenceNumber is missing', (r) => delete r.dynamodb!.SequenceNumber],
    ['eventID is missing', (r) => delete r.eventID],
    ['ApproximateCreationDateTime is missing', (r) => delete r.dynamodb!.ApproximateCreationDateTime],
    ['eventName is unknown', (r) => (r.eventName = 'UPSERT' as never)],
    ['a MODIFY has no OldImage', (r) => delete r.dynamodb!.OldImage],
    ['an image does not unmarshall', (r) => (r.dynamodb!.NewImage!.title = { Q: 'x' } as never)],
    ['an image is not a map', (r) => (r.dynamodb!.NewImage = 'garbage' as never)],
  ])('%s', (_case, garble) => {
    const r = base();
    garble(r);
    expect(() => toAuditOutcome(r)).toThrow(AuditRecordError);
  });
});

test('an order beyond 2^53 is audited as the number the API wrote, and the entry serializes', () => {
  const entry = entryOf(record('INSERT', { new: item({ order: { N: '1e+20' } }) }));
  expect(JSON.parse(JSON.stringify(entry)).after.order).toBe(1e20);
});
