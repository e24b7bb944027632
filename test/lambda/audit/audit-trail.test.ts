/**
 * The audit trail end to end, offline: the real API handlers write to dynalite through the stream emulator, the
 * emitted stream records (real shape: INSERT / MODIFY / REMOVE with both images) go to the real audit processor,
 * and every change must come out as exactly one audit entry that says who, what, when and through which request.
 */
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { AUDIT_SERVICE_NAME } from '../../../contract/telemetry';
import { AUDITED_FIELDS } from '../../../lambda/audit/audit-entry';
import { LOCAL_AWS_ENV } from '../../../local/dynamodb/local-dynamodb';
import { ApiResult, Harness, JsonObject, startHarness } from '../support/harness';
import { declareDimensionAllowListTest } from '../support/metrics-hygiene';
import { processBatch } from './support/audit';

let h: Harness;
/** A client that writes like a console user or a script would: straight to the table, through the stream. */
let outOfBand: DynamoDBClient;

beforeAll(async () => {
  h = await startHarness({ stream: true });
  outOfBand = new DynamoDBClient({
    endpoint: h.endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
});

afterAll(async () => {
  outOfBand?.destroy();
  await h?.close();
});

beforeEach(() => h.clearStreamRecords());

const requestIdOf = (res: ApiResult): string => res.event.requestContext.requestId;

async function create(user: string, title: string): Promise<ApiResult> {
  const res = await h.request({ method: 'POST', path: '/todos', user, body: { title } });
  expect(res.statusCode).toBe(201);
  return res;
}

/** The stream records since the last clear, audited in one batch. */
async function auditAll(): Promise<{ records: DynamoDBRecord[]; entries: JsonObject[] }> {
  const records = h.streamRecords();
  const { response, entries } = await processBatch(h, records);
  expect(response.batchItemFailures).toEqual([]);
  h.clearStreamRecords();
  return { records, entries };
}

const INTERNAL_ATTRIBUTES = ['pk', 'sk', 'id', 'version', 'updatedBy', 'lastRequestId', 'deletePending'];

describe('one audit entry per change', () => {
  test('POST: a create entry by the caller with the request id and the new public fields', async () => {
    const res = await create('audit-create', 'buy milk');
    const { records, entries } = await auditAll();
    expect(records.map((r) => r.eventName)).toEqual(['INSERT']);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'INFO',
      service: AUDIT_SERVICE_NAME,
      schemaVersion: 1,
      action: 'create',
      todoId: res.body.id,
      owner: 'audit-create',
      actor: 'audit-create',
      requestId: requestIdOf(res),
      source: 'api',
      after: {
        title: 'buy milk',
        completed: false,
        order: res.body.order,
        createdAt: res.body.createdAt,
        updatedAt: res.body.updatedAt,
      },
      changedFields: [...AUDITED_FIELDS],
      eventId: records[0].eventID,
      sequenceNumber: records[0].dynamodb?.SequenceNumber,
    });
    expect(entries[0].before).toBeUndefined();
    expect(new Date(entries[0].at).getTime()).toBe(records[0].dynamodb!.ApproximateCreationDateTime! * 1000);
  });

  test('PATCH: an update entry with before, after and exactly the changed fields', async () => {
    const created = await create('audit-patch', 'draft');
    h.clearStreamRecords();
    const res = await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user: 'audit-patch',
      body: { completed: true },
    });
    expect(res.statusCode).toBe(200);
    const { entries } = await auditAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'update',
      actor: 'audit-patch',
      requestId: requestIdOf(res),
      source: 'api',
      before: { title: 'draft', completed: false, updatedAt: created.body.updatedAt },
      after: { title: 'draft', completed: true, updatedAt: res.body.updatedAt },
      changedFields: ['completed', 'updatedAt'],
    });
  });

  test('PUT: an update entry naming the replaced fields', async () => {
    const created = await create('audit-put', 'old title');
    h.clearStreamRecords();
    const res = await h.request({
      method: 'PUT',
      path: `/todos/${created.body.id}`,
      user: 'audit-put',
      body: { title: 'new title', order: 42 },
    });
    expect(res.statusCode).toBe(200);
    const { entries } = await auditAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'update',
      requestId: requestIdOf(res),
      before: { title: 'old title' },
      after: { title: 'new title', order: 42, completed: false },
      changedFields: ['title', 'order', 'updatedAt'],
    });
  });

  test('DELETE /todos/{id}: the stamp is written first and skipped; one delete entry names the deleter', async () => {
    const created = await create('audit-delete', 'bye');
    await h.request({ method: 'PATCH', path: `/todos/${created.body.id}`, user: 'audit-delete', body: { order: 7 } });
    h.clearStreamRecords();
    const res = await h.request({ method: 'DELETE', path: `/todos/${created.body.id}`, user: 'audit-delete' });
    expect(res.statusCode).toBe(204);
    const { records, entries } = await auditAll();

    // The stamp: a MODIFY that records the deleter and touches no public field; then the REMOVE of that item.
    expect(records.map((r) => r.eventName)).toEqual(['MODIFY', 'REMOVE']);
    const [stamp, remove] = records;
    expect(stamp.dynamodb?.NewImage).toMatchObject({
      deletePending: { BOOL: true },
      updatedBy: { S: 'audit-delete' },
      lastRequestId: { S: requestIdOf(res) },
    });
    expect(remove.dynamodb?.OldImage).toEqual(stamp.dynamodb?.NewImage);

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'delete',
      actor: 'audit-delete',
      requestId: requestIdOf(res),
      source: 'api',
      before: { title: 'bye', order: 7 },
      changedFields: [...AUDITED_FIELDS],
      eventId: remove.eventID,
    });
    expect(entries[0].after).toBeUndefined();
  });

  test('DELETE /todos: every todo is stamped then deleted; one delete entry each, all with the request id', async () => {
    const user = 'audit-delete-all';
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await create(user, `t${i}`)).body.id);
    await create('audit-delete-all-bystander', 'keep me');
    h.clearStreamRecords();
    const res = await h.request({ method: 'DELETE', path: '/todos', user });
    expect(res.statusCode).toBe(204);
    const { records, entries } = await auditAll();

    expect(records.filter((r) => r.eventName === 'MODIFY')).toHaveLength(12);
    expect(records.filter((r) => r.eventName === 'REMOVE')).toHaveLength(12);
    expect(entries).toHaveLength(12);
    expect(new Set(entries.map((e) => e.todoId))).toEqual(ids);
    for (const entry of entries) {
      expect(entry).toMatchObject({ action: 'delete', actor: user, requestId: requestIdOf(res), source: 'api' });
    }
  });

  test('a session of mixed changes gives exactly one entry per change, each with its own eventId', async () => {
    const user = 'audit-session';
    const a = await create(user, 'a');
    const b = await create(user, 'b');
    await h.request({ method: 'PATCH', path: `/todos/${a.body.id}`, user, body: { title: 'a2' } });
    await h.request({ method: 'PUT', path: `/todos/${b.body.id}`, user, body: { title: 'b2', completed: true } });
    await h.request({ method: 'DELETE', path: `/todos/${a.body.id}`, user });
    await h.request({ method: 'DELETE', path: '/todos', user });
    const { entries } = await auditAll();
    expect(entries.map((e) => `${e.action} ${e.todoId === a.body.id ? 'a' : 'b'}`)).toEqual([
      'create a',
      'create b',
      'update a',
      'update b',
      'delete a',
      'delete b',
    ]);
    expect(new Set(entries.map((e) => e.eventId)).size).toBe(6);
  });

  test('entries never show keys, version or the audit stamps in before or after', async () => {
    const created = await create('audit-internals', 'x');
    await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user: 'audit-internals',
      body: { title: 'y' },
    });
    await h.request({ method: 'DELETE', path: `/todos/${created.body.id}`, user: 'audit-internals' });
    const { entries } = await auditAll();
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      for (const snapshot of [entry.before, entry.after].filter(Boolean)) {
        expect(Object.keys(snapshot).filter((key) => INTERNAL_ATTRIBUTES.includes(key))).toEqual([]);
      }
    }
  });

  test('rejected writes leave no record and no entry (stale If-Match delete, missing todo)', async () => {
    const created = await create('audit-rejected', 'x');
    h.clearStreamRecords();
    const stale = await h.request({
      method: 'DELETE',
      path: `/todos/${created.body.id}`,
      user: 'audit-rejected',
      headers: { 'If-Match': '"9"' },
    });
    expect(stale.statusCode).toBe(412);
    const missing = await h.request({
      method: 'PATCH',
      path: '/todos/33333333-3333-4333-8333-333333333333',
      user: 'audit-rejected',
      body: { title: 'ghost' },
    });
    expect(missing.statusCode).toBe(404);
    expect(h.streamRecords()).toEqual([]);
  });
});

describe('attribution', () => {
  test('an update after a crashed delete (stamp left behind) clears the stamp and is audited as an update', async () => {
    const created = await create('audit-revive', 'x');
    const key = { pk: { S: 'USER#audit-revive' }, sk: { S: `TODO#${created.body.id}` } };
    // What a delete that crashed between stamp and DeleteItem leaves behind.
    await outOfBand.send(
      new UpdateItemCommand({
        TableName: h.db.todoTableName,
        Key: key,
        UpdateExpression: 'SET deletePending = :true, lastRequestId = :rid',
        ExpressionAttributeValues: { ':true': { BOOL: true }, ':rid': { S: 'crashed-delete' } },
      }),
    );
    h.clearStreamRecords();
    const res = await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user: 'audit-revive',
      body: { title: 'y' },
    });
    expect(res.statusCode).toBe(200);
    const { records, entries } = await auditAll();
    expect(records[0].dynamodb?.NewImage?.deletePending).toBeUndefined();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'update', source: 'api', requestId: requestIdOf(res) });
  });

  test('a change made outside the API (console edit) is out-of-band by unknown, without a request id', async () => {
    const created = await create('audit-console', 'typo');
    h.clearStreamRecords();
    await outOfBand.send(
      new UpdateItemCommand({
        TableName: h.db.todoTableName,
        Key: { pk: { S: 'USER#audit-console' }, sk: { S: `TODO#${created.body.id}` } },
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': { S: 'fixed by hand' } },
      }),
    );
    const { entries } = await auditAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'update',
      source: 'out-of-band',
      actor: 'unknown',
      before: { title: 'typo' },
      after: { title: 'fixed by hand' },
      changedFields: ['title'],
    });
    expect(entries[0].requestId).toBeUndefined();
  });

  test('an old copy written back (a restore) is not attributed to the request that once wrote it', async () => {
    await outOfBand.send(
      new PutItemCommand({
        TableName: h.db.todoTableName,
        Item: {
          pk: { S: 'USER#audit-restore' },
          sk: { S: 'TODO#44444444-4444-4444-8444-444444444444' },
          id: { S: '44444444-4444-4444-8444-444444444444' },
          title: { S: 'restored' },
          completed: { BOOL: false },
          order: { N: '1' },
          createdAt: { S: '2024-01-01T00:00:00.000Z' },
          updatedAt: { S: '2024-01-01T00:00:00.000Z' },
          version: { N: '3' },
          updatedBy: { S: 'audit-restore' },
          lastRequestId: { S: 'request-from-2024' },
        },
      }),
    );
    const { entries } = await auditAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'create', source: 'out-of-band', actor: 'unknown' });
  });
});

test('the processor emits its counts as EMF with the service dimension only', async () => {
  await create('audit-metrics', 'm');
  const records = h.streamRecords();
  const { lines } = await processBatch(h, records);
  const blobs = lines.filter((line) => line._aws !== undefined);
  expect(blobs).toHaveLength(1);
  expect(blobs[0]).toMatchObject({ service: AUDIT_SERVICE_NAME, AuditEntriesWritten: 1, AuditRecordsFailed: 0 });
  expect(blobs[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
});

declareDimensionAllowListTest(() => h);
