/** Types of runtime.js for the TypeScript tests; not part of the deployed canary (excluded from the asset). */
export interface CanaryConfig {
  readonly apiUrl: string;
  /** The web client's root URL, checked by the heartbeat after the API. */
  readonly siteUrl: string;
  readonly secretId: string;
  readonly clientId: string;
  readonly region: string;
}
export const ENV: Readonly<Record<keyof CanaryConfig, string>>;
export function readConfig(env?: Record<string, string | undefined>): CanaryConfig;
