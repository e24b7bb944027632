import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { API_FUNCTIONS } from '../contract/routes';
import { API_SERVICE_NAME, LOG_METRICS_NAMESPACE, METRICS_NAMESPACE } from '../contract/telemetry';
import { AlarmFactory } from './alarms/alarm-factory';
import { AlertTopics, SEVERITIES } from './alarms/alert-topics';
import { physicalName, StageConfig } from './config/stage-config';
import { ApiAlarms } from './alarms/api-alarms';
import { ObservabilityBudget } from './cost/observability-budget';
import { ApiCanary } from './synthetics/api-canary';
import { addApiSlos } from './alarms/api-slos';
import { BusinessAlarms } from './alarms/business-alarms';
import { CANARY_ALARM } from './synthetics/canary-alarms';
import { ContributorInsightsRules } from './telemetry/contributor-insights-rules';
import { DataAlarms } from './alarms/data-alarms';
import { DeploymentRollbackNotification } from './alarms/deployment-rollback-notification';
import { LambdaAlarms } from './alarms/lambda-alarms';
import { LogMetricFilters } from './telemetry/log-metric-filters';
import { SavedQueries } from './telemetry/saved-queries';
import { SloBurnRateAlarms } from './alarms/slo-burn-rate-alarms';
import { addStageDashboards, DashboardRole } from './dashboards/stage-dashboards';
import { TracingRules } from './telemetry/tracing-rules';
import { WebAlarms } from './alarms/web-alarms';
import { DashboardSources } from './metrics/metric-factory';

/** A function's CodeDeploy deployment group, when it is deployed through one. */
export interface MonitoredDeployment {
  readonly deployment?: { readonly deploymentGroup: codedeploy.ILambdaDeploymentGroup };
}

/** What the monitoring stack watches in the service stack (a `TodoServiceStack` is one). */
export interface MonitoredService {
  readonly functions: ReadonlyMap<
    string,
    { readonly function: lambda.IFunction; readonly logGroup: logs.ILogGroup } & MonitoredDeployment
  >;
  readonly api: { readonly accessLogGroup: logs.ILogGroup };
  /** Where the canaries reach the API and the web client (custom domains when set). */
  readonly urls: { readonly apiRoot: string; readonly webUrl: string };
  /** The API's web ACL request logs (`aws-waf-logs-…`). */
  readonly firewall: { readonly logGroup: logs.ILogGroup };
  readonly auditTrail: {
    readonly processor: { readonly function: lambda.IFunction } & MonitoredDeployment;
    readonly deadLetterQueue: sqs.IQueue;
  };
  /** Name of the web client's CloudWatch RUM app monitor. */
  readonly webAppMonitorName: string;
}

/** What the monitoring stack watches in the stateful stack (a `TodoStatefulStack` is one). */
export interface MonitoredData {
  readonly todoTable: dynamodb.ITableV2;
  readonly userPool: cognito.IUserPool;
  readonly auditLogGroup: logs.ILogGroup;
  /** Encrypts the log groups the monitoring stack creates (the canaries' and their helpers'). */
  readonly logEncryptionKey: kms.IKey;
}

export interface TodoMonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: MonitoredData;
  readonly service: MonitoredService;
}

/**
 * How the team learns something is wrong and finds out why: alert routing by severity, SLOs with burn-rate alerts,
 * alarms for every signal with a runbook each, dashboards, metrics derived from logs, saved Logs Insights queries,
 * Contributor Insights rules and X-Ray sampling and groups. Every alarm is made by {@link alarms}, whose registry of
 * notifying alarms feeds the operations dashboard.
 */
export class TodoMonitoringStack extends Stack {
  public readonly alertTopics: AlertTopics;
  /** Made every alarm of the stack; `alarms.notifying()` lists those that notify. */
  public readonly alarms: AlarmFactory;
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

  constructor(scope: Construct, id: string, props: TodoMonitoringStackProps) {
    super(scope, id, props);
    const { config, service, stateful } = props;
    const prefix = physicalName(config);
    const dashboardName = (role: DashboardRole) => physicalName(config, role);

    this.alertTopics = new AlertTopics(this, 'AlertTopics', {
      namePrefix: prefix,
      emails: config.alarmEmails,
      pagerDutySecretName: config.pagerDutySecretName,
      keyRemovalPolicy: config.removalPolicy,
    });
    this.alarms = new AlarmFactory({
      namePrefix: prefix,
      runbookBaseUrl: config.alarming.runbookBaseUrl,
      topics: this.alertTopics,
    });
    const { alarms } = this;

    const functionLogGroups = [...service.functions].map(([name, fn]) => ({ name, logGroup: fn.logGroup }));
    const sources: DashboardSources = {
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
      serviceName: API_SERVICE_NAME,
      logMetricsNamespace: LOG_METRICS_NAMESPACE,
    };

    // ---- Telemetry derived from logs and traces ----
    this.logMetrics = new LogMetricFilters(this, 'LogMetrics', {
      namespace: LOG_METRICS_NAMESPACE,
      functionLogGroups,
      accessLogGroup: sources.accessLogGroup,
    });
    new SavedQueries(this, 'Queries', {
      folder: prefix,
      applicationLogGroups: sources.applicationLogGroups,
      accessLogGroup: sources.accessLogGroup,
      auditLogGroup: stateful.auditLogGroup,
      wafLogGroup: service.firewall.logGroup,
    });
    this.contributorInsights = new ContributorInsightsRules(this, 'ContributorInsights', {
      namePrefix: prefix,
      accessLogGroup: sources.accessLogGroup,
      applicationLogGroups: sources.applicationLogGroups,
    });
    this.tracing = new TracingRules(this, 'Tracing', {
      namePrefix: prefix,
      apiServiceName: `${sources.apiName}/${config.stage}`,
      sampleRate: config.tracing.sampleRate,
      reservoirPerSecond: config.tracing.reservoirPerSecond,
      slowRequestThresholdMs: config.slo.latencyThresholdMs,
    });

    // ---- Pages: the SLOs, and synthetic users for what the SLOs cannot see ----
    const slos = addApiSlos(this, { sources, slo: config.slo, alarms, dashboardName: dashboardName('slo') });
    this.availability = slos.availability;
    this.latency = slos.latency;
    const fastBurn = this.availability.tiers[0];
    this.canary = new ApiCanary(this, 'Canary', {
      apiUrl: service.urls.apiRoot,
      siteUrl: service.urls.webUrl,
      userPool: stateful.userPool,
      namePrefix: prefix,
      logGroupOwner: config,
      journeyRate: Duration.minutes(config.canary.journeyRateMinutes),
      heartbeatRate: Duration.minutes(config.canary.heartbeatRateMinutes),
      alarms,
      dashboardName: dashboardName('operations'),
      removalPolicy: config.removalPolicy,
      logRetention: config.logRetention,
      logEncryptionKey: stateful.logEncryptionKey,
      // The fast burn's page covers an API that fails its users: the canary pages for what it cannot see.
      suppressor: fastBurn.composite,
    });
    // No actions and no runbook of its own (the two alarms it combines page and link theirs).
    this.apiDown = alarms.addSilentComposite(
      this,
      'ApiDown',
      { component: 'api', signal: 'down', severity: 'critical' },
      {
        rule: cloudwatch.AlarmRule.anyOf(
          cloudwatch.AlarmRule.fromAlarm(fastBurn.composite, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.fromAlarm(this.canary.alarm, cloudwatch.AlarmState.ALARM),
        ),
        summary:
          `The API is down for its users: ${alarms.alarmName(fastBurn.id)} or ${alarms.alarmName(CANARY_ALARM)} is in ALARM. ` +
          'No actions of its own: while in ALARM it suppresses the lambda-* and api-route-p99 warnings.',
      },
    );

    // ---- Component alarms: silent while the API is down as a whole ----
    new LambdaAlarms(this, 'LambdaAlarms', {
      functions: sources.functions,
      alarms,
      dashboardName: dashboardName('troubleshooting'),
      accountConcurrencyLimit: config.alarming.lambdaAccountConcurrencyLimit,
      suppressor: this.apiDown,
    });
    new ApiAlarms(this, 'ApiAlarms', {
      apiName: sources.apiName,
      stageName: config.stage,
      routes: sources.routes,
      latencyThresholdMs: config.slo.latencyThresholdMs,
      logMetricsNamespace: LOG_METRICS_NAMESPACE,
      authFailuresMetricName: LogMetricFilters.METRICS.authFailures,
      clientErrorsMetricName: LogMetricFilters.METRICS.clientErrors,
      webAclName: sources.apiName,
      alarms,
      dashboardName: dashboardName('operations'),
      suppressor: this.apiDown,
    });
    new DataAlarms(this, 'DataAlarms', {
      table: stateful.todoTable,
      auditProcessor: service.auditTrail.processor.function,
      auditDeadLetterQueue: service.auditTrail.deadLetterQueue,
      alertDeadLetterQueue: this.alertTopics.deliveryFailures,
      alarms,
      dashboardName: dashboardName('troubleshooting'),
    });
    new BusinessAlarms(this, 'BusinessAlarms', {
      sources,
      alarms,
      dashboardName: dashboardName('business'),
    });
    // Not suppressed by apiDown: frontend problems (bundle, CDN, assets) are independent of the API.
    this.web = new WebAlarms(this, 'WebAlarms', {
      appMonitorName: service.webAppMonitorName,
      alarms,
      dashboardName: dashboardName('frontend'),
    });

    // The rollback alarms notify nobody (CodeDeploy polls them): this rule tells the team a release was rolled back.
    new DeploymentRollbackNotification(this, 'DeploymentRollbacks', {
      alarms,
      deploymentGroups: [...service.functions.values(), service.auditTrail.processor].flatMap((fn) =>
        fn.deployment ? [fn.deployment.deploymentGroup] : [],
      ),
      dashboardName: dashboardName('troubleshooting'),
    });

    // ---- What it costs: prod's observability spend against its budget (lib/cost, docs/cost) ----
    if (config.stage === 'prod') {
      new ObservabilityBudget(this, 'ObservabilityBudget', {
        budgetName: `${prefix}-observability`,
        monthlyUsd: config.cost.observabilityBudgetUsdPerMonth,
        topic: this.alertTopics.topic('warning'),
        topicKey: this.alertTopics.key,
      });
    }

    // ---- Dashboards, last: the operations dashboard shows every alarm the factory made that notifies ----
    addStageDashboards(this, {
      dashboardName,
      sources,
      notifying: alarms.notifying(),
      slos: [this.availability, this.latency],
      canary: this.canary,
      web: this.web,
      traceGroups: [this.tracing.faultsGroup.groupName, this.tracing.slowRequestsGroup.groupName],
      activeUsersRuleName: this.contributorInsights.activeUsers.ruleName!,
      appMonitorName: service.webAppMonitorName,
      savedQueriesFolder: prefix,
    });

    for (const severity of SEVERITIES) {
      new CfnOutput(this, `${severity[0].toUpperCase()}${severity.slice(1)}TopicArn`, {
        value: this.alertTopics.topic(severity).topicArn,
      });
    }
  }
}
