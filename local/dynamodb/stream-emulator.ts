/**
 * DynamoDB Streams for dynalite, which has none: a layer of the DynamoDB proxy (dynamodb-proxy.ts). For writes to
 * the streamed table (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) it reads each affected
 * item before and after (consistent GetItem against the engine) and emits one stream record per item that changed,
 * shaped like the records Lambda receives from a NEW_AND_OLD_IMAGES stream (eventID, eventName INSERT / MODIFY /
 * REMOVE, Keys, images, SequenceNumber, ApproximateCreationDateTime, eventSourceARN).
 *
 * Writes to one key are serialised through the proxy, so each record's images are exactly that write's before and
 * after, and records of one key are emitted in write order, as a stream shard delivers them. Like DynamoDB, a write
 * that changes nothing emits nothing. Not emulated: shards, retention, TTL deletes (no TTL on the todo table).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { DynamoDbCall, ProxyLayer } from './dynamodb-proxy';
import { isFullKey, Item, keyOf, readItem, writtenItem } from './engine-items';
import { LOCAL_ACCOUNT_ID, LOCAL_AWS_ENV } from './local-dynamodb';

export type StreamImage = Item;

export interface StreamEmulatorOptions {
  /** A client of the engine itself (never of the proxy), for the before and after images. */
  readonly engine: DynamoDBClient;
  /** The table whose writes are streamed; writes to other tables pass through silently. */
  readonly tableName: string;
  /** The table's key attribute names (partition key, then sort key). */
  readonly keyAttributes: readonly string[];
  /** Receives every stream record, in write order per key. Called synchronously; must not throw. */
  readonly onRecord: (record: DynamoDBRecord) => void;
}

export interface StreamEmulator {
  readonly layer: ProxyLayer;
  /** The `eventSourceARN` of the emitted records. */
  readonly streamArn: string;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export function streamEmulator(options: StreamEmulatorOptions): StreamEmulator {
  const region = LOCAL_AWS_ENV.AWS_REGION;
  const streamArn = `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT_ID}:table/${options.tableName}/stream/${new Date()
    .toISOString()
    .slice(0, -1)}`;
  const locks = new KeyLocks();
  let sequence = 100_000_000_000_000_000_000n;

  const read = (key: StreamImage): Promise<StreamImage | undefined> => readItem(options.engine, options.tableName, key);

  const emit = (key: StreamImage, before: StreamImage | undefined, after: StreamImage | undefined): void => {
    if (before === undefined && after === undefined) return;
    if (before !== undefined && after !== undefined && canonical(before) === canonical(after)) return;
    sequence += 1n;
    const record: DynamoDBRecord = {
      eventID: randomUUID().replace(/-/g, ''),
      eventName: before === undefined ? 'INSERT' : after === undefined ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: key as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
        ...(after === undefined ? {} : { NewImage: after as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] }),
        ...(before === undefined ? {} : { OldImage: before as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'] }),
        SequenceNumber: sequence.toString(),
        SizeBytes: Buffer.byteLength(JSON.stringify([key, before, after])),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    };
    try {
      options.onRecord(record);
    } catch (error) {
      console.error(JSON.stringify({ level: 'ERROR', message: 'stream record consumer failed', error: String(error) }));
    }
  };

  const layer: ProxyLayer = async (call, next) => {
    const keys = WRITE_OPERATIONS.has(call.operation) ? affectedKeys(call, options) : [];
    if (keys.length === 0) return next();
    const byId = new Map(keys.map((key) => [canonical(key), key]));
    const release = await locks.acquire([...byId.keys()]);
    try {
      const befores = await Promise.all([...byId.values()].map(read));
      const response = await next();
      if (response.status === 200) {
        const afters = await Promise.all([...byId.values()].map(read));
        [...byId.values()].forEach((key, index) => emit(key, befores[index], afters[index]));
      }
      return response;
    } finally {
      release();
    }
  };

  return { layer, streamArn };
}

interface WriteRequestBody {
  TableName?: string;
  Item?: StreamImage;
  Key?: StreamImage;
  RequestItems?: Record<string, Array<{ PutRequest?: { Item: StreamImage }; DeleteRequest?: { Key: StreamImage } }>>;
  TransactItems?: Array<Record<string, { TableName?: string; Item?: StreamImage; Key?: StreamImage }>>;
}

/** The keys of the streamed table's items a write request may change. */
function affectedKeys({ operation, input }: DynamoDbCall, options: StreamEmulatorOptions): StreamImage[] {
  if (input === undefined) return []; // the engine answers the malformed request itself
  const parsed = input as WriteRequestBody;
  const keysOf = (item: StreamImage | undefined): StreamImage[] => {
    if (item === undefined) return [];
    const key = keyOf(item, options.keyAttributes);
    return isFullKey(key, options.keyAttributes) ? [key] : [];
  };
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return parsed.TableName === options.tableName ? keysOf(writtenItem(operation, input)) : [];
    case 'BatchWriteItem':
      return (parsed.RequestItems?.[options.tableName] ?? []).flatMap((write) =>
        keysOf(write.PutRequest?.Item ?? write.DeleteRequest?.Key),
      );
    case 'TransactWriteItems':
      return (parsed.TransactItems ?? [])
        .flatMap((item) => Object.values(item))
        .filter((action) => action.TableName === options.tableName)
        .flatMap((action) => keysOf(action.Item ?? action.Key));
    default:
      return [];
  }
}

/** JSON with object keys sorted, so two images compare equal whatever order the engine returns attributes in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Per-key mutual exclusion; several keys are taken in sorted order, so two multi-key writes cannot deadlock. */
class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: readonly string[]): Promise<() => void> {
    const releases: Array<() => void> = [];
    for (const key of [...keys].sort()) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => held);
      this.tails.set(key, tail);
      await previous;
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    return () => releases.forEach((release) => release());
  }
}
