import * as fs from 'node:fs';
import { alarmTable, prodAlarmRegistry, TABLE_FILES, withAlarmTable } from '../../scripts/alarm-tables';

const notifying = prodAlarmRegistry();

test('the alarm tables of docs/observability.md and runbooks/README.md are current (npm run docs regenerates them)', () => {
  for (const which of ['observability', 'runbooks'] as const) {
    expect([which, fs.readFileSync(TABLE_FILES[which], 'utf8') === withAlarmTable(notifying, which)]).toEqual([
      which,
      true,
    ]);
  }
});

test('one row per notifying alarm, each linking its runbook, pages first, no unresolved tokens', () => {
  const rows = alarmTable(notifying, 'runbooks')
    .split('\n')
    .filter((l) => l.startsWith('| ['));
  expect(rows).toHaveLength(notifying.length);
  expect(rows[0]).toMatch(/^\| \[[a-z0-9-]+-critical\]\(alarms\/[a-z0-9-]+-critical\.md\) \| critical \|/);
  expect(alarmTable(notifying, 'observability')).not.toMatch(/\$\{Token|Token\[/);
});
