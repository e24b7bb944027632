import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';

export interface TracingRulesProps {
  /** Prefix of the rule and group names, e.g. `todo-prod`. */
  readonly namePrefix: string;
  /** X-Ray service name of the API stage: `<rest api name>/<stage>`. */
  readonly apiServiceName: string;
  /** Share of requests traced beyond the reservoir (0–1). */
  readonly sampleRate: number;
  /** Requests per second traced before the rate applies. */
  readonly reservoirPerSecond: number;
  /** Requests slower than this (the latency SLO threshold) land in the slow-requests group. */
  readonly slowRequestThresholdMs: number;
}

/**
 * X-Ray for the stage: a sampling rule for the API (sampling is decided at API Gateway and propagated to Lambda and
 * DynamoDB), and groups for faulty and slow requests with X-Ray Insights on, so anomalies raise insights and each
 * group gets its own service map and CloudWatch metrics.
 */
export class TracingRules extends Construct {
  public readonly samplingRule: xray.CfnSamplingRule;
  public readonly faultsGroup: xray.CfnGroup;
  public readonly slowRequestsGroup: xray.CfnGroup;

  constructor(scope: Construct, id: string, props: TracingRulesProps) {
    super(scope, id);
    if (!(props.sampleRate >= 0 && props.sampleRate <= 1)) {
      throw new Error(`TracingRules: sampleRate must be between 0 and 1, got ${props.sampleRate}`);
    }
    const ruleName = `${props.namePrefix}-api`;
    // X-Ray caps sampling rule and group names at 32 characters; the longest is the slow-requests group.
    const longest = `${props.namePrefix}-slow-requests`;
    if (longest.length > 32) {
      throw new Error(
        `TracingRules: namePrefix "${props.namePrefix}" makes "${longest}" longer than X-Ray's 32 characters (namePrefix: at most 18)`,
      );
    }

    this.samplingRule = new xray.CfnSamplingRule(this, 'SamplingRule', {
      samplingRule: {
        ruleName,
        priority: 100,
        fixedRate: props.sampleRate,
        reservoirSize: props.reservoirPerSecond,
        serviceName: props.apiServiceName,
        serviceType: '*',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });

    const insights = { insightsEnabled: true, notificationsEnabled: true };
    const service = `service("${props.apiServiceName}")`;
    this.faultsGroup = new xray.CfnGroup(this, 'FaultsGroup', {
      groupName: `${props.namePrefix}-faults`,
      filterExpression: `${service} { fault = true }`,
      insightsConfiguration: insights,
    });
    this.slowRequestsGroup = new xray.CfnGroup(this, 'SlowRequestsGroup', {
      groupName: `${props.namePrefix}-slow-requests`,
      filterExpression: `${service} { responsetime > ${props.slowRequestThresholdMs / 1000} }`,
      insightsConfiguration: insights,
    });
  }
}
