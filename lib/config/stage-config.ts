import { CONTEXT_KEY_TABLE, ContextKey, CROSS_KEY_RULES, valueAt, withValueAt } from './context-keys';
import { StageConfigError } from './context-rules';
import { APP_NAME, StageConfig, StageName } from './stage-config-types';
import { DEFAULT_STAGE, STAGE_DEFAULTS } from './stage-defaults';

export * from './stage-config-types';
export type { ContextKey, ContextKeyDef } from './context-keys';
export { StageConfigError } from './context-rules';

/** Reads a context value; `undefined` (or `null`) when the key is not set. */
export type ContextReader = (key: ContextKey) => unknown;

/**
 * Builds and validates the config of the stage named by the `stage` context key: the stage's defaults, overridden by
 * every context key of CONTEXT_KEY_TABLE that is set. Throws a StageConfigError naming the first bad key.
 */
export function loadStageConfig(readContext: ContextReader): StageConfig {
  const read = (key: ContextKey): unknown => readContext(key) ?? undefined;
  const [stageKey, ...overrides] = CONTEXT_KEY_TABLE;
  const stageValue = read(stageKey.key);
  const stage: StageName =
    stageValue === undefined ? DEFAULT_STAGE : stageKey.rule.parse(stageValue, stageKey.key, DEFAULT_STAGE);

  let config: StageConfig = { ...STAGE_DEFAULTS[stage], appName: APP_NAME, stage };
  for (const { key, sets, rule } of overrides) {
    const value = read(key);
    if (value !== undefined) config = withValueAt(config, sets, rule.parse(value, key, stage));
  }
  for (const rule of CROSS_KEY_RULES) {
    if (rule.violated(config)) {
      const sets = CONTEXT_KEY_TABLE.find((k) => k.key === rule.key)!.sets;
      throw new StageConfigError(rule.key, valueAt(config, sets), rule.allowed);
    }
  }
  return config;
}

export { physicalName } from '../../contract/physical-names';
