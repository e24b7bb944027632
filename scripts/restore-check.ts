/**
 * The offline-exercisable logic of runbooks/incident/recovery-pitr-restore.md:
 *
 *   npm run restore-check -- --plan --table todo-prod-todos --restore-at 2025-01-31T13:59:00.000Z
 *       prints the AWS CLI commands of the restore (restore-table-to-point-in-time, wait, re-enable settings)
 *   npm run restore-check -- --check --live <table> --restored <table> [--spot-checks 20]
 *       compares the tables: item counts per user partition, N random items, the byOrder index
 *   npm run restore-check -- --copy-back --live <table> --restored <table> --restore-at <T> --damage-until <T2>
 *       [--users USER#a,USER#b] [--dry-run]
 *       plans (and unless --dry-run, executes) the copy from the restored table into the live one
 *
 * It talks to DynamoDB through the SDK's standard configuration (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_DYNAMODB),
 * so the same code runs against the real tables and against dynalite in the tests.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  ScanCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { TODO_TABLE_SCHEMA } from '../contract/table-schema';

const { partitionKey: PK, sortKey: SK, orderIndexName, orderAttribute } = TODO_TABLE_SCHEMA;

export type Item = Record<string, unknown>;

/** A table and the client that reaches it (the live and the restored table may sit behind different endpoints). */
export interface TableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const keyOf = (item: Item): string => `${String(item[PK])}|${String(item[SK])}`;

/** Every item of a table (paginated Scan, consistent reads); optionally only the given partitions. */
export async function scanAll(table: TableRef, partitions?: readonly string[]): Promise<Item[]> {
  if (partitions !== undefined) {
    const pages = await Promise.all(partitions.map((pk) => queryPartition(table, pk)));
    return pages.flat();
  }
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page: ScanCommandOutput = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey as Item | undefined;
  } while (startKey !== undefined);
  return items;
}

/** One partition through the base table or the byOrder index, in the order DynamoDB returns it. */
export async function queryPartition(table: TableRef, pk: string, indexName?: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey as Item | undefined;
  } while (startKey !== undefined);
  return items;
}

/** Deterministic pseudo-random numbers (mulberry32), so a spot check can be repeated with the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Attribute names whose values differ between two items (missing counts as different). */
export function differingAttributes(a: Item | undefined, b: Item | undefined): string[] {
  if (a === undefined || b === undefined) return a === b ? [] : ['<item>'];
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])).sort();
}

export interface PartitionCount {
  readonly pk: string;
  readonly live: number;
  readonly restored: number;
}

export interface CheckReport {
  readonly liveItems: number;
  readonly restoredItems: number;
  /** Partitions whose item counts differ. */
  readonly countMismatches: PartitionCount[];
  /** Random items of the restored table and the attributes in which the live item differs (empty: equal). */
  readonly spotChecks: Array<{ readonly key: string; readonly differences: string[] }>;
  /** Partitions of the restored table whose byOrder index does not return the base items sorted by `order`. */
  readonly indexMismatches: string[];
  /** True when nothing differs. */
  readonly identical: boolean;
}

export interface CheckOptions {
  /** Items to compare one by one. @default 20 */
  readonly spotChecks?: number;
  /** @default 1 */
  readonly seed?: number;
}

/** Step 2 of the runbook: does the restored table hold what we expect, and how does the live table differ? */
export async function checkRestore(
  live: TableRef,
  restored: TableRef,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const [liveItems, restoredItems] = await Promise.all([scanAll(live), scanAll(restored)]);
  const countBy = (items: Item[]) =>
    items.reduce((counts, item) => counts.set(String(item[PK]), (counts.get(String(item[PK])) ?? 0) + 1), new Map());
  const liveCounts = countBy(liveItems);
  const restoredCounts = countBy(restoredItems);
  const partitions = [...new Set([...liveCounts.keys(), ...restoredCounts.keys()])].sort();
  const countMismatches = partitions
    .map((pk) => ({ pk, live: liveCounts.get(pk) ?? 0, restored: restoredCounts.get(pk) ?? 0 }))
    .filter((c) => c.live !== c.restored);

  const random = seededRandom(options.seed ?? 1);
  const pool = [...restoredItems].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const sample: Item[] = [];
  while (sample.length < Math.min(options.spotChecks ?? 20, restoredItems.length)) {
    sample.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  }
  const spotChecks = await Promise.all(
    sample.map(async (item) => {
      const output = await live.client.send(
        new GetCommand({ TableName: live.tableName, Key: { [PK]: item[PK], [SK]: item[SK] }, ConsistentRead: true }),
      );
      return { key: keyOf(item), differences: differingAttributes(item, output.Item as Item | undefined) };
    }),
  );

  const indexMismatches: string[] = [];
  for (const pk of [...restoredCounts.keys()].sort()) {
    const [base, index] = await Promise.all([
      queryPartition(restored, pk),
      queryPartition(restored, pk, orderIndexName),
    ]);
    const expected = base
      .filter((item) => typeof item[orderAttribute] === 'number')
      .sort(
        (a, b) => (a[orderAttribute] as number) - (b[orderAttribute] as number) || keyOf(a).localeCompare(keyOf(b)),
      );
    const orders = index.map((item) => item[orderAttribute] as number);
    const sorted = orders.every((order, i) => i === 0 || orders[i - 1] <= order);
    const sameItems =
      JSON.stringify(index.map(keyOf).sort()) === JSON.stringify(expected.map(keyOf).sort()) &&
      index.every(
        (item) =>
          differingAttributes(
            item,
            base.find((b) => keyOf(b) === keyOf(item)),
          ).length === 0,
      );
    if (!sorted || !sameItems) indexMismatches.push(pk);
  }

  return {
    liveItems: liveItems.length,
    restoredItems: restoredItems.length,
    countMismatches,
    spotChecks,
    indexMismatches,
    identical:
      countMismatches.length === 0 &&
      indexMismatches.length === 0 &&
      spotChecks.every((s) => s.differences.length === 0),
  };
}

/** What the copy-back does with one item of the restored table. */
export type CopyAction =
  /** Missing from the live table (deleted by the damage): put it back unless it reappeared meanwhile. */
  | { readonly kind: 'restore-missing'; readonly item: Item }
  /** Changed during the damage window: overwrite, unless it changed again since the plan (version and updatedAt). */
  | {
      readonly kind: 'revert-damaged';
      readonly item: Item;
      readonly liveVersion: unknown;
      readonly liveUpdatedAt: unknown;
    }
  /** Changed after the damage window: a user's legitimate write, left for a per-item decision. */
  | { readonly kind: 'skip-changed-after-damage'; readonly item: Item; readonly live: Item }
  /** Differs but carries no change time inside the window (out-of-band edit): left for review. */
  | { readonly kind: 'skip-unexplained'; readonly item: Item; readonly live: Item };

export interface CopyPlan {
  readonly actions: CopyAction[];
  readonly unchanged: number;
  /** Live items absent from the restored table (created after the restore point): never deleted automatically. */
  readonly onlyInLive: Item[];
}

export interface CopyWindow {
  /** The restore point (ISO 8601 UTC with milliseconds, like `updatedAt`). */
  readonly restoreAt: string;
  /** When the damage ended; changes after it are legitimate and are never overwritten. */
  readonly damageUntil: string;
  /** Only these partitions (`USER#<sub>`). @default - every partition of the restored table */
  readonly partitions?: readonly string[];
}

/** Step 3a: decides per item what copying back means. Read-only. */
export async function planCopyBack(live: TableRef, restored: TableRef, window: CopyWindow): Promise<CopyPlan> {
  if (!(window.restoreAt < window.damageUntil)) {
    throw new Error(`restoreAt (${window.restoreAt}) must be before damageUntil (${window.damageUntil})`);
  }
  const [restoredItems, liveItems] = await Promise.all([
    scanAll(restored, window.partitions),
    scanAll(live, window.partitions),
  ]);
  const liveByKey = new Map(liveItems.map((item) => [keyOf(item), item]));
  const restoredKeys = new Set(restoredItems.map(keyOf));
  const actions: CopyAction[] = [];
  let unchanged = 0;
  for (const item of restoredItems.sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
    const current = liveByKey.get(keyOf(item));
    if (current === undefined) {
      actions.push({ kind: 'restore-missing', item });
    } else if (differingAttributes(item, current).length === 0) {
      unchanged += 1;
    } else {
      const updatedAt = String(current.updatedAt ?? '');
      if (updatedAt >= window.restoreAt && updatedAt <= window.damageUntil) {
        actions.push({ kind: 'revert-damaged', item, liveVersion: current.version, liveUpdatedAt: current.updatedAt });
      } else if (updatedAt > window.damageUntil) {
        actions.push({ kind: 'skip-changed-after-damage', item, live: current });
      } else {
        actions.push({ kind: 'skip-unexplained', item, live: current });
      }
    }
  }
  const onlyInLive = liveItems.filter((item) => !restoredKeys.has(keyOf(item)));
  return { actions, unchanged, onlyInLive };
}

export interface CopyResult {
  readonly written: number;
  /** Items whose condition failed: they changed between plan and copy; re-plan to decide again. */
  readonly conflicts: string[];
  readonly skipped: number;
}

/**
 * Executes the plan with conditional puts of the restored items as they were (version, updatedBy, lastRequestId
 * included): a missing item only if still missing, a damaged one only if still at the version the plan saw.
 */
export async function executeCopyBack(live: TableRef, plan: CopyPlan): Promise<CopyResult> {
  let written = 0;
  let skipped = 0;
  const conflicts: string[] = [];
  for (const action of plan.actions) {
    let condition: Pick<
      PutCommand['input'],
      'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >;
    if (action.kind === 'restore-missing') {
      condition = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } };
    } else if (action.kind === 'revert-damaged') {
      condition = {
        ConditionExpression: '#version = :version AND #updatedAt = :updatedAt',
        ExpressionAttributeNames: { '#version': 'version', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: { ':version': action.liveVersion, ':updatedAt': action.liveUpdatedAt },
      };
    } else {
      skipped += 1;
      continue;
    }
    try {
      await live.client.send(new PutCommand({ TableName: live.tableName, Item: action.item, ...condition }));
      written += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      conflicts.push(keyOf(action.item));
    }
  }
  return { written, conflicts, skipped };
}

export interface RestorePlanInput {
  readonly sourceTable: string;
  /** ISO 8601 UTC. */
  readonly restoreAt: string;
  /** @default `<sourceTable>-restore-<restoreAt as yyyymmddhhmm>` */
  readonly targetTable?: string;
  /** For the tags. @default 'prod' */
  readonly stage?: string;
}

/** Step 1 of the runbook as exact AWS CLI commands: restore, wait, then the settings a restore does not carry over. */
export function restoreCommands(input: RestorePlanInput): string[] {
  const at = new Date(input.restoreAt);
  if (Number.isNaN(at.getTime()) || !/Z$/.test(input.restoreAt)) {
    throw new Error(
      `--restore-at must be an ISO 8601 UTC time such as 2025-01-31T13:59:00.000Z, got "${input.restoreAt}"`,
    );
  }
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const target = input.targetTable ?? `${input.sourceTable}-restore-${stamp}`;
  const stage = input.stage ?? 'prod';
  return [
    `aws dynamodb describe-continuous-backups --table-name ${input.sourceTable} --query 'ContinuousBackupsDescription.PointInTimeRecoveryDescription'`,
    `aws dynamodb restore-table-to-point-in-time --source-table-name ${input.sourceTable} --target-table-name ${target} ` +
      `--restore-date-time ${at.toISOString()} --billing-mode-override PAY_PER_REQUEST ` +
      '--sse-specification-override Enabled=true,SSEType=KMS',
    `aws dynamodb wait table-exists --table-name ${target}`,
    `aws dynamodb update-continuous-backups --table-name ${target} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
    `aws dynamodb update-table --table-name ${target} --deletion-protection-enabled`,
    `aws dynamodb update-table --table-name ${target} --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES`,
    `aws dynamodb update-contributor-insights --table-name ${target} --contributor-insights-action ENABLE --contributor-insights-mode ACCESSED_AND_THROTTLED_KEYS`,
    `aws dynamodb tag-resource --resource-arn "$(aws dynamodb describe-table --table-name ${target} --query Table.TableArn --output text)" --tags Key=app,Value=todo Key=stage,Value=${stage} Key=restored-from,Value=${input.sourceTable}`,
    `npm run restore-check -- --check --live ${input.sourceTable} --restored ${target}`,
  ];
}

/** `--name value` and `--flag` arguments. */
export function parseArgs(argv: readonly string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args[arg.slice(2)] = next;
      i += 1;
    } else {
      args[arg.slice(2)] = true;
    }
  }
  return args;
}

function required(args: Record<string, string | true>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new Error(`--${name} <value> is required`);
  return value;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const table = (name: string): TableRef => ({ client: documentClient, tableName: required(args, name) });
  if (args.plan) {
    const commands = restoreCommands({
      sourceTable: required(args, 'table'),
      restoreAt: required(args, 'restore-at'),
      targetTable: typeof args.target === 'string' ? args.target : undefined,
      stage: typeof args.stage === 'string' ? args.stage : undefined,
    });
    process.stdout.write(`${commands.join('\n')}\n`);
    return 0;
  }
  if (args.check) {
    const report = await checkRestore(table('live'), table('restored'), {
      spotChecks: typeof args['spot-checks'] === 'string' ? Number(args['spot-checks']) : undefined,
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  if (args['copy-back']) {
    const plan = await planCopyBack(table('live'), table('restored'), {
      restoreAt: required(args, 'restore-at'),
      damageUntil: required(args, 'damage-until'),
      partitions: typeof args.users === 'string' ? args.users.split(',') : undefined,
    });
    const summary = plan.actions.reduce<Record<string, number>>(
      (counts, a) => ({ ...counts, [a.kind]: (counts[a.kind] ?? 0) + 1 }),
      { unchanged: plan.unchanged, 'only-in-live': plan.onlyInLive.length },
    );
    process.stdout.write(`${JSON.stringify({ plan: summary }, null, 2)}\n`);
    for (const action of plan.actions.filter((a) => a.kind.startsWith('skip'))) {
      process.stdout.write(`${JSON.stringify({ review: action.kind, key: keyOf(action.item) })}\n`);
    }
    if (args['dry-run']) return 0;
    const result = await executeCopyBack(table('live'), plan);
    process.stdout.write(`${JSON.stringify({ result }, null, 2)}\n`);
    return result.conflicts.length === 0 ? 0 : 2;
  }
  process.stderr.write(
    'usage: restore-check --plan | --check | --copy-back (see runbooks/incident/recovery-pitr-restore.md)\n',
  );
  return 64;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`restore-check: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
