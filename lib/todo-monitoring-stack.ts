import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { physicalName, StageConfig } from './config/stage-config';
import { AlertTopics, SEVERITIES } from './constructs/alert-topics';
import { ContributorInsightsRules } from './constructs/contributor-insights-rules';
import { LogMetricFilters } from './constructs/log-metric-filters';
import { SavedQueries } from './constructs/saved-queries';
import { TracingRules } from './constructs/tracing-rules';
import { TodoServiceStack } from './todo-service-stack';
import { TodoStatefulStack } from './todo-stateful-stack';

export interface TodoMonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stacks this one watches. */
  readonly stateful: TodoStatefulStack;
  readonly service: TodoServiceStack;
}

/** Namespace of the metrics CloudWatch Logs derives from log lines (metric filters). */
export const LOG_METRICS_NAMESPACE = 'TodoObservability/Logs';

/**
 * How the team learns something is wrong and finds out why: alert routing by severity, metrics derived from logs,
 * saved Logs Insights queries, Contributor Insights rules and X-Ray sampling and groups.
 */
export class TodoMonitoringStack extends Stack {
  public readonly alertTopics: AlertTopics;
  public readonly logMetrics: LogMetricFilters;
  public readonly contributorInsights: ContributorInsightsRules;
  public readonly tracing: TracingRules;

  constructor(scope: Construct, id: string, props: TodoMonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.alertTopics = new AlertTopics(this, 'AlertTopics', {
      namePrefix: physicalName(config),
      emails: config.alarmEmails,
      pagerDutySecretName: config.pagerDutySecretName,
      keyRemovalPolicy: config.removalPolicy,
    });

    const { service, stateful } = props;
    const functionLogGroups = [...service.functions].map(([name, fn]) => ({ name, logGroup: fn.logGroup }));
    const applicationLogGroups = functionLogGroups.map((f) => f.logGroup);
    const accessLogGroup = service.api.accessLogGroup;

    this.logMetrics = new LogMetricFilters(this, 'LogMetrics', {
      namespace: LOG_METRICS_NAMESPACE,
      functionLogGroups,
      accessLogGroup,
    });
    new SavedQueries(this, 'Queries', {
      folder: physicalName(config),
      applicationLogGroups,
      accessLogGroup,
      auditLogGroup: stateful.auditLogGroup,
    });
    this.contributorInsights = new ContributorInsightsRules(this, 'ContributorInsights', {
      namePrefix: physicalName(config),
      accessLogGroup,
      applicationLogGroups,
    });
    this.tracing = new TracingRules(this, 'Tracing', {
      namePrefix: physicalName(config),
      apiServiceName: `${physicalName(config, 'api')}/${config.stage}`,
      sampleRate: config.tracing.sampleRate,
      reservoirPerSecond: config.tracing.reservoirPerSecond,
      slowRequestThresholdMs: config.slo.latencyThresholdMs,
    });

    for (const severity of SEVERITIES) {
      new CfnOutput(this, `${severity[0].toUpperCase()}${severity.slice(1)}TopicArn`, {
        value: this.alertTopics.topic(severity).topicArn,
      });
    }
  }
}
