import { Aws } from 'aws-cdk-lib';
import { Severity } from './alert-topics';

/** What a person paged by an alarm reads first. */
export interface AlarmDocs {
  /** One human sentence: what is wrong and the threshold. */
  readonly summary: string;
  /** How missing data is treated, and why. */
  readonly missingData: string;
  /** Name of the dashboard to open first. */
  readonly dashboardName: string;
}

/** The CloudWatch console of a region: the stack's region by default, resolved at deploy. */
export function cloudWatchConsole(region: string = Aws.REGION): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
}

export function dashboardUrl(dashboardName: string, region?: string): string {
  return `${cloudWatchConsole(region)}#dashboards/dashboard/${dashboardName}`;
}

/** The lines that send a reader on: how urgent, what to do, where to look. */
export function referenceLines(severity: Severity, runbookUrl: string, dashboardName: string): string[] {
  return [`Severity: ${severity}`, `Runbook: ${runbookUrl}`, `Dashboard: ${dashboardUrl(dashboardName)}`];
}

/**
 * The description convention: one sentence saying what is wrong and the threshold, then `Severity:`, `Runbook:`,
 * `Dashboard:` lines, then how missing data is treated (the alert replay and the generated alarm tables read it).
 */
export function documentedDescription(docs: AlarmDocs, severity: Severity, runbookUrl: string): string {
  return [
    docs.summary,
    ...referenceLines(severity, runbookUrl, docs.dashboardName),
    `Missing data: ${docs.missingData}`,
  ].join('\n');
}

/** The one wording of a child alarm: it only feeds its composite, which notifies and links the runbook. */
export function childDescription(summary: string, missingData: string, parentName: string): string {
  return `${summary} Part of ${parentName}; no actions of its own.\nMissing data: ${missingData}`;
}
