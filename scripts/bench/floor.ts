/**
 * The floor under the API handlers' cold start: the DynamoDB document client alone, constructed as
 * lambda/shared/todo-table.ts constructs it and answering each request with one consistent GetItem, with no
 * Powertools, no tracing and no handler code. Bundled exactly as the handlers are (HANDLER_BUNDLING, aliases included),
 * it measures what the package every handler must keep costs before anything else is added (docs/cold-start.md).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { HANDLER_ENV } from '../../contract/routes';
import { TODO_TABLE_SCHEMA, todoSortKey, userPartitionKey } from '../../contract/table-schema';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const key = {
  [TODO_TABLE_SCHEMA.partitionKey]: userPartitionKey('floor'),
  [TODO_TABLE_SCHEMA.sortKey]: todoSortKey('0'),
};

export const handler = async (event: unknown): Promise<{ statusCode: number }> => {
  // Like the handlers, no event is an error (the benchmark's first-error probe).
  if (event === null || event === undefined) throw new Error('no event');
  await client.send(
    new GetCommand({ TableName: process.env[HANDLER_ENV.todoTableName], Key: key, ConsistentRead: true }),
  );
  return { statusCode: 200 };
};
