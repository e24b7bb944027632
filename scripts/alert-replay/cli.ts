/**
 * npm run alerts:replay [-- --stage prod] [--scenario file …] [--json out.json] [--cdk-out dir] [--out dir]
 *
 * Synthesizes the stage (or reads --cdk-out), replays every scenario (default: the suite in scenarios/), prints what
 * notified, and writes the report (docs/alerting/ for the prod suite) and the JSON. Exits 1 when an expectation fails
 * or an alarm is never evaluated or never fires.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenario } from './scenario';
import { replaySuite, suiteScenarios, writeReport } from './suite';
import { synthesizeStage } from './synth';

interface Options {
  stage: string;
  scenarios: string[];
  json?: string;
  cdkOut?: string;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { stage: 'prod', scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--stage') options.stage = need();
    else if (flag === '--scenario') options.scenarios.push(need());
    else if (flag === '--json') options.json = need();
    else if (flag === '--cdk-out') options.cdkOut = need();
    else if (flag === '--out') options.out = need();
    else throw new Error(`unknown option ${flag} (allowed: --stage, --scenario, --json, --cdk-out, --out)`);
  }
  if (!['dev', 'prod'].includes(options.stage)) throw new Error(`--stage must be dev or prod, got ${options.stage}`);
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (options.cdkOut === undefined) process.stderr.write(`Synthesizing ${options.stage}…\n`);
  const cdkOut = options.cdkOut ?? synthesizeStage(options.stage);
  const suite = options.scenarios.length === 0;
  const scenarios = suite ? suiteScenarios() : options.scenarios.map((file) => loadScenario(file));
  const replayStarted = Date.now();
  const run = await replaySuite(cdkOut, options.stage, scenarios, {
    suite,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const replaySeconds = (Date.now() - replayStarted) / 1000;
  for (const warning of run.warnings) process.stderr.write(`warning: ${warning}\n`);
  const out =
    options.out ??
    (suite && options.stage === 'prod' ? path.join(__dirname, '..', '..', 'docs', 'alerting') : undefined);
  if (out !== undefined) {
    writeReport(out, run.files);
    process.stderr.write(`Report: ${path.relative(process.cwd(), out)}/README.md\n`);
  }
  if (options.json !== undefined) fs.writeFileSync(options.json, `${JSON.stringify(run.json, null, 2)}\n`);
  process.stderr.write(
    `Replayed ${scenarios.length} scenarios in ${replaySeconds.toFixed(1)} s (${((Date.now() - started) / 1000).toFixed(1)} s with synth)\n`,
  );
  for (const problem of run.problems) process.stderr.write(`FAIL ${problem}\n`);
  process.exitCode = run.problems.length === 0 ? 0 : 1;
}

main().catch((error: Error) => {
  process.stderr.write(`alerts:replay: ${error.message}\n`);
  process.exitCode = 2;
});
