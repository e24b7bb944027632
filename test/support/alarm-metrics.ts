import type { Template } from 'aws-cdk-lib/assertions';

/** One entry of an alarm's `Metrics` (metric math) as CloudFormation renders it. */
export type MetricDataQuery = {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] };
    Stat: string;
    Period: number;
  };
};

/** A composite alarm's rule as CloudFormation renders it: `(ALARM("<arn 1>") <op> ALARM("<arn 2>") …)`. */
export function expectedAlarmRule(operator: 'AND' | 'OR', childLogicalIds: readonly string[]): unknown[] {
  return childLogicalIds
    .flatMap((id, index) => [index === 0 ? '(ALARM("' : `") ${operator} ALARM("`, { 'Fn::GetAtt': [id, 'Arn'] }])
    .concat('"))');
}

/** The one alarm (metric or composite) among `resources` (a `findResources` result) named `name`. */
export function namedAlarm(
  resources: ReturnType<Template['findResources']>,
  name: string,
): { logicalId: string; props: ReturnType<Template['findResources']>[string]['Properties'] } {
  const entries = Object.entries(resources).filter(([, r]) => r.Properties.AlarmName === name);
  expect(entries).toHaveLength(1);
  return { logicalId: entries[0][0], props: entries[0][1].Properties };
}
