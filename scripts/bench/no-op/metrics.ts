/** No-op stand-in for lambda/shared/metrics.ts in the benchmark's no-op build (same exports, no work). */
const nothing = (..._args: unknown[]): void => undefined;

export const captureColdStart = nothing;
export const countBusinessEvent = nothing;
export const recordRequestLatency = nothing;
export const recordValidationFailure = nothing;
export const recordDynamoDbCall = nothing;
export const publishRequestMetrics = nothing;
