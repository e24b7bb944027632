/**
 * How the app names what it deploys, shared by the CDK app (lib/config) and the local runtime (local/), which must
 * call functions by the names Lambda gives them.
 */

/** The application name: the first part of every physical name (`todo-prod-…`). */
export const APP_NAME = 'todo';

/** `app-stage-suffix`, the physical name of anything global per account and region. */
export function physicalName(owner: { readonly appName: string; readonly stage: string }, ...parts: string[]): string {
  return [owner.appName, owner.stage, ...parts].join('-');
}
