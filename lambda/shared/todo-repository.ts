/**
 * DynamoDB access for todos. Every call is timed (DynamoDbLatency / DynamoDbError metrics by operation, one
 * performance log line) and each repository function runs in its own trace subsegment. Callers only reach their
 * own partition: every key is built from the caller's `sub`.
 *
 * Writes record `version` (ETag), `updatedBy` (sub) and `lastRequestId` (API request id) so the audit stream
 * processor can tell who changed what from the table stream. A delete first stamps the item with the deleter
 * (`updatedBy`, `lastRequestId`, `deletePending`) and then deletes exactly what it stamped, so the stream's REMOVE
 * record (whose old image is the stamped item) says who deleted it; the audit processor skips the stamp itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { errorAttributes, logger } from './logger';
import { recordDynamoDbCall } from './metrics';
import { HttpProblem } from './problems';
import type { DynamoDbOperation } from './route';
import { TODO_TABLE_SCHEMA, todoSortKey, userPartitionKey } from './table-schema';
import type { TodoRecord } from './todo';
import { captureClient, inSubsegment } from './tracing';
import type { OrderIndexKey } from './cursor';
import type { Precondition, TodoPatch } from './validation';
import { HANDLER_ENV } from '../routes';

const { partitionKey, sortKey, orderIndexName, orderAttribute } = TODO_TABLE_SCHEMA;

/** The low-level client (traced); the endpoint comes from the SDK's standard config (`AWS_ENDPOINT_URL_DYNAMODB`). */
export const dynamoDbClient = captureClient(new DynamoDBClient({}));
const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

/** Who is writing, for the audit attributes. */
export interface WriteContext {
  readonly user: string;
  readonly requestId: string;
}

function tableName(): string {
  const name = process.env[HANDLER_ENV.todoTableName];
  if (name === undefined || name.length === 0) {
    throw new Error(`${HANDLER_ENV.todoTableName} is not set`);
  }
  return name;
}

const keyOf = (user: string, id: string): Record<string, string> => ({
  [partitionKey]: userPartitionKey(user),
  [sortKey]: todoSortKey(id),
});

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Times one DynamoDB call: metric + performance log. A failed condition is an expected outcome, not an error. */
async function timed<T>(operation: DynamoDbOperation, send: () => Promise<T>): Promise<T> {
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

function toRecord(item: Record<string, unknown>): TodoRecord {
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

function versionCondition(
  precondition: Precondition,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  if (precondition.kind !== 'versions') {
    return 'attribute_exists(#pk)';
  }
  names['#version'] = 'version';
  const versions = precondition.versions.length > 0 ? precondition.versions : [-1];
  const placeholders = versions.map((version, index) => {
    values[`:ifMatch${index}`] = version;
    return `:ifMatch${index}`;
  });
  return `attribute_exists(#pk) AND #version IN (${placeholders.join(', ')})`;
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
        throw await conditionProblem(user, id, precondition, error, 'updated');
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

/**
 * Tells 404 from 412 after a failed conditional update or delete. DynamoDB returns the existing item on the error
 * (ReturnValuesOnConditionCheckFailure); engines that don't (dynalite) get a no-op UpdateItem probe that
 * removes an attribute no todo has, conditioned on existence, so nothing is ever changed (and, as nothing
 * changes, no stream record is written).
 */
async function conditionProblem(
  user: string,
  id: string,
  precondition: Precondition,
  error: unknown,
  done: 'updated' | 'deleted',
): Promise<HttpProblem> {
  const notFound = HttpProblem.of('not_found', `No todo with id ${id}.`);
  const stale = HttpProblem.of(
    'precondition_failed',
    `The todo has changed since the ETag in If-Match; nothing was ${done}.`,
  );
  if (precondition.kind !== 'versions') {
    return notFound;
  }
  if ((error as { Item?: unknown } | undefined)?.Item !== undefined) {
    return stale;
  }
  try {
    await timed('UpdateItem', () =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keyOf(user, id),
          UpdateExpression: 'REMOVE #absent',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey, '#absent': 'existenceProbe' },
        }),
      ),
    );
    return stale;
  } catch (probeError) {
    if (isConditionFailure(probeError)) {
      return notFound;
    }
    throw probeError;
  }
}

/** Marks an item whose delete is under way (set by the stamp, cleared by any later update). */
const DELETE_PENDING = 'deletePending';
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

/** The second half: deletes the item only if it still carries this request's stamp. Undefined when it did not. */
async function deleteStamped(user: string, id: string, writer: WriteContext): Promise<TodoRecord | undefined> {
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
        }),
      ),
    );
    if (output.Attributes === undefined) {
      throw new Error('DeleteItem returned no old image');
    }
    return toRecord(output.Attributes);
  } catch (error) {
    if (isConditionFailure(error)) {
      return undefined;
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
    const outcome = await stampAndDelete(user, id, { condition, names, values }, writer, async (attempt) => {
      if (precondition.kind === 'versions') {
        throw await conditionProblem(user, id, precondition, undefined, 'deleted');
      }
      logger.info('todo changed between delete stamp and delete; retrying', { attempt });
    });
    if ('conditionError' in outcome) {
      throw await conditionProblem(user, id, precondition, outcome.conditionError, 'deleted');
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
  onChanged: (attempt: number) => Promise<void> | void,
): Promise<{ deleted: TodoRecord } | { conditionError: unknown }> {
  for (let attempt = 1; attempt <= MAX_DELETE_ATTEMPTS; attempt++) {
    const stamped = await stampForDelete(user, id, stamp.condition, stamp.names, stamp.values, writer);
    if (!stamped.stamped) {
      return { conditionError: stamped.conditionError };
    }
    const deleted = await deleteStamped(user, id, writer);
    if (deleted !== undefined) {
      return { deleted };
    }
    await onChanged(attempt);
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
