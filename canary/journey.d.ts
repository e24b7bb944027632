/** Types of journey.js for the TypeScript tests; not part of the deployed canary (excluded from the asset). */
export interface SyntheticsLike {
  executeStep<T>(stepName: string, fn: () => Promise<T>): Promise<T>;
}
export interface LoggerLike {
  info(message: string): void;
  warn(message: string): void;
}
export interface CheckDependencies {
  /** The stage URL, without `/todos`. */
  readonly baseUrl: string;
  readonly getToken: () => Promise<string>;
  readonly synthetics: SyntheticsLike;
  readonly log: LoggerLike;
}
export const JOURNEY_STEPS: readonly string[];
export const HEARTBEAT_STEPS: readonly string[];
export const WEB_STEPS: readonly string[];
export interface WebCheckDependencies {
  /** The web client's root URL. */
  readonly siteUrl: string;
  /** The stage URL the site's config.json must name. */
  readonly apiUrl: string;
  readonly synthetics: SyntheticsLike;
  readonly log: LoggerLike;
}
export function runWebCheck(deps: WebCheckDependencies): Promise<void>;
export function runJourney(deps: CheckDependencies): Promise<void>;
export function runHeartbeat(deps: CheckDependencies): Promise<void>;
