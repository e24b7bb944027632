/**
 * Runs the real handlers in-process against an in-memory DynamoDB (dynalite). Environment variables are set
 * before the handler modules are loaded, exactly as Lambda would set them; stdout (JSON logs and EMF) is
 * captured for the observability assertions.
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_FUNCTION_ENV } from '../../../local/function-env';
import { LOCAL_AWS_ENV, LocalDynamoDb, startLocalDynamoDb } from '../../../local/local-dynamodb';
import { HANDLER_ENV } from '../../../lambda/routes';
import { startStreamEmulator, StreamEmulator } from '../../../local/stream-emulator';
import { TODO_TABLE_SCHEMA } from '../../../lambda/shared/table-schema';
import { apiEvent, lambdaContext, RequestSpec } from './events';

/** Parsed JSON from a response or a log line: loosely typed on purpose, tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonValue = any;
export type JsonObject = Record<string, JsonValue>;

export type HandlerName =
  'list-todos' | 'create-todo' | 'delete-all-todos' | 'get-todo' | 'update-todo' | 'delete-todo';
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export const ALLOWED_ORIGIN = 'https://app.example.test';
export const TEST_TRACE_ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const TEST_TRACE_HEADER = `Root=${TEST_TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;

export interface ApiResult {
  readonly statusCode: number;
  /** Response headers with lower-cased names. */
  readonly headers: Record<string, string>;
  readonly body: JsonValue;
  readonly rawBody: string;
  readonly event: APIGatewayProxyEvent;
}

export interface HarnessOptions {
  /**
   * Put the stream emulator (local/stream-emulator.ts) between the handlers and dynalite and collect the todo
   * table's stream records.
   * @default false
   */
  readonly stream?: boolean;
}

export interface Harness {
  readonly db: LocalDynamoDb;
  /** The stream emulator the handlers write through (with `stream: true`). */
  readonly stream?: StreamEmulator;
  /** The todo table's stream records since the start (or the last `clearStreamRecords()`), in emission order. */
  streamRecords(): DynamoDBRecord[];
  clearStreamRecords(): void;
  /** Sends a request to the handler that serves its method and path. */
  request(spec: RequestSpec): Promise<ApiResult>;
  invoke(name: HandlerName, event: APIGatewayProxyEvent, context?: Context): Promise<ApiResult>;
  /** Every item of the todo table. */
  todoItems(): Promise<JsonObject[]>;
  idempotencyItems(): Promise<JsonObject[]>;
  /** Captured stdout lines since the start (or the last `clearOutput()`). */
  output(): string[];
  /** Every captured stdout line since the harness started (never cleared). */
  allOutput(): string[];
  clearOutput(): void;
  close(): Promise<void>;
}

export function handlerFor(method: string, path: string): HandlerName {
  const one = path !== '/todos';
  switch (method) {
    case 'GET':
      return one ? 'get-todo' : 'list-todos';
    case 'POST':
      return 'create-todo';
    case 'DELETE':
      return one ? 'delete-todo' : 'delete-all-todos';
    default:
      return 'update-todo';
  }
}

/** Every EMF blob (parsed) found in the given output lines. */
export function emfBlobs(lines: readonly string[]): JsonObject[] {
  return jsonLines(lines).filter((entry) => entry._aws?.CloudWatchMetrics !== undefined);
}

/** Every line that parses as a JSON object. */
export function jsonLines(lines: readonly string[]): JsonObject[] {
  const parsed: Record<string, unknown>[] = [];
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (typeof value === 'object' && value !== null) parsed.push(value);
    } catch {
      // not JSON
    }
  }
  return parsed;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await startLocalDynamoDb();
  const records: DynamoDBRecord[] = [];
  const stream = options.stream
    ? await startStreamEmulator({
        target: db.endpoint,
        tableName: db.todoTableName,
        keyAttributes: [TODO_TABLE_SCHEMA.partitionKey, TODO_TABLE_SCHEMA.sortKey],
        onRecord: (record) => records.push(record),
      })
    : undefined;
  Object.assign(process.env, LOCAL_AWS_ENV, {
    AWS_ENDPOINT_URL_DYNAMODB: stream?.endpoint ?? db.endpoint,
    ...LOCAL_FUNCTION_ENV,
    [HANDLER_ENV.todoTableName]: db.todoTableName,
    [HANDLER_ENV.idempotencyTableName]: db.idempotencyTableName,
    [HANDLER_ENV.corsAllowedOrigins]: `${ALLOWED_ORIGIN},http://localhost:3000`,
    [HANDLER_ENV.stage]: 'test',
    POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
    POWERTOOLS_TRACE_ENABLED: 'false',
    _X_AMZN_TRACE_ID: TEST_TRACE_HEADER,
  });

  const lines: string[] = [];
  const allLines: string[] = [];
  // Powertools writes INFO/DEBUG (and EMF) to stdout and WARN/ERROR to stderr: capture both, line by line.
  const capture = (stream: NodeJS.WriteStream): (() => void) => {
    const original = stream.write;
    let partial = '';
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      const complete = parts.filter((line) => line.length > 0);
      lines.push(...complete);
      allLines.push(...complete);
      if (process.env.HARNESS_ECHO_OUTPUT === '1') original.call(process.stderr, chunk);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreStdout = capture(process.stdout);
  const restoreStderr = capture(process.stderr);

  const handlers = {
    'list-todos': (await import('../../../lambda/handlers/list-todos')).handler,
    'create-todo': (await import('../../../lambda/handlers/create-todo')).handler,
    'delete-all-todos': (await import('../../../lambda/handlers/delete-all-todos')).handler,
    'get-todo': (await import('../../../lambda/handlers/get-todo')).handler,
    'update-todo': (await import('../../../lambda/handlers/update-todo')).handler,
    'delete-todo': (await import('../../../lambda/handlers/delete-todo')).handler,
  } satisfies Record<HandlerName, Handler>;

  const invoke = async (
    name: HandlerName,
    event: APIGatewayProxyEvent,
    context: Context = lambdaContext(name),
  ): Promise<ApiResult> => {
    const result = await handlers[name](event, context);
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    let body: unknown = undefined;
    if (result.body !== undefined && result.body.length > 0) {
      body = JSON.parse(result.body);
    }
    return { statusCode: result.statusCode, headers, body, rawBody: result.body ?? '', event };
  };

  const documentClient = DynamoDBDocumentClient.from(db.client);
  const scan = async (table: string): Promise<Record<string, unknown>[]> => {
    const output = await documentClient.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return output.Items ?? [];
  };

  return {
    db,
    stream,
    streamRecords: () => [...records],
    clearStreamRecords: () => {
      records.length = 0;
    },
    request: (spec) => invoke(handlerFor(spec.method, spec.path), apiEvent(spec)),
    invoke,
    todoItems: () => scan(db.todoTableName),
    idempotencyItems: () => scan(db.idempotencyTableName),
    output: () => [...lines],
    allOutput: () => [...allLines],
    clearOutput: () => {
      lines.length = 0;
    },
    close: async () => {
      restoreStdout();
      restoreStderr();
      await stream?.close();
      await db.close();
    },
  };
}
