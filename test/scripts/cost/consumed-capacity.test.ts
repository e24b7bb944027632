/**
 * The capacity meter the volume measurement puts in front of the local tables (local/dynamodb/consumed-capacity.ts)
 * counts on-demand request units as DynamoDB documents them, on the real table design: the todo table with its
 * `byOrder` local secondary index (projection ALL) and the idempotency table without indexes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { TODO_TABLE_SCHEMA } from '../../../contract/table-schema';
import { CapacityMeter, capacityMeter, itemSize } from '../../../local/dynamodb/consumed-capacity';
import { DynamoDbProxy, startDynamoDbProxy } from '../../../local/dynamodb/dynamodb-proxy';
import { LOCAL_AWS_ENV, LocalDynamoDb, startLocalDynamoDb } from '../../../local/dynamodb/local-dynamodb';

let db: LocalDynamoDb;
let proxy: DynamoDbProxy;
let meter: CapacityMeter;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  db = await startLocalDynamoDb();
  meter = capacityMeter({ engine: db.client });
  proxy = await startDynamoDbProxy({ target: db.endpoint, layers: [meter.layer] });
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials: {
        accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
      },
    }),
  );
});

afterAll(async () => {
  client.destroy();
  await proxy.close();
  await db.close();
});

/** Units of the calls `fn` makes. */
async function unitsOf(fn: () => Promise<unknown>): Promise<{ read: number; write: number }> {
  meter.take();
  await fn();
  const uses = meter.take();
  return {
    read: uses.reduce((sum, use) => sum + use.readUnits, 0),
    write: uses.reduce((sum, use) => sum + use.writeUnits, 0),
  };
}

let next = 0;
/** A todo as the repository stores it (about 250 bytes), with `order` unless told otherwise. */
function todo(user: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  next += 1;
  return {
    pk: `USER#${user}`,
    sk: `TODO#todo-${next}`,
    id: `todo-${next}`,
    title: 'Renew passport before the summer',
    completed: false,
    [TODO_TABLE_SCHEMA.orderAttribute]: next,
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    version: 1,
    ...extra,
  };
}
const keyOf = (item: Record<string, unknown>) => ({ pk: item.pk, sk: item.sk });
const put = (item: Record<string, unknown>, table = db.todoTableName) =>
  client.send(new PutCommand({ TableName: table, Item: item }));

test('item sizes count the UTF-8 bytes of names and values, and numbers by significant digits', () => {
  expect(itemSize({ t: { S: 'é' } })).toBe(3);
  expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
  expect(itemSize({ n: { N: '-0.00120' } })).toBe(1 + 2);
  expect(itemSize({ b: { BOOL: true }, m: { M: { k: { S: 'ab' } } } })).toBe(2 + 1 + (3 + 1 + 1 + 2));
});

test('a new todo costs a write for the table and one for the index entry it gets', async () => {
  expect(await unitsOf(() => put(todo('writer')))).toEqual({ read: 0, write: 2 });
});

test('an item without the index key is not in the index: the table write only', async () => {
  const item = todo('writer');
  delete item[TODO_TABLE_SCHEMA.orderAttribute];
  expect(await unitsOf(() => put(item))).toEqual({ read: 0, write: 1 });
});

test('an update rewrites the index entry; moving the index key costs two index writes', async () => {
  const item = todo('updater');
  await put(item);
  const set = (names: Record<string, string>, values: Record<string, unknown>, expression: string) =>
    unitsOf(() =>
      client.send(
        new UpdateCommand({
          TableName: db.todoTableName,
          Key: keyOf(item),
          UpdateExpression: expression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  expect(await set({ '#c': 'completed' }, { ':c': true }, 'SET #c = :c')).toEqual({ read: 0, write: 2 });
  expect(await set({ '#o': 'order' }, { ':o': 9999 }, 'SET #o = :o')).toEqual({ read: 0, write: 3 });
});

test('a delete removes the item and its index entry', async () => {
  const item = todo('deleter');
  await put(item);
  const units = await unitsOf(() => client.send(new DeleteCommand({ TableName: db.todoTableName, Key: keyOf(item) })));
  expect(units).toEqual({ read: 0, write: 2 });
});

test("a failed condition still costs the existing item's size (at least 1), and no index write", async () => {
  const big = todo('conditions', { notes: 'x'.repeat(2500) });
  await put(big);
  const putIfAbsent = (item: Record<string, unknown>) =>
    unitsOf(() =>
      client
        .send(
          new PutCommand({
            TableName: db.todoTableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((error: Error) => expect(error.name).toBe('ConditionalCheckFailedException')),
    );
  expect(await putIfAbsent({ ...big, notes: 'short' })).toEqual({ read: 0, write: 3 });
  const absent = todo('conditions');
  const units = await unitsOf(() =>
    client
      .send(
        new DeleteCommand({
          TableName: db.todoTableName,
          Key: keyOf(absent),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      )
      .catch((error: Error) => expect(error.name).toBe('ConditionalCheckFailedException')),
  );
  expect(units).toEqual({ read: 0, write: 1 });
});

test('on a table without indexes a write costs what dynalite reports: the larger item, before or after, per 1 KB', async () => {
  const write = async (item: Record<string, unknown>) => {
    let reported: number | undefined;
    const units = await unitsOf(async () => {
      const output = await client.send(
        new PutCommand({ TableName: db.idempotencyTableName, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
      );
      reported = output.ConsumedCapacity?.CapacityUnits;
    });
    return { metered: units.write, reported };
  };
  expect(await write({ id: 'idempotency#1', status: 'COMPLETED', data: 'y'.repeat(2500) })).toEqual({
    metered: 3,
    reported: 3,
  });
  expect(await write({ id: 'idempotency#1', status: 'EXPIRED' })).toEqual({ metered: 3, reported: 3 });
  expect(await write({ id: 'idempotency#1', status: 'INPROGRESS' })).toEqual({ metered: 1, reported: 1 });
});

test('a consistent read of a small item is one unit, an eventually consistent one half', async () => {
  const item = todo('reader');
  await put(item);
  const get = (ConsistentRead: boolean) =>
    unitsOf(() => client.send(new GetCommand({ TableName: db.todoTableName, Key: keyOf(item), ConsistentRead })));
  expect(await get(true)).toEqual({ read: 1, write: 0 });
  expect(await get(false)).toEqual({ read: 0.5, write: 0 });
});

test('a Query sums the sizes of the whole items it reads before rounding, whatever it projects', async () => {
  for (let i = 0; i < 15; i++) await put(todo('lister'));
  const units = await unitsOf(() =>
    client.send(
      new QueryCommand({
        TableName: db.todoTableName,
        IndexName: TODO_TABLE_SCHEMA.orderIndexName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'USER#lister' },
        ProjectionExpression: 'id',
        ConsistentRead: true,
      }),
    ),
  );
  // 15 items of about 250 bytes: 3.7 KB, one 4 KB unit (not 15 units, one per item).
  expect(units).toEqual({ read: 1, write: 0 });
});
