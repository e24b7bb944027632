/**
 * `npm start`: the real handlers behind a local stand-in for API Gateway (gateway/), run by the local runtime
 * (runtime/) against an in-memory DynamoDB (dynalite). The handlers print the same JSON logs and EMF metric lines
 * as in Lambda. Auth is LOCAL-ONLY (gateway/local-auth.ts): bearer JWTs are decoded without verification. The audit
 * trail runs too: each change's stream record goes to the real audit processor, which prints its `audit` line. It
 * also serves the web client (web/, built in memory on the first page request; see web-client.ts) at `/`, calling
 * the API on the same origin without sign-in.
 *
 *   npm start                 # web app http://localhost:3000/, API http://localhost:3000/todos
 *   PORT=8080 npm start
 *   CORS_ALLOWED_ORIGINS=http://localhost:5173 npm start
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiGateway } from './gateway/gateway';
import { portHolder, watchLaunchers } from './process-lifetime';
import { logLocalError } from './runtime/local-log';
import { LocalRuntime, startLocalRuntime } from './runtime/runtime';
import { createWebClient } from './web-client';

const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '127.0.0.1';

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
  const runtime = await acquireRuntime();
  const host = options.host ?? DEFAULT_HOST;
  const urlHost = host === DEFAULT_HOST || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let authority = urlHost;

  const web = createWebClient();
  const gateway = apiGateway({ runtime, listening: () => authority });
  const server = createServer((request, response) => {
    const rawPath = (request.url ?? '/').split('?', 1)[0];
    if (!web.handle(request.method ?? 'GET', rawPath, response)) {
      gateway(request, response);
    }
  });
  const requestedPort = options.port ?? DEFAULT_PORT;
  server.listen(requestedPort, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    await releaseRuntime();
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUse(requestedPort, error) : error;
  }
  const { port } = server.address() as AddressInfo;
  authority = `${urlHost}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${authority}`,
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
        await releaseRuntime();
      })()),
  };
}

/** EADDRINUSE with what to do about it: who holds the port, when that can be found out. */
function portInUse(port: number, cause: unknown): Error {
  const holder = portHolder(port);
  const stop = holder ? 'Stop it' : `Stop what holds it (lsof -iTCP:${port} -sTCP:LISTEN shows it)`;
  const message =
    `Port ${port} is already in use${holder ? ` by ${holder}` : ''}. ${stop} ` +
    `or start on another port: PORT=${port + 1} npm start`;
  return Object.assign(new Error(message, { cause }), { code: 'EADDRINUSE' });
}

// ---- One runtime per process, shared by every local server in it (handler modules and process.env are global) ----

let shared: { runtime: Promise<LocalRuntime>; users: number } | undefined;

async function acquireRuntime(): Promise<LocalRuntime> {
  if (!shared) {
    const runtime = startLocalRuntime({ keepDeveloperSettings: true });
    shared = { runtime, users: 0 };
    runtime.catch(() => (shared = undefined));
  }
  shared.users += 1;
  return shared.runtime;
}

async function releaseRuntime(): Promise<void> {
  if (shared && --shared.users === 0) {
    const { runtime } = shared;
    shared = undefined;
    await (await runtime).close();
  }
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
  // A SIGKILLed npm or tsx cannot pass anything on: without this the server would keep the port.
  watchLaunchers((pid) => {
    console.error(`The process that started the local server (${pid}) is gone; stopping.`);
    stop();
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`The local server could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
