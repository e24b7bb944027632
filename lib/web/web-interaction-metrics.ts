import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as rum from 'aws-cdk-lib/aws-rum';
import { RUM_EVENTS } from '../../web/src/rum-events';

/** The custom namespace RUM publishes the interaction metrics to (CloudWatch prefixes `RUM/CustomMetrics/`). */
export const WEB_INTERACTION_NAMESPACE = 'TodoWeb';

export interface WebInteraction {
  readonly metricName: string;
  /** The custom RUM event the web client records (web/src/rum-events.ts). */
  readonly eventType: string;
  /** Field of the event summed into the metric; without one, each event counts 1. */
  readonly valueKey?: string;
  readonly label: string;
}

/**
 * What users do in the web client, as CloudWatch metrics derived by RUM from its custom events: the browser side of
 * the business metrics (the API counts the same changes server-side in `TodoObservability`). The events carry counts
 * and flags only, so the metrics hold no personal data; their only dimension is the app monitor.
 */
export const WEB_INTERACTIONS: readonly WebInteraction[] = [
  { metricName: 'TodosAdded', eventType: RUM_EVENTS.todoAdded, label: 'todos added' },
  {
    metricName: 'TodosCompleted',
    eventType: RUM_EVENTS.todoCompleted,
    valueKey: 'event_details.count',
    label: 'todos completed',
  },
  {
    metricName: 'TodosDeleted',
    eventType: RUM_EVENTS.todoDeleted,
    valueKey: 'event_details.count',
    label: 'todos deleted',
  },
  { metricName: 'SignIns', eventType: RUM_EVENTS.signInCompleted, label: 'sign-ins' },
];

/** The app monitor's metric definitions (custom metrics to CloudWatch) for {@link WEB_INTERACTIONS}. */
export function webInteractionMetricDefinitions(appMonitorName: string): rum.CfnAppMonitor.MetricDefinitionProperty[] {
  return WEB_INTERACTIONS.map((interaction) => ({
    name: interaction.metricName,
    namespace: WEB_INTERACTION_NAMESPACE,
    // A dimension must appear in the pattern, and every array in it holds exactly one value.
    eventPattern: JSON.stringify({ event_type: [interaction.eventType], application_name: [appMonitorName] }),
    dimensionKeys: { application_name: 'application_name' },
    valueKey: interaction.valueKey,
    unitLabel: 'Count',
  }));
}

/** One interaction metric of the app monitor, as RUM publishes it. */
export function webInteractionMetric(
  appMonitorName: string,
  interaction: WebInteraction,
  period: Duration = Duration.hours(1),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: `RUM/CustomMetrics/${WEB_INTERACTION_NAMESPACE}`,
    metricName: interaction.metricName,
    dimensionsMap: { application_name: appMonitorName },
    statistic: 'Sum',
    period,
    label: interaction.label,
  });
}
