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
