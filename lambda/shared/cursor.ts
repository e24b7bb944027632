/**
 * Pagination cursors: the `byOrder` index key of the last todo of a page, as base64url JSON. Opaque to clients;
 * on the way back it must decode to exactly that key shape (`pk`, `sk`, `order`) with `pk` the caller's own
 * partition, else 400: a crafted or another user's cursor never starts a query anywhere else.
 */
import { MAX_CALLER_ID_LENGTH } from './caller';
import { HttpProblem } from './problems';
import { TODO_TABLE_SCHEMA, todoSortKey, userPartitionKey } from '../../contract/table-schema';

export type OrderIndexKey = Record<string, string | number>;

const { partitionKey, sortKey, orderAttribute } = TODO_TABLE_SCHEMA;
const SORT_KEY_PATTERN = /^TODO#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const KEY_NAMES = [partitionKey, sortKey, orderAttribute].sort().join(',');

/**
 * The longest cursor `encodeCursor` can write, so every `next` link is accepted back: the longest caller id, all of
 * it escaped in JSON (`"` or `\`), and the longest JSON form of a number (25 characters).
 */
export const MAX_CURSOR_LENGTH = encodeCursor({
  [partitionKey]: userPartitionKey('"'.repeat(MAX_CALLER_ID_LENGTH)),
  [sortKey]: todoSortKey('00000000-0000-0000-0000-000000000000'),
  [orderAttribute]: -0.0000012345678901234567,
}).length;

export function encodeCursor(key: OrderIndexKey): string {
  const shaped = { [partitionKey]: key[partitionKey], [sortKey]: key[sortKey], [orderAttribute]: key[orderAttribute] };
  return Buffer.from(JSON.stringify(shaped), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, user: string): OrderIndexKey {
  const invalid = (): HttpProblem => HttpProblem.invalid('invalid_cursor', 'The cursor is not valid for this list.');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw invalid();
  }
  const key = decoded as Record<string, unknown>;
  if (Object.keys(key).sort().join(',') !== KEY_NAMES) {
    throw invalid();
  }
  const pk = key[partitionKey];
  const sk = key[sortKey];
  const order = key[orderAttribute];
  if (
    pk !== userPartitionKey(user) ||
    typeof sk !== 'string' ||
    !SORT_KEY_PATTERN.test(sk) ||
    typeof order !== 'number' ||
    !Number.isFinite(order)
  ) {
    throw invalid();
  }
  return { [partitionKey]: pk, [sortKey]: sk, [orderAttribute]: order };
}
