/**
 * The todo table as the repository sees it: the DynamoDB clients, every call timed (DynamoDbLatency /
 * DynamoDbError metrics by operation, one performance log line), and the item shape (keys, record mapping, the
 * attributes writes add for the audit trail). Callers only reach their own partition: every key is built from the
 * caller's `sub`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HANDLER_ENV } from '../../contract/routes';
import { TODO_TABLE_SCHEMA, todoSortKey, userPartitionKey } from '../../contract/table-schema';
import type { DynamoDbOperation } from '../../contract/telemetry';
import { errorAttributes, logger } from './logger';
import { recordDynamoDbCall } from './metrics';
import type { TodoRecord } from './todo';
import { captureClient } from './tracing';

const { partitionKey, sortKey, orderAttribute } = TODO_TABLE_SCHEMA;

/** The low-level client (traced); the endpoint comes from the SDK's standard config (`AWS_ENDPOINT_URL_DYNAMODB`). */
export const dynamoDbClient = captureClient(new DynamoDBClient({}));
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  // `order` is a JSON number, a double. Beyond 2^53 the SDK refuses to write it unless told the double is the value
  // (it writes its shortest decimal string), and reads it back as a BigInt, which JSON cannot serialize: read every
  // number as the double it was (util-dynamodb's `wrapNumbers` accepts a converter).
  marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
  unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
});

/** Who is writing, for the audit attributes (`updatedBy`, `lastRequestId`). */
export interface WriteContext {
  readonly user: string;
  readonly requestId: string;
}

/** Marks an item whose delete is under way (set by the delete's stamp, cleared by any later update). */
export const DELETE_PENDING = 'deletePending';

export function tableName(): string {
  const name = process.env[HANDLER_ENV.todoTableName];
  if (name === undefined || name.length === 0) {
    throw new Error(`${HANDLER_ENV.todoTableName} is not set`);
  }
  return name;
}

export const keyOf = (user: string, id: string): Record<string, string> => ({
  [partitionKey]: userPartitionKey(user),
  [sortKey]: todoSortKey(id),
});

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Times one DynamoDB call: metric + performance log. A failed condition is an expected outcome, not an error. */
export async function timed<T>(operation: DynamoDbOperation, send: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const output = await send();
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    recordDynamoDbCall(operation, latencyMs, false);
    logger.info('dynamodb call', { operation, latencyMs, outcome: 'ok' });
    return output;
  } catch (error) {
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    if (isConditionFailure(error)) {
      recordDynamoDbCall(operation, latencyMs, false);
      logger.info('dynamodb call', { operation, latencyMs, outcome: 'condition_failed' });
    } else {
      recordDynamoDbCall(operation, latencyMs, true);
      logger.error('dynamodb call failed', { operation, latencyMs, outcome: 'error', ...errorAttributes(error) });
    }
    throw error;
  }
}

export function toRecord(item: Record<string, unknown>): TodoRecord {
  return {
    id: item.id as string,
    title: item.title as string,
    completed: item.completed as boolean,
    order: item[orderAttribute] as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}
