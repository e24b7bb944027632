/**
 * An in-memory DynamoDB engine (dynalite) with the todo and idempotency tables created from the same key design
 * the CDK stateful stack deploys. The local runtime (`npm start`, the handler tests, the benchmark) puts a proxy in
 * front of it (dynamodb-proxy.ts); the restore check uses it directly.
 */
import { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server;
import { IDEMPOTENCY_TABLE_SCHEMA, TODO_TABLE_SCHEMA } from '../../contract/table-schema';
import { closeDynaliteIterators } from './dynalite-iterators';

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly todoTableName: string;
  readonly idempotencyTableName: string;
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export interface LocalDynamoDbOptions {
  /** @default 0 - an ephemeral port */
  readonly port?: number;
  /** @default 'todo-local-todos' */
  readonly todoTableName?: string;
  /** @default 'todo-local-idempotency' */
  readonly idempotencyTableName?: string;
}

export const LOCAL_TABLE_NAMES = { todo: 'todo-local-todos', idempotency: 'todo-local-idempotency' } as const;

/** The account local ARNs (functions, the table stream) and request contexts name; never a real one. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Credentials and region the local engine accepts; never real ones. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
} as const;

export async function startLocalDynamoDb(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  closeDynaliteIterators();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
  const todoTableName = options.todoTableName ?? LOCAL_TABLE_NAMES.todo;
  const idempotencyTableName = options.idempotencyTableName ?? LOCAL_TABLE_NAMES.idempotency;
  const { partitionKey, sortKey, orderIndexName, orderAttribute } = TODO_TABLE_SCHEMA;

  await client.send(
    new CreateTableCommand({
      TableName: todoTableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
        { AttributeName: orderAttribute, AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: orderIndexName,
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: orderAttribute, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: idempotencyTableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE_SCHEMA.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE_SCHEMA.partitionKey, KeyType: 'HASH' }],
    }),
  );

  return {
    endpoint,
    todoTableName,
    idempotencyTableName,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
