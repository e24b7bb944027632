/**
 * `npm run cost [-- --stage prod] [--rps 1,10,100] [--region us-east-1] [--json out.json] [--cdk-out dir]`: the
 * monthly cost of a stage at each traffic level, from its synthesized templates, the measured volumes per request
 * (lib/cost/measured-volumes.json, `npm run cost:measure`) and dated list prices (lib/cost/prices.json).
 */
import * as fs from 'node:fs';
import { CostReport, costReport, parseRps, readTemplates } from '../../lib/cost/cost-report';
import { synthesizeStage } from '../alert-replay/synth';

interface Options {
  stage: string;
  rps: number[];
  region: string;
  json?: string;
  cdkOut?: string;
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { stage: 'prod', rps: [1, 10, 100], region: 'us-east-1' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--stage') {
      if (!['dev', 'prod'].includes(value)) throw new Error(`--stage must be dev or prod, got "${value}"`);
      options.stage = value;
    } else if (flag === '--rps') options.rps = parseRps(value);
    else if (flag === '--region') options.region = value;
    else if (flag === '--json') options.json = value;
    else if (flag === '--cdk-out') options.cdkOut = value;
    else throw new Error(`unknown option ${flag}; options: --stage, --rps, --region, --json, --cdk-out`);
  }
  return options;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

export function formatReport(report: CostReport): string {
  const lines = [
    `Monthly estimate for ${report.stage} in ${report.region} (list prices checked ${report.pricesCheckedOn})`,
  ];
  for (const level of report.levels) {
    lines.push('', `${level.rps} requests/s:`);
    for (const c of [...level.components].sort((a, b) => b.monthlyUsd - a.monthlyUsd)) {
      if (c.monthlyUsd === 0 && c.quantity === 0) continue;
      lines.push(`  ${usd(c.monthlyUsd).padStart(10)}  ${c.category.padEnd(20)} ${c.name}`);
    }
    lines.push(
      `  ${usd(level.observabilityMonthlyUsd).padStart(10)}  observability total`,
      `  ${usd(level.serviceMonthlyUsd).padStart(10)}  service total (API Gateway, Lambda, DynamoDB)`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const dir = options.cdkOut ?? synthesizeStage(options.stage);
  const report = costReport(options.stage, readTemplates(dir), options.rps, options.region);
  console.log(formatReport(report));
  if (options.json) fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
