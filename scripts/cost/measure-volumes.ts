/**
 * `npm run cost:measure`: measures what one request of each route writes to each log group and consumes, by running
 * the real handlers locally (request-volumes.ts), and writes lib/cost/measured-volumes.json for the cost model.
 * test/scripts/cost/measure-volumes.test.ts measures again and fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { MeasuredVolumes } from '../../lib/cost/measured-volumes';
import { measureRequestVolumes } from './request-volumes';

/** Enough to average the few bytes that vary (latencies, ids) and keep the run to a few seconds. */
export const REQUESTS_PER_ROUTE = 10;
export const TODOS_PER_USER = 15;
export const MEASURED_VOLUMES_FILE = path.join(__dirname, '..', '..', 'lib', 'cost', 'measured-volumes.json');

export function methodOf(requestsPerRoute: number): string {
  return (
    `Real handlers in the local runtime (Node ${process.version}, dynalite, stream emulator feeding the audit ` +
    `processor), prod settings (log level INFO, debug sampling off), users with ${TODOS_PER_USER} todos of ~31-char ` +
    `titles, ${requestsPerRoute} warm requests per route after 1 warm-up; bytes are UTF-8 (stdout lines with their ` +
    'newline); platform lines constructed from the documented JSON schema, not captured; access line rendered from ' +
    'ACCESS_LOG_FIELDS; request units computed at the DynamoDB proxy (reads as dynalite reports them, writes from ' +
    'item sizes incl. index upkeep and failed conditions); durationMs is the local warm median.'
  );
}

export async function measure(requestsPerRoute: number): Promise<MeasuredVolumes> {
  const routes = await measureRequestVolumes({ requestsPerRoute, todosPerUser: TODOS_PER_USER });
  return { measuredAt: new Date().toISOString().slice(0, 10), method: methodOf(requestsPerRoute), routes };
}

async function main(): Promise<void> {
  const started = Date.now();
  const volumes = await measure(REQUESTS_PER_ROUTE);
  writeFileSync(MEASURED_VOLUMES_FILE, `${JSON.stringify(volumes, null, 2)}\n`);
  console.table(volumes.routes);
  console.log(`wrote ${path.relative(process.cwd(), MEASURED_VOLUMES_FILE)} in ${Date.now() - started} ms`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
