// Replaces CDK asset hashes (64 hex chars) in snapshots so they don't churn when handler code changes.
const ASSET_HASH = /[0-9a-f]{64}/g;

module.exports = {
  test: (value) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value) => JSON.stringify(value.replace(ASSET_HASH, '[ASSET_HASH]')),
};
