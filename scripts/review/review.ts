import { AlarmsReport, compareAlarms } from './alarms';
import { compareCost, CostComparison } from './cost';
import { compareDashboards, DashboardChange, readAssemblyDashboards } from './dashboards';
import { comparePacks, PacksReport, readPackFindings } from './packs';
import { compareReplay, ScenarioChange } from './replay';
import { compareResources, ResourcesReport } from './resources';
import { Section, SideResult } from './side';
import { readAssemblyTemplates, withoutAssetHashes } from './templates';

/** The review of one change, the JSON the CLI writes (shape given in issue 16). */
export interface Review {
  readonly base: string;
  readonly head: string;
  readonly stage: string;
  readonly resources: ResourcesReport;
  readonly alarms: AlarmsReport;
  readonly replay: Section<ScenarioChange[]>;
  readonly cost: Section<CostComparison>;
  readonly dashboards: Section<DashboardChange[]>;
  readonly packs: Section<PacksReport>;
  /** Data-loss risks and newly failing expectations not named by --allow: any of them fails the review. */
  readonly blocking: string[];
  /** Blocking findings that --allow accepted. */
  readonly allowed: string[];
}

export interface ReviewInput {
  readonly base: string;
  readonly head: string;
  readonly stage: string;
  readonly baseSide: SideResult;
  readonly headSide: SideResult;
  readonly dashboards: boolean;
  readonly allow: readonly string[];
}

export function buildReview(input: ReviewInput): Review {
  const [before, after] = [input.baseSide.cdkOut, input.headSide.cdkOut].map((dir) =>
    withoutAssetHashes(readAssemblyTemplates(dir)),
  );
  const resources = compareResources(before, after);
  const replay = both(input.baseSide.replay, input.headSide.replay, compareReplay);
  const cost = both(input.baseSide.cost, input.headSide.cost, compareCost);
  const dashboards: Section<DashboardChange[]> = input.dashboards
    ? attempt(() => compareDashboards(...sides(input, readAssemblyDashboards)))
    : { status: 'skipped', reason: '--no-dashboards' };
  const packs = both(...sides(input, readPackFindings), comparePacks);
  const findings = [
    ...resources.dataLossRisk.map((r) => ({
      names: [r.logicalId, `${r.stack}/${r.logicalId}`],
      text: `data-loss risk: ${r.type} ${r.stack}/${r.logicalId} ${r.detail ?? 'removed'}`,
    })),
    ...(replay.status === 'ok' ? replay.value : []).flatMap((s) =>
      s.newlyFailing.map((f) => ({ names: [s.scenario], text: `replay ${s.scenario} now fails: ${f}` })),
    ),
  ];
  const isAllowed = (f: { names: string[] }) => f.names.some((n) => input.allow.includes(n));
  return {
    base: input.base,
    head: input.head,
    stage: input.stage,
    resources,
    alarms: compareAlarms(before, after),
    replay,
    cost,
    dashboards,
    packs,
    blocking: findings.filter((f) => !isAllowed(f)).map((f) => f.text),
    allowed: findings.filter(isAllowed).map((f) => f.text),
  };
}

const sides = <T>(input: ReviewInput, read: (cdkOut: string) => T): [T, T] => [
  read(input.baseSide.cdkOut),
  read(input.headSide.cdkOut),
];

/** A comparison needs both sides; the first side that is missing says why. */
function both<A, B, R>(base: Section<A>, head: Section<B>, compare: (a: A, b: B) => R): Section<R> {
  if (base.status !== 'ok') return { status: base.status, reason: `base: ${base.reason}` };
  if (head.status !== 'ok') return { status: head.status, reason: `head: ${head.reason}` };
  return attempt(() => compare(base.value, head.value));
}

function attempt<R>(run: () => R): Section<R> {
  try {
    return { status: 'ok', value: run() };
  } catch (error) {
    return { status: 'unavailable', reason: (error as Error).message };
  }
}
