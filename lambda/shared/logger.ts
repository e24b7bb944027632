/**
 * The one Powertools Logger of a function. Service name, level and debug sampling rate come from the standard
 * Powertools variables (`POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL`, `POWERTOOLS_LOGGER_SAMPLE_RATE`).
 * Per-request keys (correlation id, route, user, trace id) are set and cleared by `instrumentedHandler`.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger();

// In a module of its own, so code without this logger (the audit processor) can use it without creating one.
export { errorAttributes } from './error-attributes';
