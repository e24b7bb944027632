/** Types of runtime.js for the TypeScript tests; not part of the deployed canary (excluded from the asset). */
export interface CanaryConfig {
  readonly apiUrl: string;
  readonly secretId: string;
  readonly clientId: string;
  readonly region: string;
}
export const ENV: Readonly<Record<keyof CanaryConfig, string>>;
export function readConfig(env?: Record<string, string | undefined>): CanaryConfig;
