/** The parts of lib/cost's CostReport the review reads (kept structural: the base may be older code). */
interface CostReportJson {
  readonly levels: readonly {
    readonly rps: number;
    readonly components: readonly { readonly name: string; readonly monthlyUsd: number }[];
    readonly observabilityMonthlyUsd: number;
    readonly serviceMonthlyUsd: number;
  }[];
}

export interface CostLine {
  readonly name: string;
  readonly baseUsd: number | null;
  readonly headUsd: number | null;
}

export interface CostComparison {
  readonly rps: number;
  readonly totalBaseUsd: number;
  readonly totalHeadUsd: number;
  /** Lines whose monthly cost changed by at least a cent, or that exist on one side only. */
  readonly lines: CostLine[];
}

const cents = (usd: number) => Math.round(usd * 100);

/** The monthly lines that changed between the two sides' cost reports at one traffic level. */
export function compareCost(base: unknown, head: unknown): CostComparison {
  const [before, after] = [level(base, 'base'), level(head, 'head')];
  const old = new Map(before.components.map((c) => [c.name, c.monthlyUsd]));
  const now = new Map(after.components.map((c) => [c.name, c.monthlyUsd]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  return {
    rps: after.rps,
    totalBaseUsd: before.observabilityMonthlyUsd + before.serviceMonthlyUsd,
    totalHeadUsd: after.observabilityMonthlyUsd + after.serviceMonthlyUsd,
    lines: names
      .map((name) => ({ name, baseUsd: old.get(name) ?? null, headUsd: now.get(name) ?? null }))
      .filter((l) => l.baseUsd === null || l.headUsd === null || cents(l.baseUsd) !== cents(l.headUsd)),
  };
}

function level(report: unknown, side: string): CostReportJson['levels'][number] {
  const levels = (report as Partial<CostReportJson> | undefined)?.levels;
  if (!Array.isArray(levels) || levels.length !== 1 || !Array.isArray(levels[0].components)) {
    throw new Error(`the ${side} cost report has no single traffic level with components`);
  }
  return levels[0];
}
