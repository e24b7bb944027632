// Normalises what changes with the asset hashes (and so with the checkout's path, which the bundling options carry)
// so snapshots don't churn: 64-hex asset hashes, and the hash suffix of Lambda version logical ids, in values and keys.
const ASSET_HASH = /[0-9a-f]{64}/g;
const VERSION_ID = /(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g;
const normalise = (text) => text.replace(ASSET_HASH, '[ASSET_HASH]').replace(VERSION_ID, '$1[VERSION_HASH]');
const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

module.exports = {
  test: (value) =>
    (typeof value === 'string' && normalise(value) !== value) ||
    (isPlainObject(value) && Object.keys(value).some((key) => normalise(key) !== key)),
  serialize: (value, config, indentation, depth, refs, printer) => {
    if (typeof value === 'string') return JSON.stringify(normalise(value));
    const renamed = Object.fromEntries(Object.entries(value).map(([key, v]) => [normalise(key), v]));
    return printer(renamed, config, indentation, depth, refs);
  },
};
