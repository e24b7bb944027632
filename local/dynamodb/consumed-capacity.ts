/**
 * The on-demand request units each DynamoDB call consumes, for the cost model's measurement
 * (scripts/cost/measure-volumes.ts): an opt-in layer of the DynamoDB proxy (dynamodb-proxy.ts), in no runtime by
 * default. The handlers do not ask for `ReturnConsumedCapacity` and a layer never changes a request, so:
 *
 * - Reads (GetItem, Query, Scan) are sent again to the engine with `ReturnConsumedCapacity: TOTAL` and dynalite's
 *   figure is taken. It follows the documented rule: the whole item's size whatever the projection, rounded up per
 *   4 KB (Query and Scan: the sizes of all items read, summed, then rounded), halved for eventually consistent reads.
 *   Reads change nothing, so reading twice is harmless. (dynalite counts string length, not UTF-8 bytes: the same
 *   for ASCII.)
 * - Writes (PutItem, UpdateItem, DeleteItem) are worked out here, because dynalite reports nothing for a failed
 *   condition and leaves out index upkeep: the larger of the item before and after, rounded up per 1 KB; a failed
 *   condition still costs the existing item's size (at least 1); and each secondary index whose entry the write adds,
 *   removes or changes costs one write of that entry, two when the entry's index key changes.
 *
 * Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html (units,
 * conditional writes), https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html (index writes),
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html (item sizes).
 * Not covered: batch and transactional calls (the handlers make none). The images before and after a write are read
 * outside it, so only one-request-at-a-time measurements attribute them exactly.
 */
import {
  AttributeValue,
  ConsumedCapacity,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { ProxyLayer } from './dynamodb-proxy';
import {
  isConditionFailure,
  isFullKey,
  Item,
  keyNamesOf,
  keyOf,
  readItem,
  tableDescriptions,
  writtenItem,
} from './engine-items';
import { canonical } from './stream-emulator';

/** What one call consumed. */
export interface CapacityUse {
  readonly operation: string;
  readonly table: string;
  readonly readUnits: number;
  readonly writeUnits: number;
}

export interface CapacityMeter {
  readonly layer: ProxyLayer;
  /** Every call's use since the last `take()`, in order; clears them. */
  take(): CapacityUse[];
}

export interface CapacityMeterOptions {
  /** A client of the engine itself (never of the proxy). */
  readonly engine: DynamoDBClient;
}

const READS = new Set(['GetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

export function capacityMeter({ engine }: CapacityMeterOptions): CapacityMeter {
  const uses: CapacityUse[] = [];
  const describe = tableDescriptions(engine);

  /** The read as sent (wire JSON), plus the one setting that makes the engine report its units. */
  const replay = (
    operation: string,
    input: Record<string, unknown>,
  ): Promise<{ ConsumedCapacity?: ConsumedCapacity }> => {
    const counted = { ...input, ReturnConsumedCapacity: 'TOTAL' } as never;
    if (operation === 'GetItem') return engine.send(new GetItemCommand(counted));
    if (operation === 'Query') return engine.send(new QueryCommand(counted));
    return engine.send(new ScanCommand(counted));
  };

  const layer: ProxyLayer = async ({ operation, input }, next) => {
    const table = typeof input?.TableName === 'string' ? input.TableName : undefined;
    if (input === undefined || table === undefined) return next();
    if (READS.has(operation)) {
      const response = await next();
      if (response.status === 200) {
        const readUnits = (await replay(operation, input)).ConsumedCapacity?.CapacityUnits ?? 0;
        uses.push({ operation, table, readUnits, writeUnits: 0 });
      }
      return response;
    }
    if (!WRITES.has(operation)) return next();
    const description = await describe(table);
    const keyNames = keyNamesOf(description);
    const key = keyOf(writtenItem(operation, input), keyNames);
    if (!isFullKey(key, keyNames)) return next(); // the engine rejects it itself
    const before = await readItem(engine, table, key);
    const response = await next();
    let writeUnits = 0;
    if (response.status === 200) {
      const after = await readItem(engine, table, key);
      writeUnits = Math.max(writeUnitsOf(before), writeUnitsOf(after)) + indexWriteUnits(description, before, after);
    } else if (isConditionFailure(response.body)) {
      writeUnits = writeUnitsOf(before);
    }
    uses.push({ operation, table, readUnits: 0, writeUnits });
    return response;
  };

  return { layer, take: () => uses.splice(0, uses.length) };
}

/** Units of writing `item` (1 KB each); writing nothing still costs one. */
const writeUnitsOf = (item: Item | undefined): number => Math.max(1, Math.ceil(itemSize(item ?? {}) / 1024));

/** What the write costs every secondary index: its entry added, removed, changed, or moved to another key. */
function indexWriteUnits(table: TableDescription, before: Item | undefined, after: Item | undefined): number {
  const tableKeys = (table.KeySchema ?? []).map((key) => key.AttributeName!);
  const indexes = [...(table.LocalSecondaryIndexes ?? []), ...(table.GlobalSecondaryIndexes ?? [])];
  let units = 0;
  for (const index of indexes) {
    const indexKeys = (index.KeySchema ?? []).map((key) => key.AttributeName!);
    const entryOf = (item: Item | undefined): Item | undefined => {
      if (item === undefined || indexKeys.some((name) => item[name] === undefined)) return undefined; // sparse
      const projection = index.Projection ?? { ProjectionType: 'ALL' };
      if (projection.ProjectionType === 'ALL') return item;
      const kept = new Set([...tableKeys, ...indexKeys, ...(projection.NonKeyAttributes ?? [])]);
      return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
    };
    const [old, next] = [entryOf(before), entryOf(after)];
    const units1k = (entry: Item): number => Math.ceil(itemSize(entry) / 1024);
    if (old !== undefined && next !== undefined) {
      const moved = indexKeys.some((name) => canonical(old[name]) !== canonical(next[name]));
      if (moved) units += units1k(old) + units1k(next);
      else if (canonical(old) !== canonical(next)) units += units1k(next);
    } else if (old !== undefined || next !== undefined) {
      units += units1k((old ?? next)!);
    }
  }
  return units;
}

/** An item's size as DynamoDB counts it: attribute names and values, UTF-8 (CapacityUnitCalculations.html). */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return binarySize(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + binarySize(b), 0);
  // Lists and maps: 3 bytes, plus 1 byte and the size of each element (a map's also counts the element's name).
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  }
  return 0;
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** About 1 byte per two significant digits, plus 1 (leading and trailing zeros trimmed). */
function numberSize(text: string): number {
  const mantissa = text.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(significant.length, 1) / 2) + 1;
}

/** Binary from the SDK (bytes) or from wire JSON (base64). */
const binarySize = (value: Uint8Array | string): number =>
  typeof value === 'string' ? Buffer.from(value, 'base64').length : value.length;
