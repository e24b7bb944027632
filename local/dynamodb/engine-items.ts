/**
 * What the DynamoDB proxy's layers (dynamodb-proxy.ts) share: a write's item key, the engine's tables' key schema
 * (asked once per table), the item as the engine has it (a consistent read) and whether a write failed its condition.
 */
import {
  AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TableDescription,
} from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

const CONDITION_FAILED = '#ConditionalCheckFailedException';

/**
 * The engine's description of a table, asked once per table (a failed ask is forgotten, so the next call asks
 * again).
 */
export function tableDescriptions(engine: DynamoDBClient): (table: string) => Promise<TableDescription> {
  const described = new Map<string, Promise<TableDescription>>();
  return (table) => {
    let description = described.get(table);
    if (description === undefined) {
      description = engine.send(new DescribeTableCommand({ TableName: table })).then((output) => output.Table!);
      description.catch(() => described.delete(table));
      described.set(table, description);
    }
    return description;
  };
}

/** A table's key attribute names: partition key, then sort key. */
export const keyNamesOf = (table: TableDescription | undefined): string[] =>
  (table?.KeySchema ?? []).map((key) => key.AttributeName!);

/** The item a single-item write names: PutItem's `Item`, the others' `Key`. */
export const writtenItem = (operation: string, input: Record<string, unknown>): Item | undefined =>
  (operation === 'PutItem' ? input.Item : input.Key) as Item | undefined;

/** `item`'s values of the key attributes (undefined where it has none). */
export const keyOf = (item: Item | undefined, keyNames: readonly string[]): Item =>
  Object.fromEntries(keyNames.map((name) => [name, item?.[name]])) as Item;

/** Whether `key` has a value for each key attribute. */
export const isFullKey = (key: Item, keyNames: readonly string[]): boolean =>
  keyNames.every((name) => key[name] !== undefined);

/** The item as the engine has it now (a consistent read); undefined when there is none. */
export async function readItem(engine: DynamoDBClient, table: string, key: Item): Promise<Item | undefined> {
  return (await engine.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
}

/** Whether an engine response body is a failed condition (`...#ConditionalCheckFailedException`). */
export function isConditionFailure(body: Buffer): boolean {
  try {
    return String((JSON.parse(body.toString('utf8')) as { __type?: unknown }).__type).endsWith(CONDITION_FAILED);
  } catch {
    return false;
  }
}
