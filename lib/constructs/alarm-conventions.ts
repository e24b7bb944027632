import { Aws } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AlertTopics, Severity } from './alert-topics';

/** Where an alarm's notifications go and what it links to. */
export interface AlarmRouting {
  /** `{app}-{stage}`, the first part of every alarm name. */
  readonly namePrefix: string;
  /** Runbooks live at `<base>/alarms/<alarm-id>.md`. */
  readonly runbookBaseUrl: string;
  readonly topics: AlertTopics;
}

export interface AlarmDocumentation {
  /** `{component}-{signal}-{severity}`, e.g. `lambda-errors-warning`; the runbook file is named after it. */
  readonly id: string;
  readonly severity: Severity;
  /** One human sentence: what is wrong and the threshold. */
  readonly summary: string;
  /** How missing data is treated, and why. */
  readonly missingData: string;
  /** Name of the dashboard to open first. */
  readonly dashboardName: string;
}

/** `{app}-{stage}-{id}`: the convention's `{app}-{stage}-{component}-{signal}-{severity}`. */
export function alarmName(routing: AlarmRouting, id: string): string {
  return `${routing.namePrefix}-${id}`;
}

export function runbookUrl(routing: AlarmRouting, id: string): string {
  return `${routing.runbookBaseUrl}/alarms/${id}.md`;
}

export function dashboardUrl(dashboardName: string): string {
  return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${dashboardName}`;
}

/**
 * The description convention: one sentence saying what is wrong and the threshold, then `Severity:`, `Runbook:`,
 * `Dashboard:` lines, then how missing data is treated.
 */
export function alarmDescription(routing: AlarmRouting, doc: AlarmDocumentation): string {
  if (!doc.id.endsWith(`-${doc.severity}`)) {
    throw new Error(`Alarm id "${doc.id}" must end with its severity "-${doc.severity}"`);
  }
  return [
    doc.summary,
    `Severity: ${doc.severity}`,
    `Runbook: ${runbookUrl(routing, doc.id)}`,
    `Dashboard: ${dashboardUrl(doc.dashboardName)}`,
    `Missing data: ${doc.missingData}`,
  ].join('\n');
}

/** Notifies the severity's topic on ALARM; critical alarms also notify on OK so pages resolve themselves. */
export function routeAlarm(alarm: cloudwatch.AlarmBase, routing: AlarmRouting, severity: Severity): void {
  const topic = new actions.SnsAction(routing.topics.topic(severity));
  alarm.addAlarmAction(topic);
  if (severity === 'critical') alarm.addOkAction(topic);
}
