/**
 * Runs the real handlers in-process through the local runtime (the one behind `npm start`): the tables are
 * dynalite behind the runtime's DynamoDB proxy, environment variables are set before the handler modules are
 * loaded, exactly as Lambda would set them, and stdout (JSON logs and EMF) is captured for the observability
 * assertions. Invocations may overlap, as in separate Lambda environments, so tests can race requests.
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, DynamoDBRecord } from 'aws-lambda';
import type { ApiFunctionName } from '../../../contract/routes';
import type { LocalDynamoDb } from '../../../local/dynamodb/local-dynamodb';
import { findFunction, matchPath } from '../../../local/runtime/route-match';
import { captureOutput } from '../../../local/runtime/output-capture';
import { startLocalRuntime } from '../../../local/runtime/runtime';
import { apiEvent, lambdaContext, RequestSpec, TEST_STAGE } from './events';

/** Parsed JSON from a response or a log line: loosely typed on purpose, tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonValue = any;
export type JsonObject = Record<string, JsonValue>;

export type HandlerName = ApiFunctionName;

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
   * Emulate the todo table's stream (local/dynamodb/stream-emulator.ts) and collect its records.
   * @default false
   */
  readonly stream?: boolean;
}

export interface Harness {
  /** The engine itself, behind the proxy the handlers use. */
  readonly db: LocalDynamoDb;
  /** The DynamoDB endpoint the handlers use (the runtime's proxy; with `stream: true` writes there are streamed). */
  readonly endpoint: string;
  /** The `eventSourceARN` of the stream records (with `stream: true`). */
  readonly streamArn?: string;
  /** The todo table's stream records since the start (or the last `clearStreamRecords()`), in emission order. */
  streamRecords(): DynamoDBRecord[];
  clearStreamRecords(): void;
  /** Sends a request to the handler that serves its method and path. */
  request(spec: RequestSpec): Promise<ApiResult>;
  invoke(name: HandlerName, event: APIGatewayProxyEvent, context?: Context): Promise<ApiResult>;
  /** Invokes any function (the audit processor) and resolves with what its handler returned. */
  invokeFunction(name: string, event: unknown, context?: Context): Promise<unknown>;
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

/** The API function serving `method` on `path`, by the routes of the contract. */
export function handlerFor(method: string, path: string): HandlerName {
  const matched = matchPath(path);
  const fn = matched && findFunction(matched.resource, method);
  if (!fn) {
    throw new Error(`No function serves ${method} ${path}`);
  }
  return fn.name as HandlerName;
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
  const records: DynamoDBRecord[] = [];
  const runtime = await startLocalRuntime({
    stage: TEST_STAGE,
    corsAllowedOrigins: `${ALLOWED_ORIGIN},http://localhost:3000`,
    environment: {
      POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
      POWERTOOLS_TRACE_ENABLED: 'false',
      _X_AMZN_TRACE_ID: TEST_TRACE_HEADER,
    },
    invocations: 'concurrent',
    stream: options.stream ? (record) => records.push(record) : 'none',
  });
  const { db } = runtime.table;

  // Powertools writes INFO/DEBUG (and EMF) to stdout and WARN/ERROR to stderr: capture both, line by line.
  const output = captureOutput({ echoToStderr: process.env.HARNESS_ECHO_OUTPUT === '1' });
  /** How many captured lines clearOutput() has set aside. */
  let cleared = 0;

  const invoke = async (
    name: HandlerName,
    event: APIGatewayProxyEvent,
    context: Context = lambdaContext(name),
  ): Promise<ApiResult> => {
    const result = (await runtime.invoke(name, event, context)) as APIGatewayProxyResult;
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
    endpoint: runtime.table.endpoint,
    streamArn: runtime.table.streamArn,
    streamRecords: () => [...records],
    clearStreamRecords: () => {
      records.length = 0;
    },
    request: (spec) => invoke(handlerFor(spec.method, spec.path), apiEvent(spec)),
    invoke,
    invokeFunction: (name, event, context = lambdaContext(name)) => runtime.invoke(name, event, context),
    todoItems: () => scan(db.todoTableName),
    idempotencyItems: () => scan(db.idempotencyTableName),
    output: () => output.since(cleared),
    allOutput: () => output.all(),
    clearOutput: () => {
      cleared = output.count();
    },
    close: async () => {
      output.restore();
      await runtime.close();
    },
  };
}
