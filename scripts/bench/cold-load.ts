/**
 * Cold module load: a fresh `node` per run, timed inside the child around the import of a bundle, so process start
 * is excluded; the environment is the one the handler reads at init in Lambda.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { functionEnvironment } from '../../local/runtime/environment';
import { functionNameOf, LOCAL_FUNCTION_MEMORY_MB } from '../../local/runtime/lambda-context';
import { stats, Stats } from './stats';

const ROOT = path.join(__dirname, '..', '..');
export const BENCH_STAGE = 'bench';
export const BENCH_TABLES = { todo: 'todo-bench-todos', idempotency: 'todo-bench-idempotency' } as const;

const execFileAsync = promisify(execFile);

/** Runs in a fresh `node`: times only the import of the bundle, as the Lambda runtime loads it at init. */
const LOAD_RUNNER = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const file = process.argv[2];
const started = performance.now();
const mod = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : createRequire(import.meta.url)(file);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, handler: typeof (mod.handler ?? mod.default?.handler) }));
`;

export interface ColdLoadSubject {
  readonly name: string;
  readonly ours: { readonly file: string };
  readonly reference: { readonly file: string };
}

/** `runs` loads of each bundle, ours and reference interleaved (alternating first) so machine noise hits both. */
export async function measureColdLoads(
  subjects: readonly ColdLoadSubject[],
  runs: number,
  tmp: string,
): Promise<Map<string, { ours: Stats; reference: Stats }>> {
  const runner = path.join(tmp, 'load-runner.mjs');
  await writeFile(runner, LOAD_RUNNER);
  const samples = new Map(subjects.map((s) => [s.name, { ours: [] as number[], reference: [] as number[] }]));
  for (let run = 0; run < runs; run++) {
    for (const subject of subjects) {
      const order = run % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const);
      for (const variant of order) {
        samples.get(subject.name)![variant].push(await loadOnce(runner, subject[variant].file, subject.name));
      }
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  return new Map([...samples].map(([name, s]) => [name, { ours: stats(s.ours), reference: stats(s.reference) }]));
}

async function loadOnce(runner: string, file: string, name: string): Promise<number> {
  const { stdout } = await execFileAsync(process.execPath, [runner, file], {
    env: lambdaInitEnv(name),
    cwd: path.dirname(file),
  });
  const { ms, handler } = JSON.parse(stdout) as { ms: number; handler: string };
  if (handler !== 'function') {
    throw new Error(`${file} does not export a handler function`);
  }
  return ms;
}

/** The environment Lambda gives the function at init (nothing inherited from this shell). */
function lambdaInitEnv(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    // Where the reference build finds the SDK it leaves external (the runtime's own copy in Lambda).
    NODE_PATH: path.join(ROOT, 'node_modules'),
    ...functionEnvironment({
      stage: BENCH_STAGE,
      corsAllowedOrigins: '*',
      todoTableName: BENCH_TABLES.todo,
      idempotencyTableName: BENCH_TABLES.idempotency,
      function: { name: functionNameOf(BENCH_STAGE, name), memoryMb: LOCAL_FUNCTION_MEMORY_MB },
    }),
  };
}
