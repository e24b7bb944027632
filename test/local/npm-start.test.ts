/**
 * `npm start` as a developer runs it: a separate process that says where it listens, serves requests, prints the
 * handlers' JSON logs and EMF metrics, and stops cleanly (exit code 0) on Ctrl-C.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let child: ChildProcess | undefined;
let stdout = '';
let stderr = '';

afterEach(() => {
  // tsx runs the server in a child process of its own: on failure, stop the whole process group we started.
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    process.kill(-child.pid, 'SIGKILL');
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
  // Only the variables a shell would pass; the jest worker's own settings stay out.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0' };
  child = spawn(TSX, ['local/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

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
