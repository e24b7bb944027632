/** No-op stand-in for lambda/shared/logger.ts in the benchmark's no-op build (same exports, no work). */
export { noOpLogger as logger } from './no-op-logger';
export { errorAttributes } from '../../../lambda/shared/error-attributes';
