import { BAND_HISTORY_DAYS } from './anomaly-band';
import { DEFAULT_PUBLICATION_DELAY, HISTORY_DAYS } from './replay-runner';
import { FAULTS, FIELDS, TRAFFIC } from './scenario';
import { ROUTE_MIX } from './traffic-model';

/**
 * The reference part of the report: how the engine evaluates alarms (with the sources), its limits, and the scenario
 * file format, generated from the validator's own tables so the documentation cannot drift from what is accepted.
 */
export function referenceDoc(): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const range = (spec: { min?: number; max?: number }) =>
    spec.min === undefined ? '' : `${spec.min}–${spec.max ?? '∞'}`;
  return [
    '## How the replay evaluates alarms',
    '',
    'The engine (`scripts/alert-replay/`) reads the synthesized templates (`manifest.json` → every stack) — the alarms',
    'that would deploy, never a second description of them — and resolves their intrinsics (cross-stack outputs, ARNs,',
    'physical names). The traffic model (`traffic-model.ts`) reads the same templates for what it simulates: function',
    'names and timeouts, the access log format, the metric filters, canary schedules, CodeDeploy configurations.',
    '',
    '- **Evaluation** every minute over a sliding window of Period × EvaluationPeriods; alarms whose range exceeds a day',
    '  every hour on data up to the hour ([alarm-evaluation](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html)).',
    '- **M of N and missing data**: the evaluation range is N + 2 data points; with N real points the newest N decide;',
    "  otherwise missing points are filled as `TreatMissingData` says, with the guide's rule against alarming early",
    '  ([alarms-and-missing-data](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html);',
    '  both tables of the guide are tests). `AWS/DynamoDB` alarms default to `ignore`.',
    '- **Statistics** from the raw samples of each window: Sum, Average, Minimum, Maximum, SampleCount, pNN (nearest',
    '  rank), TC and TM with value bounds (lower bound excluded, upper included) or percentile bounds',
    '  ([Statistics-definitions](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html)).',
    '- **Metric math**: + − × ÷ ^, comparisons (1/0), AND/OR/NOT, IF, FILL (value or REPEAT), SUM/AVG/MIN/MAX of arrays,',
    "  ABS/CEIL/FLOOR; a missing value is 0 against another series' value, division by zero drops the point",
    '  ([using-metric-math](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html)).',
    `- **ANOMALY_DETECTION_BAND(m, k)** (approximation, results marked *approximate*): mean ± k·σ of the metric at the same`,
    `  time of day (± one period) on each of the trailing ${BAND_HISTORY_DAYS} days; CloudWatch's trained model is not reproducible offline.`,
    '- **Composite alarms**: ALARM/OK/INSUFFICIENT_DATA("name"), TRUE, FALSE, NOT > AND > OR, parentheses; actions',
    '  suppressors with their wait and extension periods as in the six examples of',
    '  [Create_Composite_Alarm](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html).',
    '- **Actions**: a state change notifies the severity topics of its ALARM or OK actions.',
    `- **Publication delay**: ${DEFAULT_PUBLICATION_DELAY.vended} min for \`AWS/*\` metrics, ${DEFAULT_PUBLICATION_DELAY.custom} min for EMF and metric-filter`,
    '  metrics (no AWS document gives the figure; vendors measure about 2 min for 1-minute AWS metrics); `publicationDelayMinutes` overrides it.',
    `- **History**: every scenario starts after ${HISTORY_DAYS} days of baseline traffic (anomaly bands train on it, 3-day windows fill).`,
    '',
    '**Limits.** No high-resolution alarms (10/30 s periods); no Metrics Insights or PromQL alarms; no SEARCH, METRICS(),',
    'RATE, DIFF, time-shift or LINEAR fill in metric math; the anomaly band is an approximation; the evaluation range is',
    'assumed to be N + 2 for every N; `EvaluateLowSampleCountPercentile` is not read; CodeDeploy reacts one minute after',
    "a rollback alarm fires; percentiles are exact over the samples (CloudWatch's may be approximate). Anything the engine",
    'does not know — a function, a statistic, a rule keyword, an intrinsic — is an error naming the alarm and its construct.',
    '',
    '## Scenario files',
    '',
    'One JSON object per file in `scripts/alert-replay/scenarios/`; `npm run alerts:replay -- --scenario <file>` replays',
    "any other, e.g. your own incident with `metric` faults. Minutes count from the scenario's start.",
    '',
    row(['field', 'type', 'allowed', 'meaning']),
    row(['---', '---', '---', '---']),
    ...Object.entries(FIELDS).map(([name, spec]) =>
      row([`\`${name}\`${spec.required ? ' (required)' : ''}`, spec.type, range(spec), spec.doc]),
    ),
    '',
    '**Traffic profile** (`traffic`; the defaults are the prod default volumes the suite assumes):',
    '',
    row(['field', 'default', 'allowed', 'meaning']),
    row(['---', '---:', '---', '---']),
    ...Object.entries(TRAFFIC).map(([name, spec]) => row([`\`${name}\``, String(spec.default), range(spec), spec.doc])),
    '',
    `Route mix: ${Object.entries(ROUTE_MIX)
      .map(([route, share]) => `${route} ${share * 100}%`)
      .join(', ')}.`,
    '',
    '**Faults** (`faults`: `{ "kind", "from", "to", …fields }`):',
    '',
    row(['kind', 'what happens', 'fields']),
    row(['---', '---', '---']),
    ...Object.entries(FAULTS).map(([kind, spec]) =>
      row([
        `\`${kind}\``,
        spec.doc,
        Object.entries(spec.fields)
          .map(([name, field]) => `\`${name}\`: ${field.doc}`)
          .join('; ') || '–',
      ]),
    ),
    '',
    '**Expectations** (`expect`): `notify` — `{ "alarm": "<id without app and stage>", "state": "ALARM|OK", "after": m, "within": n }`,',
    'the alarm must notify that state between minute m and m + n; `states` — the same for alarms that notify no one (a',
    'state they must reach); `silent` — ids that must not notify, `"*"` for every one not named in `notify`;',
    '`maxNotifications` — `{ "critical": 0 }`: the most each topic may receive; `explained` — `{ "alarm", "why" }`:',
    'notifications that are right although nothing is broken (exempt from `silent`, printed in the report).',
    '',
  ].join('\n');
}
