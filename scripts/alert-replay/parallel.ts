import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ScenarioResult } from './replay-runner';
import { Scenario, trafficProfile } from './scenario';
import { WorkbookRow } from './workbook';

/** One unit of work for a worker: a scenario, or one error rate of the workbook comparison. */
export type Task =
  | { readonly kind: 'scenario'; readonly scenario: Scenario }
  | { readonly kind: 'workbook'; readonly errorRate: number };

export interface TaskResult {
  readonly index: number;
  readonly scenario?: ScenarioResult;
  readonly workbook?: WorkbookRow[];
}

export interface WorkerInput {
  readonly cdkOut: string;
  readonly stage: string;
  readonly tasks: readonly { readonly index: number; readonly task: Task }[];
}

/** Rough cost of a task (simulated requests), to share the work evenly. */
function cost(task: Task): number {
  if (task.kind === 'workbook') return 5 * 1440 * 2;
  const { scenario } = task;
  return (scenario.startHourUtc * 60 + scenario.durationMinutes) * trafficProfile(scenario).requestsPerSecond;
}

/**
 * Runs the tasks on worker threads (one per core, two at most: each worker simulates the shared history once), in
 * the order given back. The scenarios are independent, so the suite takes about half as long on this 2-core machine.
 */
export async function runInWorkers(
  cdkOut: string,
  stage: string,
  tasks: readonly Task[],
  progress: (line: string) => void,
): Promise<TaskResult[]> {
  const workers = Math.max(1, Math.min(2, os.availableParallelism(), tasks.length));
  const groups: { index: number; task: Task }[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  const ordered = tasks.map((task, index) => ({ index, task })).sort((a, b) => cost(b.task) - cost(a.task));
  for (const entry of ordered) {
    const lightest = load.indexOf(Math.min(...load));
    groups[lightest].push(entry);
    load[lightest] += cost(entry.task);
  }
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(path.join(__dirname, 'replay-worker.ts'))});`;
  const results = await Promise.all(
    groups.map(
      (group) =>
        new Promise<TaskResult[]>((resolve, reject) => {
          const collected: TaskResult[] = [];
          const input: WorkerInput = { cdkOut, stage, tasks: group };
          const worker = new Worker(bootstrap, { eval: true, workerData: input });
          worker.on('message', (message: { progress?: string; result?: TaskResult }) => {
            if (message.progress !== undefined) progress(message.progress);
            if (message.result !== undefined) collected.push(message.result);
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            code === 0 ? resolve(collected) : reject(new Error(`replay worker exited with ${code}`)),
          );
        }),
    ),
  );
  return results.flat().sort((a, b) => a.index - b.index);
}
