/**
 * One DynamoDB stream record of the todo table → one audit entry, or a reason to skip it. Pure: no I/O, no clock.
 *
 * Who changed a todo comes from the item itself: every API write stamps `updatedBy` (the caller's sub) and
 * `lastRequestId` (the API request id), and a delete stamps the item (`deletePending`) before deleting exactly what
 * it stamped, so the REMOVE record's old image names the deleter. A change that carries no fresh stamp was not made
 * through the API (a console edit, a script, a restored copy written back) and is audited as `out-of-band` by
 * `unknown`; TTL deletes are recognised by the stream's user identity.
 *
 * A record that cannot be understood (no keys, no sequence number, an image that does not unmarshall) throws an
 * {@link AuditRecordError}: the processor reports it as a batch item failure, Lambda retries and bisects, and a
 * record that keeps failing ends in the on-failure destination instead of being dropped.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { TODO_TABLE_SCHEMA } from '../../contract/table-schema';

/** Bumped when the shape of an entry changes, so queries over a year of entries can tell the versions apart. */
export const AUDIT_SCHEMA_VERSION = 1;

/** The message of every audit log line (the entries' Logs Insights filter: `message = "audit"`). */
export const AUDIT_MESSAGE = 'audit';

/** The todo's public fields: what an entry shows before and after. Keys, `version` and stamps never appear. */
export const AUDITED_FIELDS = ['title', 'completed', 'order', 'createdAt', 'updatedAt'] as const;
export type AuditedField = (typeof AUDITED_FIELDS)[number];
export type TodoSnapshot = Partial<Record<AuditedField, unknown>>;

export type AuditAction = 'create' | 'update' | 'delete';
/** `api`: a stamped write of the API; `ttl`: DynamoDB's time-to-live; `out-of-band`: anything else. */
export type AuditSource = 'api' | 'ttl' | 'out-of-band';

export interface AuditEntry {
  readonly schemaVersion: number;
  readonly action: AuditAction;
  readonly todoId: string;
  /** The owner's sub (from the partition key). */
  readonly owner: string;
  /** Who made the change: a sub for `api`, `dynamodb.amazonaws.com` for `ttl`, `unknown` for `out-of-band`. */
  readonly actor: string;
  /** The API request id of the change (`api` only): quote it to find the request's logs and trace. */
  readonly requestId?: string;
  readonly source: AuditSource;
  /** When DynamoDB made the change (the record's ApproximateCreationDateTime), ISO 8601. */
  readonly at: string;
  /** Public fields before the change (update, delete). */
  readonly before?: TodoSnapshot;
  /** Public fields after the change (create, update). */
  readonly after?: TodoSnapshot;
  /** Public fields that differ between before and after (all present ones for a create or delete). */
  readonly changedFields: AuditedField[];
  /** The stream record's eventID: unique per change, so at-least-once redeliveries can be deduplicated. */
  readonly eventId: string;
  readonly sequenceNumber: string;
}

export type SkipReason = 'not_a_todo' | 'delete_stamp';

export type AuditOutcome =
  { readonly kind: 'entry'; readonly entry: AuditEntry } | { readonly kind: 'skip'; readonly reason: SkipReason };

/** A stream record that cannot be turned into an entry or a skip. */
export class AuditRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRecordError';
  }
}

/** The stream identity of deletes made by DynamoDB's time-to-live. */
const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

/**
 * How far an API write's `updatedAt` may be from the stream record's time for the stamp to count as this change's.
 * API writes set both within milliseconds; an old copy written back (a restore) carries an old `updatedAt` and an
 * old `lastRequestId`, and must not be attributed to that request's caller.
 */
export const FRESH_STAMP_WINDOW_MS = 5 * 60 * 1000;

const USER_PREFIX = 'USER#';
const TODO_PREFIX = 'TODO#';

type Item = Record<string, unknown>;

export function toAuditOutcome(record: DynamoDBRecord): AuditOutcome {
  const stream = record.dynamodb;
  if (stream === undefined) {
    throw new AuditRecordError('record has no dynamodb section');
  }
  const keys = image(stream.Keys, 'Keys');
  if (keys === undefined) {
    throw new AuditRecordError('record has no Keys');
  }
  const pk = keys[TODO_TABLE_SCHEMA.partitionKey];
  const sk = keys[TODO_TABLE_SCHEMA.sortKey];
  if (typeof pk !== 'string' || typeof sk !== 'string') {
    throw new AuditRecordError('record Keys lack a string pk and sk');
  }
  if (!sk.startsWith(TODO_PREFIX)) {
    return { kind: 'skip', reason: 'not_a_todo' };
  }
  if (!pk.startsWith(USER_PREFIX) || pk.length === USER_PREFIX.length || sk.length === TODO_PREFIX.length) {
    throw new AuditRecordError(`todo record has malformed keys (pk ${JSON.stringify(pk)})`);
  }
  const sequenceNumber = stream.SequenceNumber;
  if (sequenceNumber === undefined || sequenceNumber.length === 0) {
    throw new AuditRecordError('record has no SequenceNumber');
  }
  if (record.eventID === undefined || record.eventID.length === 0) {
    throw new AuditRecordError('record has no eventID');
  }
  const seconds = stream.ApproximateCreationDateTime;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw new AuditRecordError('record has no ApproximateCreationDateTime');
  }
  const atMs = seconds * 1000;

  const oldImage = image(stream.OldImage, 'OldImage');
  const newImage = image(stream.NewImage, 'NewImage');
  const action = actionOf(record.eventName, oldImage, newImage);
  const before = oldImage === undefined ? undefined : snapshot(oldImage);
  const after = newImage === undefined ? undefined : snapshot(newImage);
  const changedFields = AUDITED_FIELDS.filter((field) =>
    before === undefined || after === undefined
      ? (before ?? after)?.[field] !== undefined
      : !sameValue(before[field], after[field]),
  );

  if (action === 'update' && newImage?.deletePending === true && changedFields.length === 0) {
    return { kind: 'skip', reason: 'delete_stamp' };
  }

  const attribution = attributionOf(record, action, oldImage, newImage, atMs);
  return {
    kind: 'entry',
    entry: {
      schemaVersion: AUDIT_SCHEMA_VERSION,
      action,
      todoId: sk.slice(TODO_PREFIX.length),
      owner: pk.slice(USER_PREFIX.length),
      ...attribution,
      at: new Date(atMs).toISOString(),
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
      changedFields,
      eventId: record.eventID,
      sequenceNumber,
    },
  };
}

/** An image in AttributeValue form → plain values; undefined when absent; throws when it does not unmarshall. */
function image(value: unknown, name: string): Item | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuditRecordError(`${name} is not a map of attribute values`);
  }
  try {
    // Numbers as the doubles the API wrote (an `order` beyond 2^53 would otherwise be a BigInt JSON cannot log).
    return unmarshall(value as Record<string, AttributeValue>, { wrapNumbers: (n: string) => Number(n) });
  } catch (error) {
    throw new AuditRecordError(`${name} does not unmarshall: ${error instanceof Error ? error.message : error}`);
  }
}

function actionOf(eventName: string | undefined, oldImage?: Item, newImage?: Item): AuditAction {
  switch (eventName) {
    case 'INSERT':
      if (newImage === undefined) throw new AuditRecordError('INSERT record has no NewImage');
      return 'create';
    case 'MODIFY':
      if (oldImage === undefined || newImage === undefined) {
        throw new AuditRecordError('MODIFY record lacks OldImage or NewImage (stream view must be NEW_AND_OLD_IMAGES)');
      }
      return 'update';
    case 'REMOVE':
      if (oldImage === undefined) throw new AuditRecordError('REMOVE record has no OldImage');
      return 'delete';
    default:
      throw new AuditRecordError(`unknown eventName ${JSON.stringify(eventName)}`);
  }
}

function snapshot(item: Item): TodoSnapshot {
  const fields: TodoSnapshot = {};
  for (const field of AUDITED_FIELDS) {
    if (item[field] !== undefined) {
      fields[field] = item[field];
    }
  }
  return fields;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

type Attribution = Pick<AuditEntry, 'actor' | 'requestId' | 'source'>;

const OUT_OF_BAND: Attribution = { actor: 'unknown', source: 'out-of-band' };

function attributionOf(
  record: DynamoDBRecord,
  action: AuditAction,
  oldImage: Item | undefined,
  newImage: Item | undefined,
  atMs: number,
): Attribution {
  if (record.userIdentity?.type === 'Service' && record.userIdentity.principalId === TTL_PRINCIPAL) {
    return { actor: TTL_PRINCIPAL, source: 'ttl' };
  }
  if (action === 'delete') {
    // The API stamps before it deletes: the removed item names the deleter.
    return oldImage?.deletePending === true ? apiStamp(oldImage) : OUT_OF_BAND;
  }
  const item = newImage as Item;
  const stampIsNew = action === 'create' || item.lastRequestId !== oldImage?.lastRequestId;
  const updatedAt = typeof item.updatedAt === 'string' ? Date.parse(item.updatedAt) : NaN;
  const fresh = Math.abs(updatedAt - atMs) <= FRESH_STAMP_WINDOW_MS;
  return stampIsNew && fresh ? apiStamp(item) : OUT_OF_BAND;
}

function apiStamp(item: Item): Attribution {
  const { updatedBy, lastRequestId } = item;
  if (typeof updatedBy !== 'string' || updatedBy.length === 0 || typeof lastRequestId !== 'string') {
    return OUT_OF_BAND;
  }
  return { actor: updatedBy, requestId: lastRequestId, source: 'api' };
}
