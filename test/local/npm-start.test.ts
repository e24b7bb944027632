/**
 * `npm start` as a developer runs it: a separate process that says where it listens, serves requests, prints the
 * handlers' JSON logs and EMF metrics, and stops cleanly (exit code 0) on Ctrl-C; that goes when the process that
 * started it is killed; and that says what holds its port when it cannot listen.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import * as path from 'node:path';
import { canListen } from './http-client';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let stdout = '';
let stderr = '';
/** Process groups this file started: tsx runs the server in a child process of its own, which may outlive tsx. */
const groups: number[] = [];

afterEach(() => {
  // On failure, stop every process group we started (a group whose processes are all gone is skipped).
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const value = check();
      if (value !== undefined) {
        clearInterval(timer);
        resolve(value);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }
    }, 25);
  });
}

test('serves requests, prints the handler logs, and exits 0 on SIGINT (Ctrl-C)', async () => {
  const { child, exited } = startServer(0);

  const url = await waitFor('the listening line', 20_000, () => /listening on (http:\/\/\S+\/todos)/.exec(stdout)?.[1]);
  expect(stdout).toMatch(/LOCAL-ONLY/);

  const response = await fetch(url, { headers: { Origin: 'http://localhost:5173' } });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual([]);
  expect(response.headers.get('access-control-allow-origin')).toBe('*'); // the local default

  const jsonLines = (): Record<string, unknown>[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  // As in Lambda: Powertools JSON logs with the function's context, and EMF lines CloudWatch turns into metrics.
  const completed = await waitFor('the request log line', 5_000, () =>
    jsonLines().find((line) => line.message === 'request completed'),
  );
  expect(completed).toEqual(
    expect.objectContaining({
      level: 'INFO',
      function_name: 'todo-local-list-todos',
      cold_start: true,
      statusCode: 200,
    }),
  );
  await waitFor('the ColdStart EMF line', 5_000, () =>
    jsonLines().find((line) => 'ColdStart' in line && '_aws' in line),
  );

  const sent = Date.now();
  process.kill(-child.pid!, 'SIGINT'); // what Ctrl-C does: SIGINT to the terminal's foreground process group
  expect(await exited).toBe(0);
  expect(Date.now() - sent).toBeLessThan(5_000);
});

/** `tsx local/server.ts` as npm runs it, in a process group of its own (tsx runs the server in a child process). */
function startServer(port: number): { child: ChildProcess; exited: Promise<number | null> } {
  // Only the variables a shell would pass; the jest worker's own settings stay out.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) };
  const child = spawn(TSX, ['local/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.push(child.pid!);
  stdout = '';
  stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

test('a SIGKILL of the wrapper (tsx) takes the server with it: the port is free and the next start works', async () => {
  const first = startServer(0);
  const url = await waitFor('the listening line', 20_000, () => /listening on (http:\/\/\S+)\/todos/.exec(stdout)?.[1]);
  const port = Number(new URL(url).port);

  process.kill(first.child.pid!, 'SIGKILL'); // tsx only: nothing can pass a SIGKILL on to the server

  let free = false;
  await waitFor('the port to be released', 5_000, () => {
    void canListen(port).then((result) => (free = result));
    return free || undefined;
  });
  const second = startServer(port);
  await waitFor('the second listening line', 20_000, () =>
    stdout.includes(`localhost:${port}/todos`) ? true : undefined,
  );
  process.kill(-second.child.pid!, 'SIGINT');
  expect(await second.exited).toBe(0);
});

test('a port in use is reported with the process that holds it', async () => {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  try {
    const { exited } = startServer(port);

    expect(await exited).toBe(1);
    expect(stderr).toContain(`Port ${port} is already in use by process ${process.pid} (`);
  } finally {
    holder.close();
  }
});
