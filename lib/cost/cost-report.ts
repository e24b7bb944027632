import * as fs from 'node:fs';
import * as path from 'node:path';
import { CostLevel, estimate } from './estimate';
import { MeasuredVolumes } from './measured-volumes';
import MEASURED from './measured-volumes.json';
import { priceBook } from './prices';
import { readUsage, TemplateJson } from './template-usage';

export interface CostReport {
  readonly stage: string;
  readonly region: string;
  readonly currency: 'USD';
  readonly pricesCheckedOn: string;
  readonly levels: readonly CostLevel[];
}

/** The templates of a cloud assembly directory (or a list of template files), keyed by stack artifact name. */
export function readTemplates(dirOrFiles: string | readonly string[]): Record<string, TemplateJson> {
  const files =
    typeof dirOrFiles === 'string'
      ? fs
          .readdirSync(dirOrFiles)
          .filter((f) => f.endsWith('.template.json'))
          .sort()
          .map((f) => path.join(dirOrFiles, f))
      : dirOrFiles;
  return Object.fromEntries(
    files.map((f) => [path.basename(f).replace(/\.template\.json$/, ''), JSON.parse(fs.readFileSync(f, 'utf8'))]),
  );
}

/** Parses `--rps`: positive numbers, comma-separated. */
export function parseRps(text: string): number[] {
  const levels = text.split(',').map((s) => s.trim());
  const values = levels.map(Number);
  if (levels.length === 0 || values.some((v, i) => levels[i] === '' || !Number.isFinite(v) || v <= 0)) {
    throw new Error(`--rps must be positive numbers separated by commas (e.g. 1,10,100), got "${text}"`);
  }
  return values;
}

/** The monthly estimate of a stage's templates at each traffic level, with the measured volumes and dated prices. */
export function costReport(
  stage: string,
  templates: Record<string, TemplateJson>,
  rps: readonly number[],
  region = 'us-east-1',
  volumes: MeasuredVolumes = MEASURED as MeasuredVolumes,
): CostReport {
  const prices = priceBook(region);
  const usage = readUsage(templates);
  return {
    stage,
    region,
    currency: 'USD',
    pricesCheckedOn: prices.checkedOn,
    levels: rps.map((r) => estimate(usage, volumes, prices, r)),
  };
}
