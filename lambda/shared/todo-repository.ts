/**
 * Create, read, list and update of the caller's todos (the attributable delete is in todo-deletion.ts). Each
 * function runs in its own trace subsegment; every DynamoDB call is timed (todo-table.ts).
 *
 * Writes record `version` (ETag), `updatedBy` (sub) and `lastRequestId` (API request id) so the audit stream
 * processor can tell who changed what from the table stream.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TODO_TABLE_SCHEMA, userPartitionKey } from '../../contract/table-schema';
import type { OrderIndexKey } from './cursor';
import type { TodoRecord } from './todo';
import { conditionProblem, versionCondition } from './todo-conditions';
import {
  DELETE_PENDING,
  documentClient,
  isConditionFailure,
  keyOf,
  tableName,
  timed,
  toRecord,
  WriteContext,
} from './todo-table';
import { inSubsegment } from './tracing';
import type { Precondition, TodoPatch } from './validation';

const { partitionKey, sortKey, orderIndexName, orderAttribute } = TODO_TABLE_SCHEMA;

/** The order that sorts after every existing todo of the user: max(order) + 1, or 1 when there are none. */
export function nextOrder(user: string): Promise<number> {
  return inSubsegment('### todos.nextOrder', async () => {
    const output = await timed('Query', () =>
      documentClient.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: orderIndexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': partitionKey, '#order': orderAttribute },
          ExpressionAttributeValues: { ':pk': userPartitionKey(user) },
          ProjectionExpression: '#order',
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const last = output.Items?.[0]?.[orderAttribute];
    return typeof last === 'number' ? Math.floor(last) + 1 : 1;
  });
}

export function createTodo(record: TodoRecord, writer: WriteContext): Promise<TodoRecord> {
  return inSubsegment('### todos.create', async () => {
    await timed('PutItem', () =>
      documentClient.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keyOf(writer.user, record.id),
            id: record.id,
            title: record.title,
            completed: record.completed,
            [orderAttribute]: record.order,
            createdAt: record.createdAt,
            updatedAt: record.updatedAt,
            version: record.version,
            updatedBy: writer.user,
            lastRequestId: writer.requestId,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
        }),
      ),
    );
    return record;
  });
}

export function getTodo(user: string, id: string): Promise<TodoRecord | undefined> {
  return inSubsegment('### todos.get', async () => {
    const output = await timed('GetItem', () =>
      documentClient.send(new GetCommand({ TableName: tableName(), Key: keyOf(user, id), ConsistentRead: true })),
    );
    return output.Item === undefined ? undefined : toRecord(output.Item);
  });
}

export interface TodoPage {
  readonly todos: TodoRecord[];
  /** Index key of the last todo returned when more remain. */
  readonly nextKey?: OrderIndexKey;
}

/** One page of the user's todos in `order` (the byOrder index; never a Scan). */
export function listTodos(user: string, limit: number, startKey?: OrderIndexKey): Promise<TodoPage> {
  return inSubsegment('### todos.list', async () => {
    // One extra item tells whether more remain, so the last page never advertises an empty next page.
    const output = await timed('Query', () =>
      documentClient.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: orderIndexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': partitionKey },
          ExpressionAttributeValues: { ':pk': userPartitionKey(user) },
          ScanIndexForward: true,
          Limit: limit + 1,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    const items = output.Items ?? [];
    const page = items.slice(0, limit);
    if (items.length <= limit) {
      return { todos: page.map(toRecord) };
    }
    const last = page[page.length - 1];
    return {
      todos: page.map(toRecord),
      nextKey: {
        [partitionKey]: last[partitionKey] as string,
        [sortKey]: last[sortKey] as string,
        [orderAttribute]: last[orderAttribute] as number,
      },
    };
  });
}

export interface UpdateResult {
  readonly before: TodoRecord;
  readonly after: TodoRecord;
}

/**
 * Sets only the given fields (plus version + 1, updatedAt and the audit attributes) in one UpdateItem, so
 * concurrent updates of different fields never lose each other's change. The new todo is the old image
 * (ReturnValues ALL_OLD) with what was set applied. Throws 404 / 412 problems when the condition fails.
 */
export function updateTodo(
  user: string,
  id: string,
  patch: TodoPatch,
  precondition: Precondition,
  writer: WriteContext,
): Promise<UpdateResult> {
  return inSubsegment('### todos.update', async () => {
    const now = new Date().toISOString();
    const names: Record<string, string> = {
      '#pk': partitionKey,
      '#version': 'version',
      '#updatedAt': 'updatedAt',
      '#updatedBy': 'updatedBy',
      '#lastRequestId': 'lastRequestId',
    };
    const values: Record<string, unknown> = {
      ':one': 1,
      ':now': now,
      ':user': writer.user,
      ':requestId': writer.requestId,
    };
    const sets = [
      '#version = #version + :one',
      '#updatedAt = :now',
      '#updatedBy = :user',
      '#lastRequestId = :requestId',
    ];
    // A delete that crashed between its stamp and its DeleteItem leaves `deletePending`; an update revives the todo.
    names['#deletePending'] = DELETE_PENDING;
    const fields: Record<string, unknown> = {
      title: patch.title,
      completed: patch.completed,
      [orderAttribute]: patch.order,
    };
    for (const [field, value] of Object.entries(fields)) {
      if (value !== undefined) {
        names[`#f_${field}`] = field;
        values[`:f_${field}`] = value;
        sets.push(`#f_${field} = :f_${field}`);
      }
    }
    const condition = versionCondition(precondition, names, values);
    let old: Record<string, unknown> | undefined;
    try {
      const output = await timed('UpdateItem', () =>
        documentClient.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keyOf(user, id),
            UpdateExpression: `SET ${sets.join(', ')} REMOVE #deletePending`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_OLD',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      old = output.Attributes;
    } catch (error) {
      if (isConditionFailure(error)) {
        throw conditionProblem(id, precondition, error, 'updated');
      }
      throw error;
    }
    if (old === undefined) {
      throw new Error('UpdateItem returned no old image');
    }
    const before = toRecord(old);
    const after: TodoRecord = {
      ...before,
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.completed === undefined ? {} : { completed: patch.completed }),
      ...(patch.order === undefined ? {} : { order: patch.order }),
      updatedAt: now,
      version: before.version + 1,
    };
    return { before, after };
  });
}
