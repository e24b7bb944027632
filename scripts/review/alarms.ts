import { resourcesOfTypes, Templates } from './templates';

const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

/** The fields a reviewer reads an alarm by; `Metric` covers what it reads, `Runbook`/`Severity` its description. */
export const ALARM_FIELDS = [
  'Threshold',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'TreatMissingData',
  'ComparisonOperator',
  'AlarmActions',
  'OKActions',
  'Severity',
  'Runbook',
  'AlarmRule',
  'Metric',
] as const;
export type AlarmField = (typeof ALARM_FIELDS)[number];

export interface AlarmChange {
  readonly name: string;
  readonly fields: AlarmField[];
  /** Field → [base, head], rendered as text. */
  readonly values: Partial<Record<AlarmField, [string, string]>>;
}

export interface AlarmsReport {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: AlarmChange[];
}

type Fields = Record<AlarmField, string>;

/** Alarms added, removed and changed between two synth outputs, matched by AlarmName. */
export function compareAlarms(base: Templates, head: Templates): AlarmsReport {
  const before = alarmsByName(base);
  const after = alarmsByName(head);
  const changed: AlarmChange[] = [];
  for (const [name, now] of after) {
    const old = before.get(name);
    if (old === undefined) continue;
    const fields = ALARM_FIELDS.filter((f) => old[f] !== now[f]);
    if (fields.length > 0) {
      changed.push({ name, fields, values: Object.fromEntries(fields.map((f) => [f, [old[f], now[f]]])) });
    }
  }
  return {
    added: [...after.keys()].filter((n) => !before.has(n)).sort(),
    removed: [...before.keys()].filter((n) => !after.has(n)).sort(),
    changed: changed.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function alarmsByName(templates: Templates): Map<string, Fields> {
  return new Map(
    resourcesOfTypes(templates, ALARM_TYPES).map(({ stack, logicalId, properties: p }) => {
      // Names are literal in this app; anything else falls back to where the alarm is.
      const name = typeof p.AlarmName === 'string' ? p.AlarmName : `${stack}/${logicalId}`;
      const description = typeof p.AlarmDescription === 'string' ? p.AlarmDescription : render(p.AlarmDescription);
      const line = (prefix: string) =>
        description
          .split('\n')
          .find((l) => l.startsWith(prefix))
          ?.slice(prefix.length)
          .trim() ?? '';
      const fields: Fields = {
        Threshold: render(p.Threshold),
        Period: render(p.Period),
        EvaluationPeriods: render(p.EvaluationPeriods),
        DatapointsToAlarm: render(p.DatapointsToAlarm),
        TreatMissingData: render(p.TreatMissingData),
        ComparisonOperator: render(p.ComparisonOperator),
        AlarmActions: render(p.AlarmActions),
        OKActions: render(p.OKActions),
        Severity: line('Severity:'),
        Runbook: line('Runbook:'),
        AlarmRule: render(p.AlarmRule),
        // Lambda version ids in the deploy alarms' dimensions are already neutral (templates.ts withoutAssetHashes).
        Metric: render([p.Namespace, p.MetricName, p.Dimensions, p.Statistic, p.ExtendedStatistic, p.Metrics]),
      };
      return [name, fields];
    }),
  );
}

/** A value as a reviewer reads it: topics by their logical id rather than `{"Ref":…}`. */
export function render(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.every((v) => v === undefined) ? '' : value.map(render).join(', ');
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  if (Array.isArray(record['Fn::GetAtt'])) return (record['Fn::GetAtt'] as string[]).join('.');
  return JSON.stringify(value);
}
