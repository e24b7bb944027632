import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { Template, Templates } from './templates';

/** Resource types whose removal or replacement loses what they hold. */
export const DATA_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::UserPool',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::KMS::Key',
] as const;

export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Why it is replaced (the properties that force it, or a changed logical id), or a note on a removal. */
  readonly detail?: string;
}

export interface ResourcesReport {
  readonly added: ResourceChange[];
  readonly removed: ResourceChange[];
  readonly replaced: ResourceChange[];
  readonly dataLossRisk: ResourceChange[];
  /** IAM statement, managed policy and security group changes, as `cdk diff` tabulates them. */
  readonly security: { stack: string; kind: string; rows: string[][]; broadened: boolean }[];
  /** Resources updated in place. */
  updated: number;
}

type Resources = NonNullable<Template['Resources']>;

/**
 * Resources added, removed and replaced per stack, by `@aws-cdk/cloudformation-diff` (what `cdk diff` uses).
 * A removal and an addition of the same type with the same properties in one stack is a changed logical id (a
 * renamed construct; also a lone removal and addition of one type): CloudFormation creates the new resource and deletes the old one, so it is a replacement.
 */
export function compareResources(base: Templates, head: Templates): ResourcesReport {
  const report: ResourcesReport = { added: [], removed: [], replaced: [], dataLossRisk: [], security: [], updated: 0 };
  for (const stack of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
    const before = base[stack] ?? {};
    const after = head[stack] ?? {};
    const diff = fullDiff(before, after);
    const added: ResourceChange[] = [];
    const removed: ResourceChange[] = [];
    diff.resources.forEachDifference((logicalId, change) => {
      const type = change.resourceType ?? 'unknown';
      if (change.isAddition) added.push({ stack, logicalId, type });
      else if (change.isRemoval)
        removed.push({ stack, logicalId, type, detail: retention(before.Resources, logicalId) });
      else if ([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE].includes(change.changeImpact)) {
        const forced = Object.entries(change.propertyUpdates)
          .filter(
            ([, p]) => p.changeImpact === ResourceImpact.WILL_REPLACE || p.changeImpact === ResourceImpact.MAY_REPLACE,
          )
          .map(([name]) => name);
        const may = change.changeImpact === ResourceImpact.MAY_REPLACE ? 'may be replaced' : 'replaced';
        report.replaced.push({ stack, logicalId, type, detail: `${may}: ${forced.join(', ') || 'type changed'}` });
      } else if (change.isDifferent) report.updated++;
    });
    for (const old of [...removed]) {
      const sameType = added.filter((a) => a.type === old.type);
      const exact = sameType.find((a) => sameProperties(before, old.logicalId, after, a.logicalId));
      // Without an exact twin, a lone removal and addition of one type is still most likely a rename.
      const only =
        sameType.length === 1 && removed.filter((r) => r.type === old.type).length === 1 ? sameType[0] : undefined;
      const twin = added.indexOf((exact ?? only)!);
      if (twin < 0) continue;
      const renamed = added.splice(twin, 1)[0];
      removed.splice(removed.indexOf(old), 1);
      const detail =
        old.type === 'AWS::Lambda::Version'
          ? 'new function version (code or configuration changed)'
          : `logical id changed to ${renamed.logicalId}: created anew, old one deleted`;
      report.replaced.push({ ...old, detail });
    }
    report.added.push(...added);
    report.removed.push(...removed);
    for (const [kind, rows] of [
      ['IAM statements', diff.iamChanges.summarizeStatements()],
      ['IAM managed policies', diff.iamChanges.summarizeManagedPolicies()],
      ['security groups', diff.securityGroupChanges.summarize()],
    ] as const) {
      if (rows.length > 1) report.security.push({ stack, kind, rows, broadened: diff.permissionsBroadened });
    }
  }
  report.dataLossRisk.push(
    ...[...report.replaced, ...report.removed].filter((c) => (DATA_TYPES as readonly string[]).includes(c.type)),
  );
  return report;
}

function sameProperties(before: Template, oldId: string, after: Template, newId: string): boolean {
  const props = (t: Template, id: string) => JSON.stringify(t.Resources?.[id]?.Properties ?? {});
  return props(before, oldId) === props(after, newId);
}

// A retained resource outlives its removal from the stack, but it is orphaned: still worth a reviewer's look.
function retention(resources: Resources | undefined, logicalId: string): string | undefined {
  const policy = resources?.[logicalId]?.DeletionPolicy;
  return policy === 'Retain' || policy === 'RetainExceptOnCreate' || policy === 'Snapshot'
    ? `DeletionPolicy ${policy}: kept (or snapshotted) but no longer managed by the stack`
    : undefined;
}
