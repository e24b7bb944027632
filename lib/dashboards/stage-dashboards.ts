import { CfnOutput, Stack } from 'aws-cdk-lib';
import { dashboardUrl } from '../alarms/alarm-description';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { NotifyingAlarm } from '../alarms/alarm-factory';
import { DashboardSources } from '../metrics/metric-factory';
import { ApiCanary } from '../synthetics/api-canary';
import { BusinessDashboard } from './business-dashboard';
import { FrontendDashboard } from './frontend-dashboard';
import { LogMetricFilters } from '../telemetry/log-metric-filters';
import { OperationsDashboard } from './operations-dashboard';
import { SloBurnRateAlarms } from '../alarms/slo-burn-rate-alarms';
import { SloDashboard } from './slo-dashboard';
import { TroubleshootingDashboard } from './troubleshooting-dashboard';
import { WebAlarms } from '../alarms/web-alarms';

/** The stage's dashboards, by role; names are `{app}-{stage}-{role}`. */
const DASHBOARDS = ['operations', 'troubleshooting', 'business', 'slo', 'frontend'] as const;
export type DashboardRole = (typeof DASHBOARDS)[number];

export interface StageDashboardsProps {
  readonly dashboardName: (role: DashboardRole) => string;
  readonly sources: DashboardSources;
  /** Every alarm that notifies (the alarm factory's registry), for the operations dashboard's status widget. */
  readonly notifying: readonly NotifyingAlarm[];
  readonly slos: readonly SloBurnRateAlarms[];
  readonly canary: ApiCanary;
  readonly web: WebAlarms;
  readonly traceGroups: readonly string[];
  readonly activeUsersRuleName: string;
  readonly appMonitorName: string;
  readonly savedQueriesFolder: string;
}

/** The five dashboards of a stage, each with a `<Role>DashboardUrl` output, built in `scope` (the monitoring stack). */
export function addStageDashboards(scope: Construct, props: StageDashboardsProps): void {
  const { sources, dashboardName } = props;
  const apiTraceName = `${sources.apiName}/${sources.stageName}`;
  const operations = new OperationsDashboard(scope, 'OperationsDashboard', {
    dashboardName: dashboardName('operations'),
    sources,
    alarms: props.notifying.map((n) => n.alarm),
    sloAlarms: props.slos.flatMap((slo) => slo.tiers.map((t) => t.composite)),
  }).dashboard;
  // Synthetic users on the operations dashboard: success of both canaries, journey duration per step.
  operations.addWidgets(...props.canary.widgets());
  const dashboards: Record<DashboardRole, cloudwatch.Dashboard> = {
    operations,
    troubleshooting: new TroubleshootingDashboard(scope, 'TroubleshootingDashboard', {
      dashboardName: dashboardName('troubleshooting'),
      sources,
      traceGroups: props.traceGroups,
      initDurationMetric: LogMetricFilters.METRICS.initDuration,
      maxMemoryMetric: LogMetricFilters.METRICS.maxMemoryUsed,
    }).dashboard,
    business: new BusinessDashboard(scope, 'BusinessDashboard', {
      dashboardName: dashboardName('business'),
      sources,
      activeUsersRuleName: props.activeUsersRuleName,
    }).dashboard,
    slo: new SloDashboard(scope, 'SloDashboard', { dashboardName: dashboardName('slo'), slos: [...props.slos] })
      .dashboard,
    frontend: new FrontendDashboard(scope, 'FrontendDashboard', {
      dashboardName: dashboardName('frontend'),
      appMonitorName: props.appMonitorName,
      jsErrorRate: props.web.jsErrorRateMetric,
      jsErrorRateThresholdPercent: props.web.jsErrorRatePercent,
      alarms: [props.web.jsErrorRate, props.web.lcp],
      apiTraceName,
      savedQueriesFolder: props.savedQueriesFolder,
    }).dashboard,
  };
  const region = Stack.of(scope).region;
  for (const role of DASHBOARDS) {
    new CfnOutput(scope, `${role[0].toUpperCase()}${role.slice(1)}DashboardUrl`, {
      value: dashboardUrl(dashboards[role].dashboardName, region),
    });
  }
}
