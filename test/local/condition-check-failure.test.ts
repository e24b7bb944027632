/**
 * The local DynamoDB proxy gives a failed conditional write the item as it was, as DynamoDB does with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` (dynalite alone ignores it), so the handlers' one branch for it is
 * the production one.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS_ENV } from '../../local/dynamodb/local-dynamodb';
import { LocalTable, startLocalTable } from '../../local/runtime/local-table';

let table: LocalTable;
let client: DynamoDBClient;

beforeAll(async () => {
  table = await startLocalTable();
  client = new DynamoDBClient({
    endpoint: table.endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
});
afterAll(async () => {
  client?.destroy();
  await table?.close();
});

const key = (id: string) => ({ pk: { S: 'USER#proxy' }, sk: { S: `TODO#${id}` } });
const item = (id: string) => ({ ...key(id), title: { S: `todo ${id}` }, version: { N: '3' } });

async function conditionFailure(send: () => Promise<unknown>): Promise<ConditionalCheckFailedException> {
  const error = await send().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConditionalCheckFailedException);
  return error as ConditionalCheckFailedException;
}

const todoTable = (): string => table.db.todoTableName;
const staleUpdate = (id: string, returnValues?: 'ALL_OLD' | 'NONE') =>
  new UpdateItemCommand({
    TableName: todoTable(),
    Key: key(id),
    UpdateExpression: 'SET title = :t',
    ConditionExpression: 'version = :v',
    ExpressionAttributeValues: { ':t': { S: 'changed' }, ':v': { N: '1' } },
    ReturnValuesOnConditionCheckFailure: returnValues,
  });

describe('with ReturnValuesOnConditionCheckFailure ALL_OLD', () => {
  test('UpdateItem: the failure carries the item as it is', async () => {
    await client.send(new PutItemCommand({ TableName: todoTable(), Item: item('u') }));

    const error = await conditionFailure(() => client.send(staleUpdate('u', 'ALL_OLD')));

    expect(error.Item).toEqual(item('u'));
  });

  test('DeleteItem: the failure carries the item as it is', async () => {
    await client.send(new PutItemCommand({ TableName: todoTable(), Item: item('d') }));

    const error = await conditionFailure(() =>
      client.send(
        new DeleteItemCommand({
          TableName: todoTable(),
          Key: key('d'),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    expect(error.Item).toEqual(item('d'));
  });

  test('PutItem: the item under the new item’s key, found from the table’s key schema', async () => {
    await client.send(new PutItemCommand({ TableName: todoTable(), Item: item('p') }));

    const error = await conditionFailure(() =>
      client.send(
        new PutItemCommand({
          TableName: todoTable(),
          Item: { ...item('p'), title: { S: 'replaced' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    expect(error.Item).toEqual(item('p'));
  });

  test('no item: the failure carries none', async () => {
    const error = await conditionFailure(() => client.send(staleUpdate('absent', 'ALL_OLD')));

    expect(error.Item).toBeUndefined();
  });
});

test('without it (or with NONE) the failure carries no item', async () => {
  await client.send(new PutItemCommand({ TableName: todoTable(), Item: item('n') }));

  expect((await conditionFailure(() => client.send(staleUpdate('n')))).Item).toBeUndefined();
  expect((await conditionFailure(() => client.send(staleUpdate('n', 'NONE')))).Item).toBeUndefined();
});
