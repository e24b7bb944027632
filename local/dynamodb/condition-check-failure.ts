/**
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` for dynalite, which ignores it: a layer of the DynamoDB proxy
 * (dynamodb-proxy.ts). When a PutItem, UpdateItem or DeleteItem asking for it fails its condition, DynamoDB puts the
 * item as it was on the error (`{"__type": "...#ConditionalCheckFailedException", "message": ..., "Item": {...}}`;
 * no `Item` when there was none), so a caller tells "gone" from "changed" without reading again. This layer reads
 * the item after the failure and adds it. Under the stream emulator's per-key lock (it runs inside that layer), no
 * other write through the proxy lands between the failure and the read. Not emulated: TransactWriteItems'
 * per-action `CancellationReasons[].Item`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EngineResponse, ProxyLayer } from './dynamodb-proxy';
import { isConditionFailure, keyNamesOf, keyOf, readItem, tableDescriptions, writtenItem } from './engine-items';

const SINGLE_ITEM_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

export interface ConditionCheckFailureOptions {
  /** A client of the engine itself (never of the proxy). */
  readonly engine: DynamoDBClient;
}

export function conditionCheckFailure({ engine }: ConditionCheckFailureOptions): ProxyLayer {
  const describe = tableDescriptions(engine);

  return async ({ operation, input }, next) => {
    const response = await next();
    if (
      response.status !== 400 ||
      input === undefined ||
      !SINGLE_ITEM_WRITES.has(operation) ||
      input.ReturnValuesOnConditionCheckFailure !== 'ALL_OLD'
    ) {
      return response;
    }
    if (!isConditionFailure(response.body)) return response;
    const error = JSON.parse(response.body.toString('utf8')) as { Item?: unknown };
    if (error.Item !== undefined) return response;
    const table = String(input.TableName);
    // UpdateItem and DeleteItem name the key; PutItem's is in its item.
    const written = writtenItem(operation, input);
    const key = operation === 'PutItem' ? keyOf(written, keyNamesOf(await describe(table))) : written;
    const old = await readItem(engine, table, key!);
    return old === undefined ? response : withBody(response, { ...error, Item: toWire(old) });
  };
}

function withBody(response: EngineResponse, body: unknown): EngineResponse {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  // The engine's checksum was of the old body (the SDK does not check it; a wrong one would mislead).
  const headers = { ...response.headers };
  delete headers['x-amz-crc32'];
  return { status: response.status, headers, body: bytes };
}

/** The SDK's item back in the JSON wire form: binary values (Uint8Array) as base64. */
function toWire(item: unknown): unknown {
  return JSON.parse(
    // The holder's own value: a Buffer would already have been turned into {type, data} by its toJSON.
    JSON.stringify(item, function (this: Record<string, unknown>, key: string, value: unknown) {
      const original = this[key];
      return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
    }),
  );
}
