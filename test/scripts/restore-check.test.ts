/** The PITR restore runbook's check and copy-back, against two dynalite tables standing in for live and restored. */
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LocalDynamoDb, startLocalDynamoDb } from '../../local/dynamodb/local-dynamodb';
import {
  checkRestore,
  differingAttributes,
  executeCopyBack,
  Item,
  parseArgs,
  planCopyBack,
  restoreCommands,
  scanAll,
  TableRef,
} from '../../scripts/restore-check';

const RESTORE_AT = '2025-01-31T13:59:00.000Z';
const DAMAGE_UNTIL = '2025-01-31T14:30:00.000Z';

let liveDb: LocalDynamoDb;
let restoredDb: LocalDynamoDb;
let live: TableRef;
let restored: TableRef;

/** A todo as the repository writes it. */
function todo(user: string, n: number, updatedAt = '2025-01-30T10:00:00.000Z'): Item {
  return {
    pk: `USER#${user}`,
    sk: `TODO#${user}-${n}`,
    id: `${user}-${n}`,
    title: `todo ${n} of ${user}`,
    completed: n % 2 === 0,
    order: n,
    createdAt: '2025-01-30T10:00:00.000Z',
    updatedAt,
    version: 1,
    updatedBy: user,
    lastRequestId: `req-${user}-${n}`,
  };
}

beforeAll(async () => {
  [liveDb, restoredDb] = await Promise.all([
    startLocalDynamoDb({ todoTableName: 'todo-test-todos' }),
    startLocalDynamoDb({ todoTableName: 'todo-test-todos-restore' }),
  ]);
  live = { client: DynamoDBDocumentClient.from(liveDb.client), tableName: liveDb.todoTableName };
  restored = { client: DynamoDBDocumentClient.from(restoredDb.client), tableName: restoredDb.todoTableName };
  // The table as of the restore point: three users, 25 todos.
  const seed = [
    ...Array.from({ length: 10 }, (_, i) => todo('alice', i + 1)),
    ...Array.from({ length: 10 }, (_, i) => todo('bob', i + 1)),
    ...Array.from({ length: 5 }, (_, i) => todo('carol', i + 1)),
  ];
  for (const item of seed) {
    await live.client.send(new PutCommand({ TableName: live.tableName, Item: item }));
    await restored.client.send(new PutCommand({ TableName: restored.tableName, Item: item }));
  }
});

afterAll(async () => {
  await Promise.all([liveDb?.close(), restoredDb?.close()]);
});

describe('before any damage', () => {
  test('the check finds the restored copy identical', async () => {
    const report = await checkRestore(live, restored, { spotChecks: 10 });
    expect(report).toEqual(
      expect.objectContaining({
        liveItems: 25,
        restoredItems: 25,
        countMismatches: [],
        indexMismatches: [],
        identical: true,
      }),
    );
    expect(report.spotChecks).toHaveLength(10);
    expect(new Set(report.spotChecks.map((s) => s.key)).size).toBe(10);
  });
});

describe('after damage', () => {
  beforeAll(async () => {
    // The damage (14:00–14:30): a DELETE /todos of alice's todos and a bug corrupting two of bob's titles.
    for (let n = 1; n <= 10; n += 1) {
      await live.client.send(
        new DeleteCommand({ TableName: live.tableName, Key: { pk: 'USER#alice', sk: `TODO#alice-${n}` } }),
      );
    }
    for (const n of [1, 2]) {
      await live.client.send(
        new UpdateCommand({
          TableName: live.tableName,
          Key: { pk: 'USER#bob', sk: `TODO#bob-${n}` },
          UpdateExpression: 'SET title = :t, version = version + :one, updatedAt = :at, updatedBy = :by',
          ExpressionAttributeValues: { ':t': '', ':one': 1, ':at': '2025-01-31T14:10:00.000Z', ':by': 'bug' },
        }),
      );
    }
    // After the damage: carol legitimately edits a todo and creates a new one; bob re-edits a damaged one.
    await live.client.send(
      new PutCommand({
        TableName: live.tableName,
        Item: { ...todo('carol', 1, '2025-01-31T15:00:00.000Z'), title: 'renamed', version: 2 },
      }),
    );
    await live.client.send(
      new PutCommand({ TableName: live.tableName, Item: todo('carol', 6, '2025-01-31T15:05:00.000Z') }),
    );
    await live.client.send(
      new UpdateCommand({
        TableName: live.tableName,
        Key: { pk: 'USER#bob', sk: 'TODO#bob-2' },
        UpdateExpression: 'SET title = :t, version = version + :one, updatedAt = :at',
        ExpressionAttributeValues: { ':t': 'bob fixed it himself', ':one': 1, ':at': '2025-01-31T15:10:00.000Z' },
      }),
    );
  });

  test('the check reports the partitions whose counts differ', async () => {
    const report = await checkRestore(live, restored, { spotChecks: 25 });
    expect(report.identical).toBe(false);
    expect(report.countMismatches).toEqual([
      { pk: 'USER#alice', live: 0, restored: 10 },
      { pk: 'USER#carol', live: 6, restored: 5 },
    ]);
  });

  test('the spot check names the attributes that differ per item', async () => {
    const report = await checkRestore(live, restored, { spotChecks: 25 });
    const byKey = Object.fromEntries(report.spotChecks.map((s) => [s.key, s.differences]));
    expect(byKey['USER#alice|TODO#alice-1']).toEqual(['<item>']);
    expect(byKey['USER#bob|TODO#bob-1']).toEqual(['title', 'updatedAt', 'updatedBy', 'version']);
    expect(byKey['USER#bob|TODO#bob-3']).toEqual([]);
  });

  test('the plan restores deleted items, reverts damaged ones and leaves later legitimate writes for review', async () => {
    const plan = await planCopyBack(live, restored, { restoreAt: RESTORE_AT, damageUntil: DAMAGE_UNTIL });
    const kinds = plan.actions.map((a) => `${a.kind} ${String(a.item.sk)}`);
    expect(kinds.filter((k) => k.startsWith('restore-missing'))).toHaveLength(10);
    expect(kinds).toContain('revert-damaged TODO#bob-1');
    expect(kinds).toContain('skip-changed-after-damage TODO#bob-2');
    expect(kinds).toContain('skip-changed-after-damage TODO#carol-1');
    expect(plan.onlyInLive.map((i) => i.sk)).toEqual(['TODO#carol-6']);
    expect(plan.unchanged).toBe(12);
  });

  test('fails when the damage window is empty or reversed', async () => {
    await expect(planCopyBack(live, restored, { restoreAt: DAMAGE_UNTIL, damageUntil: RESTORE_AT })).rejects.toThrow(
      /restoreAt .* must be before damageUntil/,
    );
  });

  test('a dry run (plan only) changes nothing', async () => {
    const before = await scanAll(live);
    await planCopyBack(live, restored, { restoreAt: RESTORE_AT, damageUntil: DAMAGE_UNTIL });
    expect(await scanAll(live)).toEqual(before);
  });

  test('a write between plan and copy is never overwritten: its item is reported as a conflict', async () => {
    const plan = await planCopyBack(live, restored, {
      restoreAt: RESTORE_AT,
      damageUntil: DAMAGE_UNTIL,
      partitions: ['USER#bob'],
    });
    await live.client.send(
      new UpdateCommand({
        TableName: live.tableName,
        Key: { pk: 'USER#bob', sk: 'TODO#bob-1' },
        UpdateExpression: 'SET title = :t, version = version + :one, updatedAt = :at',
        ExpressionAttributeValues: { ':t': 'concurrent', ':one': 1, ':at': '2025-01-31T16:00:00.000Z' },
      }),
    );
    const result = await executeCopyBack(live, plan);
    expect(result).toEqual({ written: 0, conflicts: ['USER#bob|TODO#bob-1'], skipped: 1 });
    // Put the damage back for the next test.
    await live.client.send(
      new UpdateCommand({
        TableName: live.tableName,
        Key: { pk: 'USER#bob', sk: 'TODO#bob-1' },
        UpdateExpression: 'SET title = :t, updatedAt = :at',
        ExpressionAttributeValues: { ':t': '', ':at': '2025-01-31T14:10:00.000Z' },
      }),
    );
  });

  test('the copy-back converges: restored items come back as they were, and a second plan has nothing to do', async () => {
    const plan = await planCopyBack(live, restored, { restoreAt: RESTORE_AT, damageUntil: DAMAGE_UNTIL });
    const result = await executeCopyBack(live, plan);
    expect(result.conflicts).toEqual([]);
    expect(result.written).toBe(11);

    const again = await planCopyBack(live, restored, { restoreAt: RESTORE_AT, damageUntil: DAMAGE_UNTIL });
    expect(again.actions.filter((a) => !a.kind.startsWith('skip'))).toEqual([]);
    const liveItems = await scanAll(live);
    const alice1 = liveItems.find((i) => i.sk === 'TODO#alice-1');
    expect(alice1).toEqual(todo('alice', 1)); // version, updatedBy and lastRequestId preserved
    const bob1 = liveItems.find((i) => i.sk === 'TODO#bob-1');
    expect(differingAttributes(bob1, todo('bob', 1))).toEqual([]);
    // Legitimate later writes survive.
    expect(liveItems.find((i) => i.sk === 'TODO#bob-2')?.title).toBe('bob fixed it himself');
    expect(liveItems.find((i) => i.sk === 'TODO#carol-1')?.title).toBe('renamed');

    const report = await checkRestore(live, restored, { spotChecks: 5 });
    expect(report.countMismatches).toEqual([{ pk: 'USER#carol', live: 6, restored: 5 }]);
    expect(report.indexMismatches).toEqual([]);
  });
});

describe('the byOrder index check', () => {
  test('detects an index that answers a partition out of order or with other items', async () => {
    // The restored table as seen through an engine whose index misbehaves: reversed pages, and one item dropped.
    const tampered: TableRef = {
      tableName: restored.tableName,
      client: {
        send: async (command: QueryCommand) => {
          const output = await restored.client.send(command);
          if (!(command instanceof QueryCommand) || command.input.IndexName === undefined) return output;
          const pk = command.input.ExpressionAttributeValues?.[':pk'];
          const items = [...(output.Items ?? [])].reverse();
          return { ...output, Items: pk === 'USER#carol' ? items.slice(1) : items };
        },
      } as unknown as DynamoDBDocumentClient,
    };
    const report = await checkRestore(restored, tampered, { spotChecks: 0 });
    expect(report.indexMismatches).toEqual(['USER#alice', 'USER#bob', 'USER#carol']);
    expect((await checkRestore(restored, restored, { spotChecks: 0 })).indexMismatches).toEqual([]);
  });
});

describe('restoreCommands (--plan)', () => {
  const commands = restoreCommands({ sourceTable: 'todo-prod-todos', restoreAt: RESTORE_AT });

  test('restores to the point into a new table with the source settings overridden as the runbook says', () => {
    expect(commands[1]).toBe(
      'aws dynamodb restore-table-to-point-in-time --source-table-name todo-prod-todos ' +
        '--target-table-name todo-prod-todos-restore-202501311359 --restore-date-time 2025-01-31T13:59:00.000Z ' +
        '--billing-mode-override PAY_PER_REQUEST --sse-specification-override Enabled=true,SSEType=KMS',
    );
    expect(commands[2]).toBe('aws dynamodb wait table-exists --table-name todo-prod-todos-restore-202501311359');
  });

  test('re-enables PITR, deletion protection, the stream and Contributor Insights, and tags the copy', () => {
    const text = commands.join('\n');
    expect(text).toContain('PointInTimeRecoveryEnabled=true');
    expect(text).toContain('--deletion-protection-enabled');
    expect(text).toContain('StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES');
    expect(text).toContain('--contributor-insights-action ENABLE');
    expect(text).toContain('Key=restored-from,Value=todo-prod-todos');
    expect(commands[commands.length - 1]).toBe(
      'npm run restore-check -- --check --live todo-prod-todos --restored todo-prod-todos-restore-202501311359',
    );
  });

  test.each(['2025-01-31 13:59', '2025-01-31T13:59:00+01:00', 'yesterday'])('fails when --restore-at is %p', (at) => {
    expect(() => restoreCommands({ sourceTable: 't', restoreAt: at })).toThrow(
      /--restore-at must be an ISO 8601 UTC time/,
    );
  });
});

test('parseArgs reads flags and values', () => {
  expect(parseArgs(['--plan', '--table', 't', '--dry-run'])).toEqual({ plan: true, table: 't', 'dry-run': true });
  expect(() => parseArgs(['plan'])).toThrow('unexpected argument "plan"');
});
