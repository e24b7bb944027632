import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { API_FUNCTIONS } from '../lambda/routes';
import { physicalName, StageConfig } from './config/stage-config';
import { AlarmRouting, alarmName } from './constructs/alarm-conventions';
import { ApiCanary, CANARY_ALARM_ID } from './constructs/api-canary';
import { AlertTopics, SEVERITIES } from './constructs/alert-topics';
import { ApiAlarms } from './constructs/api-alarms';
import { BusinessAlarms } from './constructs/business-alarms';
import { BusinessDashboard } from './constructs/business-dashboard';
import { ContributorInsightsRules } from './constructs/contributor-insights-rules';
import { DashboardSources, apiMetric } from './constructs/dashboard-sources';
import { DataAlarms } from './constructs/data-alarms';
import { FrontendDashboard } from './constructs/frontend-dashboard';
import { LambdaAlarms } from './constructs/lambda-alarms';
import { LogMetricFilters } from './constructs/log-metric-filters';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { SavedQueries } from './constructs/saved-queries';
import { SloBurnRateAlarms } from './constructs/slo-burn-rate-alarms';
import { SloDashboard } from './constructs/slo-dashboard';
import { TracingRules } from './constructs/tracing-rules';
import { TroubleshootingDashboard } from './constructs/troubleshooting-dashboard';
import { WebAlarms } from './constructs/web-alarms';
import { METRICS_NAMESPACE, SERVICE_NAME, TodoServiceStack } from './todo-service-stack';
import { TodoStatefulStack } from './todo-stateful-stack';

export interface TodoMonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stacks this one watches. */
  readonly stateful: TodoStatefulStack;
  readonly service: TodoServiceStack;
}

/** Namespace of the metrics CloudWatch Logs derives from log lines (metric filters). */
export const LOG_METRICS_NAMESPACE = 'TodoObservability/Logs';

/** The stage's dashboards, by role; names are `{app}-{stage}-{role}`. */
export const DASHBOARDS = ['operations', 'troubleshooting', 'business', 'slo', 'frontend'] as const;

/**
 * How the team learns something is wrong and finds out why: alert routing by severity, SLOs with burn-rate alerts,
 * alarms for every signal with a runbook each, dashboards, metrics derived from logs, saved Logs Insights queries,
 * Contributor Insights rules and X-Ray sampling and groups.
 */
export class TodoMonitoringStack extends Stack {
  public readonly alertTopics: AlertTopics;
  public readonly logMetrics: LogMetricFilters;
  public readonly contributorInsights: ContributorInsightsRules;
  public readonly tracing: TracingRules;
  public readonly availability: SloBurnRateAlarms;
  public readonly latency: SloBurnRateAlarms;
  /** Synthetic users walking the API (journey and heartbeat canaries) and their page. */
  public readonly canary: ApiCanary;
  /** In ALARM while the API is down as a whole; no actions: it silences component alarms. */
  public readonly apiDown: cloudwatch.CompositeAlarm;
  /** What users of the web client experience (CloudWatch RUM): JavaScript error rate and p75 LCP warnings. */
  public readonly web: WebAlarms;
  /** Every alarm that notifies a topic. */
  public readonly notifyingAlarms: cloudwatch.IAlarm[] = [];
  private readonly config: StageConfig;
  private readonly sources: DashboardSources;

  constructor(scope: Construct, id: string, props: TodoMonitoringStackProps) {
    super(scope, id, props);
    const { config, service, stateful } = props;
    this.config = config;
    const prefix = physicalName(config);

    this.alertTopics = new AlertTopics(this, 'AlertTopics', {
      namePrefix: prefix,
      emails: config.alarmEmails,
      pagerDutySecretName: config.pagerDutySecretName,
      keyRemovalPolicy: config.removalPolicy,
    });

    const functionLogGroups = [...service.functions].map(([name, fn]) => ({ name, logGroup: fn.logGroup }));
    this.sources = {
      apiName: physicalName(config, 'api'),
      stageName: config.stage,
      routes: API_FUNCTIONS.flatMap((fn) => fn.routes),
      functions: [...service.functions].map(([name, fn]) => ({
        name,
        function: fn.function,
        timeout: Duration.seconds(config.functions.timeoutSeconds),
      })),
      table: stateful.todoTable,
      applicationLogGroups: functionLogGroups.map((f) => f.logGroup),
      accessLogGroup: service.api.accessLogGroup,
      metricsNamespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      logMetricsNamespace: LOG_METRICS_NAMESPACE,
    };

    this.logMetrics = new LogMetricFilters(this, 'LogMetrics', {
      namespace: LOG_METRICS_NAMESPACE,
      functionLogGroups,
      accessLogGroup: this.sources.accessLogGroup,
    });
    new SavedQueries(this, 'Queries', {
      folder: prefix,
      applicationLogGroups: this.sources.applicationLogGroups,
      accessLogGroup: this.sources.accessLogGroup,
      auditLogGroup: stateful.auditLogGroup,
    });
    this.contributorInsights = new ContributorInsightsRules(this, 'ContributorInsights', {
      namePrefix: prefix,
      accessLogGroup: this.sources.accessLogGroup,
      applicationLogGroups: this.sources.applicationLogGroups,
    });
    this.tracing = new TracingRules(this, 'Tracing', {
      namePrefix: prefix,
      apiServiceName: `${this.sources.apiName}/${config.stage}`,
      sampleRate: config.tracing.sampleRate,
      reservoirPerSecond: config.tracing.reservoirPerSecond,
      slowRequestThresholdMs: config.slo.latencyThresholdMs,
    });

    const routing: AlarmRouting = {
      namePrefix: prefix,
      runbookBaseUrl: config.alarming.runbookBaseUrl,
      topics: this.alertTopics,
    };
    [this.availability, this.latency] = this.createSlos(routing);
    [this.canary, this.apiDown] = this.createCanary(routing, props);
    this.web = this.createAlarms(routing, props);
    this.createDashboards(props);

    for (const severity of SEVERITIES) {
      new CfnOutput(this, `${severity[0].toUpperCase()}${severity.slice(1)}TopicArn`, {
        value: this.alertTopics.topic(severity).topicArn,
      });
    }
  }

  private dashboardName(role: (typeof DASHBOARDS)[number]): string {
    return physicalName(this.config, role);
  }

  /** Availability: 5xx among valid (non-4xx) requests. Latency: requests slower than the threshold among all. */
  private createSlos(routing: AlarmRouting): [SloBurnRateAlarms, SloBurnRateAlarms] {
    const { slo } = this.config;
    const stageMetric = (name: string, statistic: string) => (period: Duration) =>
      apiMetric(this.sources, name, statistic, undefined, period);
    const availability = new SloBurnRateAlarms(this, 'AvailabilitySlo', {
      sloName: 'availability',
      target: slo.availabilityTarget,
      badEvents: stageMetric('5XXError', 'Sum'),
      // Ids carry the period: a dashboard widget may hold several periods and ids must be unique in it.
      validEvents: (period) => {
        const [requests, clientErrors] = [`requests${period.toSeconds()}`, `clientErrors${period.toSeconds()}`];
        return new cloudwatch.MathExpression({
          expression: `${requests} - ${clientErrors}`,
          usingMetrics: {
            [requests]: stageMetric('Count', 'Sum')(period),
            [clientErrors]: stageMetric('4XXError', 'Sum')(period),
          },
          period,
        });
      },
      badEventsDescription: '5xx responses',
      minValidEvents: slo.minRequestsPerWindow,
      routing,
      dashboardName: this.dashboardName('slo'),
    });
    const latency = new SloBurnRateAlarms(this, 'LatencySlo', {
      sloName: 'latency',
      target: slo.latencyTarget,
      // Trimmed count above the threshold = requests slower than it; SampleCount = every request.
      badEvents: stageMetric('Latency', `TC(${slo.latencyThresholdMs}:)`),
      validEvents: stageMetric('Latency', 'SampleCount'),
      badEventsDescription: `requests slower than ${slo.latencyThresholdMs} ms`,
      minValidEvents: slo.minRequestsPerWindow,
      routing,
      dashboardName: this.dashboardName('slo'),
    });
    for (const s of [availability, latency]) this.notifyingAlarms.push(...s.tiers.map((t) => t.composite));
    return [availability, latency];
  }

  /**
   * The canaries and the "API is down" composite: the availability fast burn or the canary page. No actions and no
   * runbook of its own (the two alarms it combines page and link theirs); while in ALARM, component alarms stay
   * silent.
   */
  private createCanary(routing: AlarmRouting, props: TodoMonitoringStackProps): [ApiCanary, cloudwatch.CompositeAlarm] {
    const { config } = this;
    const canary = new ApiCanary(this, 'Canary', {
      apiUrl: props.service.api.api.url,
      siteUrl: `${props.service.web.origin}/`,
      userPool: props.stateful.userPool,
      namePrefix: physicalName(config),
      journeyRate: Duration.minutes(config.canary.journeyRateMinutes),
      heartbeatRate: Duration.minutes(config.canary.heartbeatRateMinutes),
      routing,
      dashboardName: this.dashboardName('operations'),
      removalPolicy: config.removalPolicy,
      logRetention: config.logRetention,
      // The fast burn's page covers an API that fails its users: the canary pages for what it cannot see.
      suppressor: this.availability.tiers[0].composite,
    });
    const fastBurn = this.availability.tiers[0].composite;
    const apiDown = new cloudwatch.CompositeAlarm(this, 'ApiDown', {
      compositeAlarmName: alarmName(routing, 'api-down-critical'),
      alarmRule: cloudwatch.AlarmRule.anyOf(
        cloudwatch.AlarmRule.fromAlarm(fastBurn, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(canary.alarm, cloudwatch.AlarmState.ALARM),
      ),
      alarmDescription:
        `The API is down for its users: ${alarmName(routing, 'api-availability-burn-fast-critical')} or ` +
        `${alarmName(routing, CANARY_ALARM_ID)} is in ALARM. ` +
        'No actions of its own: while in ALARM it suppresses the lambda-* and api-route-p99 warnings.',
    });
    return [canary, apiDown];
  }

  private createAlarms(routing: AlarmRouting, props: TodoMonitoringStackProps): WebAlarms {
    const { config } = this;
    const { service, stateful } = props;
    // While the API is down as a whole (the availability fast burn or the canaries page), component alarms stay silent.
    const apiDown = this.apiDown;

    const lambdaAlarms = new LambdaAlarms(this, 'LambdaAlarms', {
      functions: this.sources.functions,
      routing,
      dashboardName: this.dashboardName('troubleshooting'),
      accountConcurrencyLimit: config.alarming.lambdaAccountConcurrencyLimit,
      suppressor: apiDown,
    });
    const apiAlarms = new ApiAlarms(this, 'ApiAlarms', {
      apiName: this.sources.apiName,
      stageName: config.stage,
      routes: this.sources.routes,
      latencyThresholdMs: config.slo.latencyThresholdMs,
      logMetricsNamespace: LOG_METRICS_NAMESPACE,
      authFailuresMetricName: LogMetricFilters.METRICS.authFailures,
      clientErrorsMetricName: LogMetricFilters.METRICS.clientErrors,
      webAclName: this.sources.apiName,
      routing,
      dashboardName: this.dashboardName('operations'),
      suppressor: apiDown,
    });
    const dataAlarms = new DataAlarms(this, 'DataAlarms', {
      table: stateful.todoTable,
      auditProcessor: service.auditTrail.processor.function,
      auditDeadLetterQueue: service.auditTrail.deadLetterQueue,
      alertDeadLetterQueue: this.alertTopics.deliveryFailures,
      routing,
      dashboardName: this.dashboardName('troubleshooting'),
    });
    const businessAlarms = new BusinessAlarms(this, 'BusinessAlarms', {
      namespace: METRICS_NAMESPACE,
      serviceName: SERVICE_NAME,
      routing,
      dashboardName: this.dashboardName('business'),
    });
    // Not suppressed by apiDown: frontend problems (bundle, CDN, assets) are independent of the API.
    const webAlarms = new WebAlarms(this, 'WebAlarms', {
      appMonitorName: service.webAppMonitorName,
      routing,
      dashboardName: this.dashboardName('frontend'),
    });

    this.notifyingAlarms.push(
      lambdaAlarms.errors,
      lambdaAlarms.durationNearTimeout,
      lambdaAlarms.throttles,
      lambdaAlarms.concurrencyNearLimit,
      apiAlarms.routeLatency,
      apiAlarms.authFailures,
      apiAlarms.clientErrorAnomaly,
      apiAlarms.wafBlocked,
      dataAlarms.systemErrors,
      dataAlarms.throttles,
      dataAlarms.auditIteratorAge,
      dataAlarms.auditDeadLetters,
      dataAlarms.alertsUndelivered,
      businessAlarms.creationsLow,
      this.canary.alarm,
      webAlarms.jsErrorRate,
      webAlarms.lcp,
    );
    return webAlarms;
  }

  private createDashboards(props: TodoMonitoringStackProps): void {
    const dashboards = [
      new OperationsDashboard(this, 'OperationsDashboard', {
        dashboardName: this.dashboardName('operations'),
        sources: this.sources,
        alarms: this.notifyingAlarms,
        sloAlarms: [...this.availability.tiers, ...this.latency.tiers].map((t) => t.composite),
      }).dashboard,
      new TroubleshootingDashboard(this, 'TroubleshootingDashboard', {
        dashboardName: this.dashboardName('troubleshooting'),
        sources: this.sources,
        traceGroups: [this.tracing.faultsGroup.groupName, this.tracing.slowRequestsGroup.groupName],
        initDurationMetric: LogMetricFilters.METRICS.initDuration,
        maxMemoryMetric: LogMetricFilters.METRICS.maxMemoryUsed,
      }).dashboard,
      new BusinessDashboard(this, 'BusinessDashboard', {
        dashboardName: this.dashboardName('business'),
        sources: this.sources,
        activeUsersRuleName: this.contributorInsights.activeUsers.ruleName!,
      }).dashboard,
      new SloDashboard(this, 'SloDashboard', {
        dashboardName: this.dashboardName('slo'),
        slos: [this.availability, this.latency],
      }).dashboard,
      new FrontendDashboard(this, 'FrontendDashboard', {
        dashboardName: this.dashboardName('frontend'),
        appMonitorName: props.service.webAppMonitorName,
        jsErrorRate: this.web.jsErrorRateMetric,
        jsErrorRateThresholdPercent: this.web.jsErrorRatePercent,
        alarms: [this.web.jsErrorRate, this.web.lcp],
        apiTraceName: `${this.sources.apiName}/${this.config.stage}`,
        savedQueriesFolder: physicalName(this.config),
      }).dashboard,
    ];
    // Synthetic users on the operations dashboard: success of both canaries, journey duration per step.
    dashboards[0].addWidgets(...this.canary.widgets());
    DASHBOARDS.forEach((role, index) => {
      new CfnOutput(this, `${role[0].toUpperCase()}${role.slice(1)}DashboardUrl`, {
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${dashboards[index].dashboardName}`,
      });
    });
  }
}
