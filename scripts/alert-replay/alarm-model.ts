import { alertTopicName, SEVERITIES, Severity } from '../../lib/alarms/alert-topics';
import { CloudAssembly, ResourceRef } from './cloud-assembly';
import { parseStatistic, Statistic } from './statistics';

/** A metric as CloudWatch identifies it: namespace, name and dimensions (resolved to physical values). */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** One entry of an alarm's `Metrics` (or the single metric of a classic alarm, as query `m1`). */
export type AlarmQuery =
  | {
      readonly kind: 'metric';
      readonly id: string;
      readonly metric: MetricIdentity;
      readonly statistic: Statistic;
      readonly periodMinutes: number;
      readonly returnData: boolean;
    }
  | { readonly kind: 'expression'; readonly id: string; readonly expression: string; readonly returnData: boolean };

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'LessThanLowerOrGreaterThanUpperThreshold'
  | 'LessThanLowerThreshold'
  | 'GreaterThanUpperThreshold';

export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

interface AlarmBase {
  readonly name: string;
  /** Where it is defined, for messages: the CDK construct path and stack. */
  readonly construct: string;
  /** The alarm's description as deployed (the convention: summary, Severity, Runbook, Dashboard, Missing data). */
  readonly description: string;
  /** Severities of the topics its ALARM and OK actions notify (empty: a silent alarm). */
  readonly alarmSeverities: readonly Severity[];
  readonly okSeverities: readonly Severity[];
}

export interface MetricAlarmDefinition extends AlarmBase {
  readonly kind: 'metric';
  readonly queries: readonly AlarmQuery[];
  /** Period of the alarm's datapoints, in minutes (every metric query of an alarm has the same period). */
  readonly periodMinutes: number;
  readonly comparison: ComparisonOperator;
  readonly threshold?: number;
  /** The id of the ANOMALY_DETECTION_BAND expression for band comparisons. */
  readonly thresholdMetricId?: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

export interface CompositeAlarmDefinition extends AlarmBase {
  readonly kind: 'composite';
  /** The rule with every alarm ARN replaced by the alarm's name. */
  readonly rule: string;
  readonly suppressor?: string;
  readonly suppressorWaitMinutes: number;
  readonly suppressorExtensionMinutes: number;
}

export type AlarmDefinition = MetricAlarmDefinition | CompositeAlarmDefinition;

const TREAT_MISSING: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
const COMPARISONS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];

/** Every alarm of the assembly, as the replay evaluates it. Unknown settings are errors naming the alarm. */
export function readAlarms(assembly: CloudAssembly): AlarmDefinition[] {
  const severityOf = topicSeverities(assembly);
  const alarms: AlarmDefinition[] = [];
  for (const ref of assembly.resourcesOfType('AWS::CloudWatch::Alarm')) {
    alarms.push(readMetricAlarm(assembly, ref, severityOf));
  }
  for (const ref of assembly.resourcesOfType('AWS::CloudWatch::CompositeAlarm')) {
    alarms.push(readCompositeAlarm(assembly, ref, severityOf));
  }
  const names = new Set<string>();
  for (const alarm of alarms) {
    if (names.has(alarm.name)) throw new Error(`Two alarms are named ${alarm.name}`);
    names.add(alarm.name);
  }
  return alarms;
}

/** SNS topic ARN → severity, from the topics' names (`{app}-{stage}-alerts-{severity}`). */
function topicSeverities(assembly: CloudAssembly): (arn: string, alarm: string) => Severity {
  const byArn = new Map<string, Severity>();
  for (const ref of assembly.resourcesOfType('AWS::SNS::Topic')) {
    const arn = assembly.resolve(ref.stack, { Ref: ref.logicalId }) as string;
    const topicName = arn.split(':').pop() as string;
    const severity = SEVERITIES.find((s) => topicName.endsWith(alertTopicName('', s)));
    if (severity !== undefined) byArn.set(arn, severity);
  }
  return (arn, alarm) => {
    const severity = byArn.get(arn);
    if (severity === undefined) throw new Error(`${alarm}: action ${arn} is not one of the severity topics`);
    return severity;
  };
}

function actions(
  assembly: CloudAssembly,
  ref: ResourceRef,
  key: string,
  severityOf: (arn: string, alarm: string) => Severity,
): Severity[] {
  const arns = (assembly.property(ref, key) as string[] | undefined) ?? [];
  return arns.map((arn) => severityOf(arn, assembly.describe(ref)));
}

function readMetricAlarm(
  assembly: CloudAssembly,
  ref: ResourceRef,
  severityOf: (arn: string, alarm: string) => Severity,
): MetricAlarmDefinition {
  const p = (name: string) => assembly.property(ref, name);
  const construct = assembly.describe(ref);
  const name = String(p('AlarmName') ?? ref.logicalId);
  const where = `alarm ${name} (${construct})`;
  const queries: AlarmQuery[] = [];
  if (p('Metrics') !== undefined) {
    for (const raw of p('Metrics') as Record<string, unknown>[]) {
      const id = String(raw.Id);
      const returnData = raw.ReturnData !== false;
      if (raw.Expression !== undefined) {
        queries.push({ kind: 'expression', id, expression: String(raw.Expression), returnData });
        continue;
      }
      const stat = raw.MetricStat as { Metric: Record<string, unknown>; Stat: string; Period: number } | undefined;
      if (stat === undefined) throw new Error(`${where}: query ${id} has neither Expression nor MetricStat`);
      queries.push({
        kind: 'metric',
        id,
        metric: identity(stat.Metric.Namespace, stat.Metric.MetricName, stat.Metric.Dimensions, 'Name', 'Value'),
        statistic: parseStatistic(stat.Stat, where),
        periodMinutes: periodMinutes(stat.Period, where),
        returnData,
      });
    }
  } else {
    const statistic = p('ExtendedStatistic') ?? p('Statistic');
    if (statistic === undefined) throw new Error(`${where}: no Statistic, ExtendedStatistic or Metrics`);
    queries.push({
      kind: 'metric',
      id: 'm1',
      metric: identity(p('Namespace'), p('MetricName'), p('Dimensions'), 'Name', 'Value'),
      statistic: parseStatistic(String(statistic), where),
      periodMinutes: periodMinutes(p('Period'), where),
      returnData: true,
    });
  }
  const periods = new Set(queries.flatMap((q) => (q.kind === 'metric' ? [q.periodMinutes] : [])));
  if (periods.size !== 1) throw new Error(`${where}: its metrics have ${periods.size} different periods; expected one`);
  if (queries.filter((q) => q.returnData).length !== (p('ThresholdMetricId') === undefined ? 1 : 2)) {
    throw new Error(`${where}: expected exactly one query with ReturnData (two with a ThresholdMetricId)`);
  }

  const comparison = String(p('ComparisonOperator'));
  if (!COMPARISONS.includes(comparison as ComparisonOperator)) {
    throw new Error(`${where}: ComparisonOperator ${comparison} is not one of ${COMPARISONS.join(', ')}`);
  }
  // "Alarms that evaluate metrics in the AWS/DynamoDB namespace default to ignore missing data. You can override this"
  // (alarms-and-missing-data.html); otherwise the default is `missing`.
  const dynamo = queries.some((q) => q.kind === 'metric' && q.metric.namespace === 'AWS/DynamoDB');
  const treatMissingData = String(p('TreatMissingData') ?? (dynamo ? 'ignore' : 'missing'));
  if (!TREAT_MISSING.includes(treatMissingData as TreatMissingData)) {
    throw new Error(`${where}: TreatMissingData ${treatMissingData} is not one of ${TREAT_MISSING.join(', ')}`);
  }
  const evaluationPeriods = Number(p('EvaluationPeriods'));
  return {
    kind: 'metric',
    name,
    construct,
    description: String(p('AlarmDescription') ?? ''),
    alarmSeverities: actions(assembly, ref, 'AlarmActions', severityOf),
    okSeverities: actions(assembly, ref, 'OKActions', severityOf),
    queries,
    periodMinutes: [...periods][0],
    comparison: comparison as ComparisonOperator,
    threshold: p('Threshold') === undefined ? undefined : Number(p('Threshold')),
    thresholdMetricId: p('ThresholdMetricId') as string | undefined,
    evaluationPeriods,
    datapointsToAlarm: Number(p('DatapointsToAlarm') ?? evaluationPeriods),
    treatMissingData: treatMissingData as TreatMissingData,
  };
}

function readCompositeAlarm(
  assembly: CloudAssembly,
  ref: ResourceRef,
  severityOf: (arn: string, alarm: string) => Severity,
): CompositeAlarmDefinition {
  const p = (name: string) => assembly.property(ref, name);
  const alarmNameOfArn = (arn: string) => arn.replace(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/, '');
  const suppressor = p('ActionsSuppressor') as string | undefined;
  return {
    kind: 'composite',
    name: String(p('AlarmName')),
    construct: assembly.describe(ref),
    description: String(p('AlarmDescription') ?? ''),
    alarmSeverities: actions(assembly, ref, 'AlarmActions', severityOf),
    okSeverities: actions(assembly, ref, 'OKActions', severityOf),
    rule: String(p('AlarmRule')).replace(/"(arn:[^"]+)"/g, (_, arn: string) => `"${alarmNameOfArn(arn)}"`),
    suppressor: suppressor === undefined ? undefined : alarmNameOfArn(suppressor),
    suppressorWaitMinutes: Number(p('ActionsSuppressorWaitPeriod') ?? 0) / 60,
    suppressorExtensionMinutes: Number(p('ActionsSuppressorExtensionPeriod') ?? 0) / 60,
  };
}

function identity(
  namespace: unknown,
  metricName: unknown,
  dimensions: unknown,
  key: string,
  value: string,
): MetricIdentity {
  const dims = ((dimensions as Record<string, unknown>[] | undefined) ?? []).map((d) => [
    String(d[key]),
    String(d[value]),
  ]);
  return { namespace: String(namespace), metricName: String(metricName), dimensions: Object.fromEntries(dims.sort()) };
}

/** `AWS/Lambda|Errors|FunctionName=todo-prod-get-todo`: one key per metric, dimensions sorted by name. */
export function metricKey(metric: MetricIdentity): string {
  const dims = Object.entries(metric.dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [metric.namespace, metric.metricName, ...dims].join('|');
}

/** Alarm periods are whole minutes here: the templates use no high-resolution (10 s / 30 s) alarms. */
function periodMinutes(seconds: unknown, where: string): number {
  const value = Number(seconds);
  if (!Number.isInteger(value) || value < 60 || value % 60 !== 0) {
    throw new Error(
      `${where}: period ${String(seconds)} s is not a whole number of minutes (high-resolution alarms are not replayed)`,
    );
  }
  return value / 60;
}

/** The alarms that notify someone: any ALARM or OK action. */
export const isNotifying = (alarm: AlarmDefinition): boolean =>
  alarm.alarmSeverities.length + alarm.okSeverities.length > 0;

/** The highest severity an alarm notifies. */
export function severityOf(alarm: AlarmDefinition): Severity | undefined {
  return SEVERITIES.find((s) => alarm.alarmSeverities.includes(s) || alarm.okSeverities.includes(s));
}
