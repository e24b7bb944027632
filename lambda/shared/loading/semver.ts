/**
 * What the Lambda bundles load instead of `semver` (lib/config/bundling.ts aliases it here). Its only importer is
 * the X-Ray SDK's patcher for AWS SDK v2 clients (`captureAWS`, unused: our clients are v3), for one `gte` on
 * `AWS.VERSION`; the package itself is 29 KB minified and compiles ~40 regular expressions at every cold start.
 */

/** `a >= b` for `major.minor.patch` versions (a pre-release suffix is ignored). */
export function gte(a: string, b: string): boolean {
  const [x, y] = [a, b].map((version) =>
    String(version)
      .replace(/^v/, '')
      .split(/[.+-]/)
      .slice(0, 3)
      .map((part) => Number(part) || 0),
  );
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return x[i] > y[i];
  }
  return true;
}
