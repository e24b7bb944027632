/**
 * One naming convention for the log groups the app names itself: `/{app}/{stage}/{component}`, e.g.
 * `/todo/prod/audit`. Log groups are global per account and region, so the name carries app and stage; the slashes
 * let one prefix (`/todo/prod/`) select a stage's groups in the console, Logs Insights and IAM.
 *
 * Names AWS fixes are not ours to choose and stay as AWS wants them: `/aws/lambda/<function>` (Lambda writes
 * there), `API-Gateway-Execution-Logs_<api>/<stage>`, and the API's access logs under `/aws/apigateway/`.
 */

/** The app and stage a log group belongs to (a stage config fits). */
export interface LogGroupOwner {
  readonly appName: string;
  readonly stage: string;
}

/** What the component part may be: kebab-case, like the physical names. */
const COMPONENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function logGroupName(owner: LogGroupOwner, component: string): string {
  if (!COMPONENT.test(component)) {
    throw new Error(`logGroupName: component "${component}" must be kebab-case (a-z, 0-9, "-")`);
  }
  return `/${owner.appName}/${owner.stage}/${component}`;
}
