import { parentPort, workerData } from 'node:worker_threads';
import { TaskResult, WorkerInput } from './parallel';
import { loadApp, runScenario } from './replay-runner';
import { compareWithWorkbook } from './workbook';

/** A replay worker (see parallel.ts): loads the app once, runs its tasks, posts each result and progress line. */
const input = workerData as WorkerInput;
const port = parentPort as NonNullable<typeof parentPort>;
const app = loadApp(input.cdkOut, input.stage);
for (const { index, task } of input.tasks) {
  const started = Date.now();
  let result: TaskResult;
  if (task.kind === 'scenario') {
    const scenario = runScenario(app, task.scenario);
    result = { index, scenario };
    const counts = ['critical', 'warning', 'info'].map(
      (s) => `${scenario.notifications.filter((n) => n.severity === s).length} ${s}`,
    );
    port.postMessage({
      progress: `${scenario.failures.length === 0 ? 'ok  ' : 'FAIL'} ${task.scenario.name}: ${counts.join(', ')} (${Date.now() - started} ms)`,
    });
  } else {
    result = { index, workbook: compareWithWorkbook(app, [task.errorRate]) };
    port.postMessage({ progress: `ok   workbook at ${task.errorRate * 100}% errors (${Date.now() - started} ms)` });
  }
  port.postMessage({ result });
}
