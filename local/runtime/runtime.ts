/**
 * The local runtime: the real handlers run in this process against the local tables, with the environment, context
 * and invocation Lambda gives them, and the table stream feeding the real audit processor. One runtime behind
 * `npm start` (local/server.ts), the handler tests (test/lambda/support/harness.ts) and the benchmark.
 */
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { auditStream } from './audit-stream';
import { applyFunctionEnvironment, dynamoDbEndpointEnvironment, functionEnvironment } from './environment';
import { FunctionHost, HandlerSource, Invocations, sourceHandlers } from './functions';
import { buildLambdaContext } from './lambda-context';
import type { ProxyLayer } from '../dynamodb/dynamodb-proxy';
import { LocalTable, startLocalTable } from './local-table';
import { LOCAL_TABLE_NAMES } from '../dynamodb/local-dynamodb';

const LOCAL_STAGE = 'local';

export interface LocalRuntimeOptions {
  /** `STAGE`, and the middle of function names (`todo-<stage>-<name>`). @default 'local' */
  readonly stage?: string;
  /** `CORS_ALLOWED_ORIGINS`. @default '*' */
  readonly corsAllowedOrigins?: string;
  /** Set after the function environment (tests: log sampling, tracing). @default - nothing more */
  readonly environment?: Readonly<Record<string, string>>;
  /** Settings already in the environment win over the defaults; never the table wiring. @default false */
  readonly keepDeveloperSettings?: boolean;
  /** @default the TypeScript sources in lambda/handlers */
  readonly handlers?: HandlerSource;
  /** @default 'one-at-a-time' */
  readonly invocations?: Invocations;
  /**
   * The todo table's stream: audited by the real processor, handed to a function, or not emulated.
   * @default 'audit'
   */
  readonly stream?: 'audit' | 'none' | ((record: DynamoDBRecord) => void);
  /** @default LOCAL_TABLE_NAMES */
  readonly tableNames?: { readonly todo: string; readonly idempotency: string };
  /** Layers in front of the tables' emulation (local-table.ts `outerLayers`). @default - none */
  readonly proxyLayers?: readonly ProxyLayer[];
}

export interface LocalRuntime {
  readonly stage: string;
  readonly table: LocalTable;
  /** A fresh Lambda context for function `name`. */
  context(name: string): Context;
  /** Invokes function `name` (a fresh context unless given) and resolves with what its handler returned. */
  invoke(name: string, event: unknown, context?: Context): Promise<unknown>;
  /** Resolves once every invocation so far, audit included, has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const stage = options.stage ?? LOCAL_STAGE;
  const host = new FunctionHost(options.handlers ?? sourceHandlers, options.invocations ?? 'one-at-a-time');
  const context = (name: string): Context => buildLambdaContext(name, { stage });
  const stream = options.stream ?? 'audit';
  const tableNames = options.tableNames ?? LOCAL_TABLE_NAMES;
  const keep = { keepDeveloperSettings: options.keepDeveloperSettings ?? false };
  // Before any handler module loads (handlers read their configuration at init, as in Lambda), and before the
  // tables start: their own SDK clients read the same settings (region, credentials, warnings).
  const settings = {
    stage,
    corsAllowedOrigins: options.corsAllowedOrigins ?? '*',
    todoTableName: tableNames.todo,
    idempotencyTableName: tableNames.idempotency,
  };
  applyFunctionEnvironment({ ...functionEnvironment(settings), ...options.environment }, keep);
  const table = await startLocalTable({
    todoTableName: tableNames.todo,
    idempotencyTableName: tableNames.idempotency,
    onRecord: stream === 'none' ? undefined : stream === 'audit' ? auditStream(host, context) : stream,
    outerLayers: options.proxyLayers,
  });
  applyFunctionEnvironment(dynamoDbEndpointEnvironment(table.endpoint), keep);

  let closed: Promise<void> | undefined;
  return {
    stage,
    table,
    context,
    invoke: (name, event, given) => host.invoke(name, event, given ?? context(name)),
    settled: () => host.settled(),
    close: () =>
      (closed ??= (async () => {
        await host.settled(); // audit entries of the last writes are written first
        await table.close();
      })()),
  };
}
