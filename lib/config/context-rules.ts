import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageName } from './stage-config-types';

/** A context value that is not allowed: the message names the key, the value received and what is allowed. */
export class StageConfigError extends Error {
  constructor(key: string, value: unknown, allowed: string) {
    super(`Invalid context value for "${key}": ${JSON.stringify(value)}. Allowed: ${allowed}.`);
    this.name = 'StageConfigError';
  }
}

/** The kind of value a rule accepts, with the bounds or values tests and the doc read. */
export type RuleShape =
  | { readonly type: 'integer' | 'number'; readonly min: number; readonly max: number }
  | { readonly type: 'one of' | 'days'; readonly values: readonly (string | number)[] }
  | { readonly type: 'boolean' | 'list' | 'string' };

/** How one context key's value is read and validated. */
export interface Rule<T> {
  readonly shape: RuleShape;
  /** What is allowed: the `Allowed: …` of the error message and the doc's column. */
  readonly allowed: string;
  /** The value of a set key (neither `undefined` nor `null`); throws a StageConfigError naming `key` otherwise. */
  parse(value: unknown, key: string, stage: StageName): T;
}

/** A context value as a number (`-c` gives strings, cdk.json numbers); NaN when it is neither. */
function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}

/** An integer within [min, max]. */
export function integer(min: number, max: number): Rule<number> {
  const allowed = `an integer from ${min} to ${max}`;
  return {
    shape: { type: 'integer', min, max },
    allowed,
    parse(value, key) {
      const parsed = toNumber(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new StageConfigError(key, value, allowed);
      return parsed;
    },
  };
}

/** A number within [min, max] (inclusive), e.g. an SLO target or a sampling rate. */
export function fraction(min: number, max: number): Rule<number> {
  const allowed = `a number from ${min} to ${max}`;
  return {
    shape: { type: 'number', min, max },
    allowed,
    parse(value, key) {
      const parsed = toNumber(value);
      if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new StageConfigError(key, value, allowed);
      return parsed;
    },
  };
}

/**
 * A CloudWatch Logs retention in days (never infinite). `prodMinimum` is a floor in prod (audit-relevant logs), with
 * why, so a context key cannot shorten them there.
 */
export function retentionDays(prodMinimum?: {
  readonly days: RetentionDays;
  readonly why: string;
}): Rule<RetentionDays> {
  const values = Object.values(RetentionDays).filter(
    (v): v is RetentionDays => typeof v === 'number' && v !== RetentionDays.INFINITE,
  );
  const allowed = `one of ${values.join(', ')} (days)` + (prodMinimum ? `; in prod at least ${prodMinimum.days}` : '');
  return {
    shape: { type: 'days', values },
    allowed,
    parse(value, key, stage) {
      const parsed = toNumber(value);
      if (!(values as number[]).includes(parsed)) throw new StageConfigError(key, value, allowed);
      if (prodMinimum && stage === 'prod' && parsed < prodMinimum.days) {
        const longEnough = values.filter((v) => v >= prodMinimum.days).join(', ');
        throw new StageConfigError(
          key,
          value,
          `in prod one of ${longEnough} (days), at least ${prodMinimum.days}: ${prodMinimum.why}`,
        );
      }
      return parsed as RetentionDays;
    },
  };
}

/** One of a fixed list of strings. */
export function oneOf<T extends string>(values: readonly T[]): Rule<T> {
  const allowed = values.join(', ');
  return {
    shape: { type: 'one of', values },
    allowed,
    parse(value, key) {
      if (!(values as readonly unknown[]).includes(value)) throw new StageConfigError(key, value, allowed);
      return value as T;
    },
  };
}

/** `true` or `false`, as a boolean (cdk.json) or a string (`-c`). */
export function booleanFlag(): Rule<boolean> {
  const allowed = 'true or false';
  return {
    shape: { type: 'boolean' },
    allowed,
    parse(value, key) {
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw new StageConfigError(key, value, allowed);
    },
  };
}

/** A string passing `test`; `checks` add further conditions, each with its own message. */
export function text(
  allowed: string,
  test: (value: string) => boolean,
  checks: readonly { readonly fails: (value: string) => boolean; readonly allowed: string }[] = [],
): Rule<string> {
  return {
    shape: { type: 'string' },
    allowed,
    parse(value, key) {
      if (typeof value !== 'string' || !test(value)) throw new StageConfigError(key, value, allowed);
      const failed = checks.find((check) => check.fails(value));
      if (failed) throw new StageConfigError(key, value, failed.allowed);
      return value;
    },
  };
}

/** An https URL without a trailing slash. */
export function httpsBaseUrl(): Rule<string> {
  return text('an https URL without a trailing slash', (value) => {
    try {
      return new URL(value).protocol === 'https:' && !value.endsWith('/');
    } catch {
      return false;
    }
  });
}

export const LIST_ALLOWED = 'a comma-separated string or an array of strings';

/**
 * A list: a JSON array (cdk.json) or a comma-separated string (`-c key=a,b`). Each item must pass `item`; a failing
 * item is named in the error with `itemAllowed` of the stage.
 */
export function list(
  allowed: string,
  item: (value: string, stage: StageName) => boolean,
  itemAllowed: (stage: StageName) => string = () => allowed,
): Rule<string[]> {
  return {
    shape: { type: 'list' },
    allowed,
    parse(value, key, stage) {
      let items: string[];
      if (typeof value === 'string') {
        items = value
          .split(',')
          .map((i) => i.trim())
          .filter((i) => i.length > 0);
      } else if (Array.isArray(value) && value.every((i) => typeof i === 'string')) {
        items = value;
      } else {
        throw new StageConfigError(key, value, LIST_ALLOWED);
      }
      const bad = items.find((i) => !item(i, stage));
      if (bad !== undefined) throw new StageConfigError(key, bad, itemAllowed(stage));
      return items;
    },
  };
}
