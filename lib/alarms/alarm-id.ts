import { Severity } from './alert-topics';

/**
 * What an alarm watches and how loud it is: the convention's `{component}-{signal}-{severity}`, kept as parts so no
 * name is ever taken apart again. `component` is what is watched (`lambda`, `api-route-get-todos`), `signal` what
 * about it (`errors`, `p99`, `burn-fast`).
 */
export interface AlarmId {
  readonly component: string;
  readonly signal: string;
  readonly severity: Severity;
}

const PART = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `{component}-{signal}-{severity}`: the alarm name after the `{app}-{stage}` prefix, and the runbook's file name. */
export function alarmKey(id: AlarmId): string {
  for (const [part, value] of [
    ['component', id.component],
    ['signal', id.signal],
  ] as const) {
    if (!PART.test(value)) {
      throw new Error(`Alarm id ${part} must be lower-case kebab-case (a-z, 0-9, "-"), got "${value}"`);
    }
  }
  return `${id.component}-${id.signal}-${id.severity}`;
}
