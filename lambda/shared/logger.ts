/**
 * The one Powertools Logger of a function. Service name, level and debug sampling rate come from the standard
 * Powertools variables (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL`, `POWERTOOLS_LOGGER_SAMPLE_RATE`).
 * Per-request keys (correlation id, route, user, trace id) are set and cleared by `instrumentedHandler`.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger();

/**
 * Log attributes for an error: Powertools serialises an `Error` under `error` as `{ name, location, message,
 * stack }`, so logs can be filtered on `error.name`. Never sent to the client.
 */
export function errorAttributes(error: unknown): { error: Error } {
  return { error: error instanceof Error ? error : Object.assign(new Error(String(error)), { name: 'NonError' }) };
}
