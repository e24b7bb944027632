/**
 * Deleting todos so that every delete is attributable. A delete first stamps the item with the deleter
 * (`updatedBy`, `lastRequestId`, `deletePending`) and then deletes exactly what it stamped, so the stream's REMOVE
 * record (whose old image is the stamped item) says who deleted it; the audit processor skips the stamp itself.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TODO_TABLE_SCHEMA, todoSortKey, userPartitionKey } from '../../contract/table-schema';
import { logger } from './logger';
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
import type { Precondition } from './validation';

const { partitionKey, sortKey } = TODO_TABLE_SCHEMA;

/** Attempts of stamp + delete when a concurrent write lands between the two (no If-Match: the delete still wins). */
const MAX_DELETE_ATTEMPTS = 3;

/**
 * The first half of an attributable delete: records the deleter on the item (`updatedBy`, `lastRequestId`,
 * `deletePending`) under the delete's own condition. Content, `version` and `updatedAt` are untouched, so the
 * stamp's MODIFY record changes no audited field and the audit processor skips it.
 */
async function stampForDelete(
  user: string,
  id: string,
  condition: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
  writer: WriteContext,
): Promise<{ stamped: true } | { stamped: false; conditionError: unknown }> {
  try {
    await timed('UpdateItem', () =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keyOf(user, id),
          UpdateExpression: 'SET #updatedBy = :user, #lastRequestId = :requestId, #deletePending = :true',
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            ...names,
            '#updatedBy': 'updatedBy',
            '#lastRequestId': 'lastRequestId',
            '#deletePending': DELETE_PENDING,
          },
          ExpressionAttributeValues: { ...values, ':user': writer.user, ':requestId': writer.requestId, ':true': true },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return { stamped: true };
  } catch (error) {
    if (isConditionFailure(error)) {
      return { stamped: false, conditionError: error };
    }
    throw error;
  }
}

/**
 * The second half: deletes the item only if it still carries this request's stamp. When it does not (a write landed
 * in between), the condition error, which carries the item if it still exists.
 */
async function deleteStamped(
  user: string,
  id: string,
  writer: WriteContext,
): Promise<{ deleted: TodoRecord } | { changed: unknown }> {
  try {
    const output = await timed('DeleteItem', () =>
      documentClient.send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keyOf(user, id),
          ConditionExpression: '#lastRequestId = :requestId',
          ExpressionAttributeNames: { '#lastRequestId': 'lastRequestId' },
          ExpressionAttributeValues: { ':requestId': writer.requestId },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if (output.Attributes === undefined) {
      throw new Error('DeleteItem returned no old image');
    }
    return { deleted: toRecord(output.Attributes) };
  } catch (error) {
    if (isConditionFailure(error)) {
      return { changed: error };
    }
    throw error;
  }
}

/**
 * Deletes one todo (conditional on existence and If-Match) so that the delete is attributable: stamp, then delete
 * exactly what was stamped. A write landing between the two makes the delete's condition fail: with If-Match the
 * version has moved on (412, or 404 if it is gone); without, the delete starts over. Returns the deleted todo.
 */
export function deleteTodo(
  user: string,
  id: string,
  precondition: Precondition,
  writer: WriteContext,
): Promise<TodoRecord> {
  return inSubsegment('### todos.delete', async () => {
    const names: Record<string, string> = { '#pk': partitionKey };
    const values: Record<string, unknown> = {};
    const condition = versionCondition(precondition, names, values);
    const outcome = await stampAndDelete(user, id, { condition, names, values }, writer, (attempt, changed) => {
      if (precondition.kind === 'versions') {
        throw conditionProblem(id, precondition, changed, 'deleted');
      }
      logger.info('todo changed between delete stamp and delete; retrying', { attempt });
    });
    if ('conditionError' in outcome) {
      throw conditionProblem(id, precondition, outcome.conditionError, 'deleted');
    }
    return outcome.deleted;
  });
}

/** Deletes stamped per user at once in DELETE /todos: bounded, so one big list cannot hog the table or the SDK pool. */
const DELETE_ALL_PARALLELISM = 10;

/** Keys per Query page of DELETE /todos: small pages, so the deadline is checked every few hundred milliseconds. */
const DELETE_ALL_PAGE_SIZE = 100;

export interface DeleteAllResult {
  /** How many todos this request deleted. */
  readonly deleted: number;
  /** False when `shouldStop` ended the work early: the user still has todos, and the request may be repeated. */
  readonly complete: boolean;
}

/**
 * Deletes every todo of the user, each attributably (stamp, then a DeleteItem conditioned on the stamp), at most
 * {@link DELETE_ALL_PARALLELISM} at a time; keys come from a consistent Query, page by page. A todo another request
 * deleted meanwhile is skipped. After each page `shouldStop` may end it (the function's deadline is near): a list of
 * thousands is deleted over several requests instead of timing out with a 5xx.
 *
 * Not BatchWriteItem: its deletes take no condition, so a PATCH landing between stamp and delete would be deleted
 * and its REMOVE record would carry the PATCH's attribution instead of the deleter's.
 */
export function deleteAllTodos(
  user: string,
  writer: WriteContext,
  shouldStop: () => boolean = () => false,
): Promise<DeleteAllResult> {
  return inSubsegment('### todos.deleteAll', async () => {
    let deleted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await timed('Query', () =>
        documentClient.send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
            ExpressionAttributeValues: { ':pk': userPartitionKey(user) },
            ProjectionExpression: '#pk, #sk',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            Limit: DELETE_ALL_PAGE_SIZE,
          }),
        ),
      );
      const ids = (page.Items ?? []).map((item) => String(item[sortKey]).slice(todoSortKey('').length));
      const outcomes = await mapBounded(ids, DELETE_ALL_PARALLELISM, (id) => deleteIfPresent(user, id, writer));
      deleted += outcomes.filter(Boolean).length;
      startKey = page.LastEvaluatedKey;
      if (startKey !== undefined && shouldStop()) return { deleted, complete: false };
    } while (startKey !== undefined);
    return { deleted, complete: true };
  });
}

/** Stamp + delete of one todo for DELETE /todos; false when it was already gone. */
async function deleteIfPresent(user: string, id: string, writer: WriteContext): Promise<boolean> {
  const condition = { condition: 'attribute_exists(#pk)', names: { '#pk': partitionKey }, values: {} };
  return 'deleted' in (await stampAndDelete(user, id, condition, writer, () => undefined));
}

/**
 * Stamps the todo (under `stamp`'s condition) and deletes exactly what was stamped; when a write lands in between,
 * `onChanged` decides (throw to stop) and it starts over, at most {@link MAX_DELETE_ATTEMPTS} times.
 */
async function stampAndDelete(
  user: string,
  id: string,
  stamp: { condition: string; names: Record<string, string>; values: Record<string, unknown> },
  writer: WriteContext,
  onChanged: (attempt: number, conditionError: unknown) => void,
): Promise<{ deleted: TodoRecord } | { conditionError: unknown }> {
  for (let attempt = 1; attempt <= MAX_DELETE_ATTEMPTS; attempt++) {
    const stamped = await stampForDelete(user, id, stamp.condition, stamp.names, stamp.values, writer);
    if (!stamped.stamped) {
      return { conditionError: stamped.conditionError };
    }
    const outcome = await deleteStamped(user, id, writer);
    if ('deleted' in outcome) {
      return outcome;
    }
    onChanged(attempt, outcome.changed);
  }
  throw new Error(`Todo kept changing between stamp and delete (${MAX_DELETE_ATTEMPTS} attempts)`);
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order; the first failure rejects. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
