/**
 * `npm start`: the real handlers behind a local stand-in for API Gateway (REST API, Lambda proxy integration),
 * backed by an in-memory DynamoDB (dynalite). The handlers print the same JSON logs and EMF metric lines as in
 * Lambda. Auth is LOCAL-ONLY (see local-auth.ts): bearer JWTs are decoded without verification. The audit trail
 * runs too: the handlers reach dynalite through a stream emulator (stream-emulator.ts) whose records the real audit
 * processor handles in-process, so each change prints its `audit` line. It also serves the web client (web/, built
 * in memory on the first page request; see web-client.ts) at `/`, calling the API on the same origin without sign-in.
 *
 *   npm start                 # web app http://localhost:3000/, API http://localhost:3000/todos
 *   PORT=8080 npm start
 *   CORS_ALLOWED_ORIGINS=http://localhost:5173 npm start
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { allowedMethods, AUDIT_PROCESSOR, HANDLER_ENV } from '../lambda/routes';
import { TODO_TABLE_SCHEMA } from '../lambda/shared/table-schema';
import { buildLambdaContext, buildProxyEvent, findFunction, LOCAL_STAGE, matchPath } from './api-gateway-event';
import { GatewayStatus, gatewayPreflight, gatewayProblem } from './gateway-responses';
import { resolveLocalCaller } from './local-auth';
import { LOCAL_FUNCTION_ENV } from './function-env';
import { LOCAL_AWS_ENV, LocalDynamoDb, startLocalDynamoDb } from './local-dynamodb';
import { startStreamEmulator, StreamEmulator } from './stream-emulator';
import { createWebClient, WebClient } from './web-client';

/** API Gateway's payload limit; the handlers enforce their own, much smaller one. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '127.0.0.1';
const HANDLERS_DIR = path.join(__dirname, '..', 'lambda', 'handlers');

export interface LocalServerOptions {
  /** @default 3000 - use 0 for an ephemeral port */
  readonly port?: number;
  /** @default '127.0.0.1' - loopback only: the auth is fake, so never listen on a public interface by default */
  readonly host?: string;
}

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. `http://localhost:3000`; the API lives under `${url}/todos`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  applyLocalEnvDefaults();
  const db = await acquireLocalDynamoDb();
  applyLocalDynamoDbEnv(db);

  const web = createWebClient();
  const server = createServer((request, response) => {
    handle(request, response, web).catch((error: unknown) => {
      logLocalError('local server failure', error);
      if (!response.headersSent) {
        const failure = {
          status: 502,
          detail: 'The local gateway failed',
          requestId: randomUUID(),
          origin: request.headers.origin,
        } as const;
        writeResult(response, gatewayProblem(failure));
      } else {
        response.destroy();
      }
    });
  });
  const host = options.host ?? DEFAULT_HOST;
  server.listen(options.port ?? DEFAULT_PORT, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    await releaseLocalDynamoDb();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const urlHost = host === DEFAULT_HOST || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      (closed ??= (async () => {
        const stopped = new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
        server.closeIdleConnections();
        // Requests still running get a moment to finish, then their connections are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 1000).unref();
        await stopped;
        clearTimeout(cut);
        await lastInvocation.catch(() => undefined); // audit entries of the last requests are written first
        await releaseLocalDynamoDb();
      })()),
  };
}

/**
 * The web client's GET/HEAD paths first (`/`, `/assets/*`, ...: the CloudFront site in the cloud), then the API in
 * API Gateway's order: route (404), preflight (no auth), payload limit (413), Cognito authorizer (401), then the
 * method: the ANY mock answering 405, or the Lambda proxy integration.
 */
async function handle(request: IncomingMessage, response: ServerResponse, web: WebClient): Promise<void> {
  const requestId = randomUUID();
  const origin = request.headers.origin;
  const method = request.method ?? 'GET';
  const [rawPath, rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s, 2);
  const problem = (status: GatewayStatus, detail: string, headers?: Record<string, string>): void =>
    writeResult(response, gatewayProblem({ status, detail, requestId, origin, headers }));

  if (web.handle(method, rawPath, response)) {
    return;
  }
  const matched = matchPath(rawPath);
  if (!matched) {
    return problem(404, `No route matches ${method} ${rawPath}`);
  }
  const allowed = allowedMethods(matched.resource);
  if (method === 'OPTIONS') {
    return writeResult(response, gatewayPreflight(origin, allowed));
  }
  const body = await readBody(request, MAX_REQUEST_BODY_BYTES);
  if (body === undefined) {
    response.setHeader('Connection', 'close');
    return problem(413, `The request body exceeds API Gateway's limit of ${MAX_REQUEST_BODY_BYTES} bytes`);
  }
  const caller = resolveLocalCaller(request.headers.authorization);
  if (!caller.ok) {
    return problem(401, caller.detail, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  const fn = findFunction(matched.resource, method);
  if (!fn) {
    const allow = allowed.join(', ');
    return problem(405, `${method} is not allowed on ${matched.resource}; allowed: ${allow}`, { Allow: allow });
  }

  const query = new URLSearchParams(rawQuery);
  const event = buildProxyEvent({ request, requestId, rawPath, query, matched, body, claims: caller.claims });
  const context = buildLambdaContext(fn.name);
  let result: unknown;
  try {
    result = await invoke(fn.name, event, context);
  } catch (error) {
    // In Lambda the runtime logs an unhandled error to the function's log group; API Gateway answers 502.
    logLocalError(`${context.functionName} failed`, error, context.awsRequestId);
    return problem(502, 'The function failed; see its log above');
  }
  if (!isProxyResult(result)) {
    logLocalError(`${context.functionName} returned a malformed proxy response`, result, context.awsRequestId);
    return problem(502, 'Malformed Lambda proxy response');
  }
  writeResult(response, result);
}

// ---- The functions: loaded on first use, invoked one at a time ----

type Handler<E = APIGatewayProxyEvent> = (event: E, context: Context) => Promise<unknown>;

const loadedHandlers = new Map<string, Promise<Handler<never>>>();
let lastInvocation: Promise<unknown> = Promise.resolve();

function loadHandler<E = APIGatewayProxyEvent>(name: string): Promise<Handler<E>> {
  let loaded = loadedHandlers.get(name) as Promise<Handler<E>> | undefined;
  if (!loaded) {
    loaded = import(path.join(HANDLERS_DIR, `${name}.ts`)).then(
      (mod: { handler?: unknown; default?: { handler?: unknown } }) => {
        const handler = mod.handler ?? mod.default?.handler;
        if (typeof handler !== 'function') {
          throw new Error(`lambda/handlers/${name}.ts does not export a function named handler`);
        }
        return handler as Handler<E>;
      },
    );
    loaded.catch(() => loadedHandlers.delete(name)); // a fixed file is picked up by the next request
    loadedHandlers.set(name, loaded);
  }
  return loaded;
}

/**
 * One invocation at a time, across all functions. A Lambda environment never runs two invocations at once, and
 * here every function shares one module graph, so the per-request state of lambda/shared (logger keys, buffered
 * metrics) must never interleave. For the same reason the cold start is reported once per process, not per function.
 */
function invoke(name: string, event: APIGatewayProxyEvent, context: Context): Promise<unknown> {
  const run = lastInvocation.catch(() => undefined).then(async () => (await loadHandler(name))(event, context));
  lastInvocation = run;
  return run;
}

// ---- The audit trail: the table stream's records, handed to the real processor in-process ----

/**
 * Like the event source mapping in Lambda, the processor runs after the write, never inside it: each record is
 * queued behind the invocation that wrote it (one invocation at a time, as above), one record per batch. A record it
 * cannot audit is logged; in Lambda it would be retried, bisected and sent to the dead-letter queue.
 */
function auditRecord(record: DynamoDBRecord): void {
  const event: DynamoDBStreamEvent = { Records: [record] };
  const context = buildLambdaContext(AUDIT_PROCESSOR.name);
  const run = lastInvocation
    .catch(() => undefined)
    .then(async () => (await loadHandler<DynamoDBStreamEvent>(AUDIT_PROCESSOR.name))(event, context));
  lastInvocation = run.then(
    (response) => {
      const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? [];
      if (failures.length > 0) {
        logLocalError(`${context.functionName} reported failed records`, failures, context.awsRequestId);
      }
    },
    (error: unknown) => logLocalError(`${context.functionName} failed`, error, context.awsRequestId),
  );
}

// ---- Environment and the in-memory table, shared by every local server of this process ----

/** dynalite and, in front of it, the stream emulator the handlers talk to. */
interface LocalTable {
  readonly db: LocalDynamoDb;
  readonly stream: StreamEmulator;
}

let sharedDb: { table: Promise<LocalTable>; users: number } | undefined;
/**
 * Handler modules stay loaded for the life of the process with SDK clients bound to the first endpoint, so a
 * later server of the same process (tests) brings the endpoint back on the same port.
 */
let pinnedEndpointPort: number | undefined;

async function startLocalTable(): Promise<LocalTable> {
  const db = await startLocalDynamoDb();
  try {
    const stream = await startStreamEmulator({
      target: db.endpoint,
      tableName: db.todoTableName,
      keyAttributes: [TODO_TABLE_SCHEMA.partitionKey, TODO_TABLE_SCHEMA.sortKey],
      onRecord: auditRecord,
      port: pinnedEndpointPort,
    });
    return { db, stream };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function acquireLocalDynamoDb(): Promise<LocalTable> {
  if (!sharedDb) {
    const table = startLocalTable();
    sharedDb = { table, users: 0 };
    table.catch(() => (sharedDb = undefined));
  }
  sharedDb.users += 1;
  const table = await sharedDb.table;
  pinnedEndpointPort = Number(new URL(table.stream.endpoint).port);
  return table;
}

async function releaseLocalDynamoDb(): Promise<void> {
  if (sharedDb && --sharedDb.users === 0) {
    const { table } = sharedDb;
    sharedDb = undefined;
    const { db, stream } = await table;
    await stream.close();
    await db.close();
  }
}

/** What the stage config sets in Lambda; values already in the environment win. */
function applyLocalEnvDefaults(): void {
  const defaults: Record<string, string> = {
    [HANDLER_ENV.corsAllowedOrigins]: '*',
    [HANDLER_ENV.stage]: LOCAL_STAGE,
    ...LOCAL_FUNCTION_ENV,
  };
  for (const [name, value] of Object.entries(defaults)) {
    process.env[name] ??= value;
  }
}

function applyLocalDynamoDbEnv({ db, stream }: LocalTable): void {
  // Always the local engine with throwaway credentials: the local server never reaches a real AWS account.
  Object.assign(process.env, LOCAL_AWS_ENV, {
    // The SDK v3 reads service-specific endpoints from the environment; writes go through the stream emulator.
    AWS_ENDPOINT_URL_DYNAMODB: stream.endpoint,
    [HANDLER_ENV.todoTableName]: db.todoTableName,
    [HANDLER_ENV.idempotencyTableName]: db.idempotencyTableName,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

// ---- HTTP plumbing ----

/** The body, or undefined when it exceeds `limit` (the rest is drained so the 413 reaches the client). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
    }
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  const result = value as Partial<APIGatewayProxyResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    Number.isInteger(result.statusCode) &&
    (result.body === undefined || typeof result.body === 'string')
  );
}

/** Writes a proxy result like API Gateway: `multiValueHeaders` win over `headers` for the same name. */
function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const merged = new Map<string, [string, string[]]>();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    merged.set(name.toLowerCase(), [name, [String(value)]]);
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    merged.set(name.toLowerCase(), [name, values.map(String)]);
  }
  response.statusCode = result.statusCode;
  for (const [name, values] of merged.values()) {
    response.setHeader(name, values.length === 1 ? values[0] : values);
  }
  response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}

function logLocalError(message: string, error: unknown, requestId?: string): void {
  const err = error instanceof Error ? error : undefined;
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message,
      requestId,
      errorType: err?.name,
      errorMessage: err ? err.message : JSON.stringify(error),
      stackTrace: err?.stack?.split('\n'),
    }),
  );
}

// ---- npm start ----

async function main(): Promise<void> {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${process.env.PORT}"`);
  }
  const server = await startLocalServer({ port });
  console.log(
    `Todo API (local) listening on ${server.url}/todos, web app on ${server.url}/ — auth is LOCAL-ONLY: a Bearer ` +
      `JWT is decoded without verifying it (its "sub" is the caller), no Authorization header acts as ` +
      `"local-user". Ctrl-C to stop.`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      process.exit(130); // a second Ctrl-C does not wait
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logLocalError('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    logLocalError('the local server could not start', error);
    process.exit(1);
  });
}
