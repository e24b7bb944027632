import { Review } from './review';
import { Section } from './side';

/** Marks the pull-request comment so the workflow updates it instead of adding another. */
export const COMMENT_MARKER = '<!-- todo-observability-review -->';

const usd = (v: number | null) => (v === null ? '–' : `$${v.toFixed(2)}`);
const list = (items: readonly string[]) => items.map((i) => `- ${i}`).join('\n');
const details = (summary: string, body: string) =>
  `<details><summary>${summary}</summary>\n\n${body.trim() || '_none_'}\n\n</details>\n`;
const unavailable = (s: Section<unknown>) => (s.status === 'ok' ? '' : `${s.status} (${s.reason})`);

/** The review as a pull-request comment: the summary and what blocks first, every section's details folded. */
export function reviewMarkdown(r: Review): string {
  const { resources: res, alarms } = r;
  const summary = [
    `**Resources**: ${res.added.length} added, ${res.removed.length} removed, ${res.replaced.length} replaced, ` +
      `${res.updated} updated in place; ${res.dataLossRisk.length} data-loss risk` +
      (res.security.length
        ? `; IAM/security changes in ${new Set(res.security.map((s) => s.stack)).size} stack(s)`
        : ''),
    `**Alarms**: ${alarms.added.length} added, ${alarms.removed.length} removed, ${alarms.changed.length} changed`,
    `**Behaviour (alert replay)**: ${
      unavailable(r.replay) || (r.replay.status === 'ok' && `${r.replay.value.length} scenario(s) changed`)
    }`,
    `**Cost**: ${
      unavailable(r.cost) ||
      (r.cost.status === 'ok' &&
        `${usd(r.cost.value.totalBaseUsd)} → ${usd(r.cost.value.totalHeadUsd)} a month at ${r.cost.value.rps} rps, ` +
          `${r.cost.value.lines.length} line(s) changed`)
    }`,
    `**Dashboards**: ${
      unavailable(r.dashboards) || (r.dashboards.status === 'ok' && `${r.dashboards.value.length} dashboard(s) changed`)
    }`,
    `**Packs (cdk-nag)**: ${
      unavailable(r.packs) ||
      (r.packs.status === 'ok' &&
        `${r.packs.value.findingsAdded.length} finding(s) added, ${r.packs.value.findingsRemoved.length} removed, ` +
          `${r.packs.value.acknowledgementsAdded.length} acknowledgement(s) added, ` +
          `${r.packs.value.acknowledgementsRemoved.length} removed`)
    }`,
  ];
  const out = [COMMENT_MARKER, `## Change review: ${r.stage}, ${r.base} → ${r.head}`, ''];
  if (r.blocking.length) out.push('### :x: Blocking', list(r.blocking), '');
  if (r.allowed.length) out.push('### Allowed by --allow', list(r.allowed), '');
  out.push(list(summary), '');
  const at = (c: { stack: string; logicalId: string; type: string; detail?: string }) =>
    `\`${c.stack}/${c.logicalId}\` ${c.type}${c.detail ? `: ${c.detail}` : ''}`;
  out.push(
    details(
      'Resources',
      [
        ['Data-loss risk', res.dataLossRisk],
        ['Replaced', res.replaced],
        ['Removed', res.removed],
        ['Added', res.added],
      ]
        .filter(([, l]) => (l as unknown[]).length)
        .map(([t, l]) => `**${t as string}**\n${list((l as Parameters<typeof at>[0][]).map(at))}`)
        .join('\n\n') +
        res.security
          .map((s) => `\n\n**${s.stack}: ${s.kind}**${s.broadened ? ' (broadened)' : ''}\n\n${table(s.rows)}`)
          .join(''),
    ),
  );
  out.push(
    details(
      'Alarms',
      [
        alarms.added.length ? `**Added**\n${list(alarms.added)}` : '',
        alarms.removed.length ? `**Removed**\n${list(alarms.removed)}` : '',
        alarms.changed.length
          ? `**Changed**\n${list(
              alarms.changed.map(
                (c) =>
                  `${c.name}: ${c.fields.map((f) => `${f} \`${c.values[f]![0] || '–'}\` → \`${c.values[f]![1] || '–'}\``).join('; ')}`,
              ),
            )}`
          : '',
      ].join('\n\n'),
    ),
  );
  if (r.replay.status === 'ok') {
    const body = r.replay.value.map((s) =>
      [
        `**${s.scenario}**${s.status === 'changed' ? '' : ` (${s.status})`}`,
        list([
          ...s.newlyFailing.map((f) => `:x: now fails: ${f}`),
          ...s.fixed.map((f) => `now passes: ${f}`),
          ...s.notificationsAdded.map((n) => `+ ${n}`),
          ...s.notificationsRemoved.map((n) => `− ${n}`),
        ]),
      ].join('\n'),
    );
    out.push(details('Behaviour (alert replay)', body.join('\n\n')));
  }
  if (r.cost.status === 'ok') {
    const rows = r.cost.value.lines.map((l) => [l.name, usd(l.baseUsd), usd(l.headUsd)]);
    out.push(details('Cost', rows.length ? table([['Line', 'Base', 'Head'], ...rows]) : ''));
  }
  if (r.dashboards.status === 'ok') {
    const body = r.dashboards.value.map(
      (d) =>
        `**${d.dashboard}** (${d.status})\n` +
        list([
          ...d.widgetsAdded.map((w) => `added: ${w}`),
          ...d.widgetsChanged.map((w) => `changed: ${w}`),
          ...d.widgetsRemoved.map((w) => `removed: ${w}`),
          ...(d.widgetsMoved > 0 ? [`${d.widgetsMoved} widget(s) moved or resized only`] : []),
        ]),
    );
    out.push(details('Dashboards', body.join('\n\n')));
  }
  if (r.packs.status === 'ok') {
    const p = r.packs.value;
    const f = (x: { pack: string; rule: string; construct: string; reason?: string }) =>
      `${x.rule} on \`${x.construct}\`${x.reason ? `: ${x.reason}` : ''}`;
    const groups: [string, (typeof p)['findingsAdded']][] = [
      ['Findings added', p.findingsAdded],
      ['Findings removed', p.findingsRemoved],
      ['Acknowledgements added', p.acknowledgementsAdded],
      ['Acknowledgements removed', p.acknowledgementsRemoved],
    ];
    out.push(
      details(
        'Packs (cdk-nag)',
        groups
          .filter(([, l]) => l.length)
          .map(([t, l]) => `**${t}**\n${list(l.map(f))}`)
          .join('\n\n'),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function table(rows: string[][]): string {
  // cdk diff's tables may carry terminal colours.
  const esc = (cell: string) =>
    cell
      .replace(/\u001b\[[0-9;]*m/g, '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, '<br>');
  const [header, ...body] = rows;
  return [header, header.map(() => '---'), ...body].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}
