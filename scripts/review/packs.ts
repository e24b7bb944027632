import * as fs from 'node:fs';
import * as path from 'node:path';
import { Section } from './side';

/** One cdk-nag finding on one construct; acknowledged findings carry their reason. */
export interface PackFinding {
  readonly pack: string;
  readonly rule: string;
  readonly construct: string;
  readonly reason?: string;
}

export interface PacksReport {
  readonly findingsAdded: PackFinding[];
  readonly findingsRemoved: PackFinding[];
  readonly acknowledgementsAdded: PackFinding[];
  readonly acknowledgementsRemoved: PackFinding[];
}

interface Violation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
  reason?: string;
}
interface PluginReport {
  pluginName: string;
  violations?: Violation[];
  suppressedViolations?: Violation[];
}

export interface PackFindings {
  readonly open: PackFinding[];
  readonly acknowledged: PackFinding[];
}

/** The findings of a cloud assembly's `validation-report.json` (none when no pack ran, e.g. older history). */
export function readPackFindings(cdkOut: string): Section<PackFindings> {
  const file = path.join(cdkOut, 'validation-report.json');
  if (!fs.existsSync(file)) return { status: 'unavailable', reason: 'no validation-report.json in the synth output' };
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { pluginReports?: PluginReport[] };
  const flatten = (pack: string, list: Violation[] | undefined) =>
    (list ?? []).flatMap((v) =>
      v.violatingConstructs.map((c) => ({ pack, rule: v.ruleName, construct: c.constructPath, reason: v.reason })),
    );
  const plugins = report.pluginReports ?? [];
  return {
    status: 'ok',
    value: {
      open: plugins.flatMap((p) => flatten(p.pluginName, p.violations)),
      acknowledged: plugins.flatMap((p) => flatten(p.pluginName, p.suppressedViolations)),
    },
  };
}

/** Findings and acknowledgements present on one side only, matched by pack, rule and construct path. */
export function comparePacks(base: PackFindings, head: PackFindings): PacksReport {
  const key = (f: PackFinding) => `${f.pack}|${f.rule}|${f.construct}`;
  const minus = (a: PackFinding[], b: PackFinding[]) => {
    const keys = new Set(b.map(key));
    return a.filter((f) => !keys.has(key(f)));
  };
  return {
    findingsAdded: minus(head.open, base.open),
    findingsRemoved: minus(base.open, head.open),
    acknowledgementsAdded: minus(head.acknowledged, base.acknowledged),
    acknowledgementsRemoved: minus(base.acknowledged, head.acknowledged),
  };
}
