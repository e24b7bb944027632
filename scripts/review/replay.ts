/** The parts of the alert replay's JSON report (scripts/alert-replay/report.ts jsonReport) the review compares. */
interface ReplayJson {
  readonly scenarios: readonly {
    readonly name: string;
    readonly notifications: readonly { alarm: string; state: string; severity: string; minute: number }[];
    readonly expectations: { readonly passed: boolean; readonly failures: readonly string[] };
  }[];
}

export interface ScenarioChange {
  readonly scenario: string;
  /** `alarm STATE (severity) at minute N`, present on one side only. */
  readonly notificationsAdded: string[];
  readonly notificationsRemoved: string[];
  /** Expectations failing on the head but not on the base: blocking. */
  readonly newlyFailing: string[];
  readonly fixed: string[];
  readonly status: 'changed' | 'added' | 'removed';
}

const describe = (n: ReplayJson['scenarios'][number]['notifications'][number]) =>
  `${n.alarm} ${n.state} (${n.severity}) at minute ${n.minute}`;

/**
 * Per scenario, the notifications (so detection and reset times) and expectation results that differ between the
 * base's and the head's replay; scenarios without a difference are left out.
 */
export function compareReplay(base: unknown, head: unknown): ScenarioChange[] {
  const before = new Map(scenarios(base, 'base').map((s) => [s.name, s]));
  const after = scenarios(head, 'head');
  const changes: ScenarioChange[] = [];
  const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
  for (const now of after) {
    const old = before.get(now.name);
    before.delete(now.name);
    const [oldNotes, newNotes] = [(old?.notifications ?? []).map(describe), now.notifications.map(describe)];
    const change: ScenarioChange = {
      scenario: now.name,
      notificationsAdded: minus(newNotes, oldNotes),
      notificationsRemoved: minus(oldNotes, newNotes),
      newlyFailing: minus(now.expectations.failures, old?.expectations.failures ?? []),
      fixed: minus(old?.expectations.failures ?? [], now.expectations.failures),
      status: old === undefined ? 'added' : 'changed',
    };
    const different = [change.notificationsAdded, change.notificationsRemoved, change.newlyFailing, change.fixed];
    if (old === undefined || different.some((list) => list.length > 0)) changes.push(change);
  }
  for (const gone of before.values()) {
    changes.push({
      scenario: gone.name,
      notificationsAdded: [],
      notificationsRemoved: gone.notifications.map(describe),
      newlyFailing: [],
      fixed: [],
      status: 'removed',
    });
  }
  return changes;
}

function scenarios(report: unknown, side: string): ReplayJson['scenarios'] {
  const list = (report as Partial<ReplayJson> | undefined)?.scenarios;
  if (!Array.isArray(list)) throw new Error(`the ${side} replay report has no scenarios`);
  return list;
}
