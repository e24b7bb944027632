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

export function dashboardUrl(dashboardName: string): string {
  return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${dashboardName}`;
}

/**
 * The description convention: one sentence saying what is wrong and the threshold, then `Severity:`, `Runbook:`,
 * `Dashboard:` lines, then how missing data is treated (the alert replay and the generated alarm tables read it).
 */
export function documentedDescription(docs: AlarmDocs, severity: Severity, runbookUrl: string): string {
  return [
    docs.summary,
    `Severity: ${severity}`,
    `Runbook: ${runbookUrl}`,
    `Dashboard: ${dashboardUrl(docs.dashboardName)}`,
    `Missing data: ${docs.missingData}`,
  ].join('\n');
}

/** The one wording of a child alarm: it only feeds its composite, which notifies and links the runbook. */
export function childDescription(summary: string, missingData: string, parentName: string): string {
  return `${summary} Part of ${parentName}; no actions of its own.\nMissing data: ${missingData}`;
}
