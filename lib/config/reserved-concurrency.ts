import { API_FUNCTIONS } from '../../contract/routes';
import { ApiThrottleConfig, StageConfig } from './stage-config-types';

/**
 * Reserved concurrency of the app's functions, sized from the API throttle.
 *
 * Little's law: executions in flight = requests per second × seconds per request. API Gateway admits at most
 * `burstLimit` requests at once and `rateLimit` per second after (token bucket:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html), and one route
 * may receive all of them, so each function is sized for
 *
 *   reserved = ceil(max(rateLimit, burstLimit) × REQUEST_SECONDS)        prod: 1000 × 0.1 = 100, dev: 100 × 0.1 = 10
 *
 * REQUEST_SECONDS is a healthy request's duration with headroom: handlers run in 7–21 ms warm locally
 * (lib/cost/measured-volumes.json), one or two DynamoDB calls add a few ms each on Lambda. Not the 10 s timeout:
 * sized for that, one burst would need 10,000 executions per function. The cap is the point (a bulkhead): when a
 * dependency slows down, the route throttles at its share instead of taking the account's concurrency from the
 * other routes, the audit processor and the canaries.
 *
 * Every function reserves the same amount, and Lambda keeps 100 of the account's concurrency unreserved
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html), so all reservations together must
 * fit in `lambdaAccountConcurrencyLimit` − 100: at the default quota of 1000
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), 7 functions × 128 at most. prod's
 * 7 × 100 = 700 leaves 300 for the canaries and the deploy-time helpers. The audit processor needs one execution
 * per stream shard (parallelizationFactor 1), far below its reservation; the reservation keeps audit entries flowing
 * while the API functions are busy.
 */
const REQUEST_SECONDS = 0.1;

/** The account's concurrency Lambda never lets functions reserve. */
export const UNRESERVED_MINIMUM = 100;

/** Lambda's default concurrency quota per account and region. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** The functions that reserve concurrency: one per API route group, and the audit processor. */
export const RESERVING_FUNCTIONS = API_FUNCTIONS.length + 1;

/** The most each function may reserve under an account concurrency limit. */
export function maxReservedConcurrency(accountLimit: number): number {
  return Math.floor((accountLimit - UNRESERVED_MINIMUM) / RESERVING_FUNCTIONS);
}

/** What the `reservedConcurrency` context key accepts: what the default account quota allows. */
export const MAX_RESERVED_CONCURRENCY = maxReservedConcurrency(DEFAULT_ACCOUNT_CONCURRENCY);

/** The default: sized from the throttle (see above), within what the account allows. */
function defaultReservedConcurrency(throttle: ApiThrottleConfig, accountLimit: number): number {
  const sized = Math.ceil(Math.max(throttle.rateLimit, throttle.burstLimit) * REQUEST_SECONDS);
  return Math.min(sized, maxReservedConcurrency(accountLimit));
}

/** The reserved concurrency of each function of a stage: the context key's value, or the default. */
export function reservedConcurrencyOf(config: Pick<StageConfig, 'functions' | 'apiThrottle' | 'alarming'>): number {
  return (
    config.functions.reservedConcurrency ??
    defaultReservedConcurrency(config.apiThrottle, config.alarming.lambdaAccountConcurrencyLimit)
  );
}
