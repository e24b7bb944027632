/**
 * What the Lambda bundles load instead of `@smithy/core/event-streams` (lib/config/bundling.ts aliases it here).
 * The SDK imports it lazily, for operations with event streams only, and none of the bundled clients (DynamoDB,
 * Cognito, Secrets Manager) has one; bundled, its ~20 KB were still compiled at every cold start (~5 ms, measured by
 * `npm run bench`). Reaching this module means a bundled client gained such an operation: drop the alias.
 */
function notBundled(): never {
  throw new Error('@smithy/core/event-streams is not in this bundle (lib/config/bundling.ts): remove its alias');
}

export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}

export const eventStreamSerdeProvider = notBundled;
