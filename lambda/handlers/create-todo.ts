/**
 * POST /todos: creates a todo (201 + Location + ETag). With an `Idempotency-Key` header the creation is made
 * idempotent per user by Powertools idempotency: a retry returns the same todo, the same key with a different
 * body is 422, and a retry while the first is still running is 409.
 */
import { randomUUID } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { ApiRequest, json } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { logger } from '../shared/logger';
import { countBusinessEvent } from '../shared/metrics';
import { HttpProblem } from '../shared/problems';
import { TodoRecord, todoHeaders, todoUrl, toTodoJson } from '../shared/todo';
import { createTodo, nextOrder } from '../shared/todo-repository';
import { dynamoDbClient } from '../shared/todo-table';
import { parseCreate, parseIdempotencyKey, readJsonObject, TodoCreateInput } from '../shared/validation';
import { HANDLER_ENV } from '../../contract/routes';

/** What an idempotent creation is keyed (`user`, `key`) and validated (`input`) on. */
interface CreateCommand {
  readonly user: string;
  readonly key: string;
  readonly input: TodoCreateInput;
  readonly requestId: string;
  /** Set when this invocation actually created the todo (false: replayed from the idempotency record). */
  readonly outcome: { created: boolean };
}

async function create(input: TodoCreateInput, user: string, requestId: string): Promise<TodoRecord> {
  const now = new Date().toISOString();
  const record: TodoRecord = {
    id: randomUUID(),
    title: input.title,
    completed: input.completed,
    order: input.order ?? (await nextOrder(user)),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await createTodo(record, { user, requestId });
  countBusinessEvent('TodoCreated');
  if (record.completed) {
    countBusinessEvent('TodoCompleted');
  }
  return record;
}

const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: '[user, key]',
  payloadValidationJmesPath: 'input',
  throwOnNoIdempotencyKey: true,
  expiresAfterSeconds: 24 * 60 * 60,
});

let createIdempotently: ((command: CreateCommand) => Promise<TodoRecord>) | undefined;

/** Built on first use so the persistence layer reads IDEMPOTENCY_TABLE_NAME at request time, not at import. */
function idempotentCreate(): (command: CreateCommand) => Promise<TodoRecord> {
  if (createIdempotently === undefined) {
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: process.env[HANDLER_ENV.idempotencyTableName] ?? '',
      awsSdkV3Client: dynamoDbClient,
    });
    createIdempotently = makeIdempotent(
      async (command: CreateCommand) => {
        command.outcome.created = true;
        return create(command.input, command.user, command.requestId);
      },
      { persistenceStore, config: idempotencyConfig, keyPrefix: 'todo-api#create-todo', dataIndexArgument: 0 },
    );
  }
  return createIdempotently;
}

async function createOnce(
  request: ApiRequest,
  context: Context,
  key: string,
  input: TodoCreateInput,
): Promise<TodoRecord> {
  idempotencyConfig.registerLambdaContext(context);
  const outcome = { created: false };
  try {
    const todo = await idempotentCreate()({ user: request.user, key, input, requestId: request.requestId, outcome });
    logger.info('idempotent create', { todoId: todo.id, replayed: !outcome.created });
    return todo;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'IdempotencyValidationError') {
      throw HttpProblem.of(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    if (name === 'IdempotencyAlreadyInProgressError') {
      throw HttpProblem.of(
        'request_in_progress',
        'A request with this Idempotency-Key is still in progress; retry later.',
      );
    }
    throw error;
  }
}

export const handler = instrumentedHandler(
  { route: 'POST /todos', operation: 'createTodo' },
  async (request, context) => {
    const key = parseIdempotencyKey(request.event);
    const input = parseCreate(readJsonObject(request.event));
    const todo =
      key === undefined
        ? await create(input, request.user, request.requestId)
        : await createOnce(request, context, key, input);
    return json(201, toTodoJson(todo, request.baseUrl), {
      ...todoHeaders(todo),
      Location: todoUrl(request.baseUrl, todo.id),
    });
  },
);
