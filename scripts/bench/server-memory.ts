/**
 * The local server's resident memory over a long session: `npm start`'s server in a process of its own (so its RSS
 * is only the server's), a few todos, then many `GET /todos?limit=1` requests (each stops at its limit, the case
 * that used to leak an open dynalite iterator per request). Prints nothing; the caller reports.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
/** Requests in flight at once: enough to keep the server busy, few enough to stay a realistic session. */
const CONCURRENCY = 8;

export interface ServerMemory {
  readonly requests: number;
  /** RSS after start-up and a warm-up of the same requests, in MiB. */
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
}

export async function measureServerMemory(requests: number, warmUp = 500): Promise<ServerMemory> {
  const server = await startServerProcess();
  try {
    const todos = `${server.url}/todos`;
    for (const title of ['one', 'two', 'three']) {
      const created = await fetch(todos, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${await created.text()}`);
    }
    const limitedList = async (count: number): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next++ < count) {
          const response = await fetch(`${todos}?limit=1`);
          await response.arrayBuffer();
          if (response.status !== 200 || !response.headers.get('link')) {
            throw new Error(`expected a limited page with a next link, got ${response.status}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };
    await limitedList(warmUp);
    const rssBeforeMiB = await residentMiB(server.pid);
    await limitedList(requests);
    const rssAfterMiB = await residentMiB(server.pid);
    return { requests, rssBeforeMiB, rssAfterMiB };
  } finally {
    await server.stop();
  }
}

interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** `local/server.ts` under node with tsx's loader: one process (no tsx wrapper), quiet, on an ephemeral port. */
async function startServerProcess(): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'local', 'server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/todos/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the local server exited (${code}) before listening:\n${output}`)));
  });
  return {
    pid: child.pid!,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round((kib / 1024) * 10) / 10;
}

if (require.main === module) {
  const requests = Number(process.argv[2] ?? 10_000);
  measureServerMemory(requests).then(
    (m) =>
      console.log(
        `local server memory: RSS ${m.rssBeforeMiB} MiB before, ${m.rssAfterMiB} MiB after ` +
          `${m.requests} limited list requests`,
      ),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
