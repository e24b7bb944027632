/**
 * The web client's site layout and security headers: the contract between the build (web/build.ts), the local
 * server (local/web-client.ts) and the CDK hosting stack. No DOM types and no imports, so any side can import it.
 */

/** Folder (site-root-relative, with trailing slash) of the content-hashed, immutable build output. */
export const WEB_ASSETS_PREFIX = 'assets/';
/** The single HTML document: served for `/`, never cached without revalidation. */
export const WEB_ENTRY_DOCUMENT = 'index.html';
/** Written at deploy time (CDK) or generated (local server); fetched by the app at start; not part of the build. */
export const WEB_RUNTIME_CONFIG_FILE = 'config.json';
/** The icon linked from index.html, at the site root, not hashed. */
export const WEB_FAVICON = 'favicon.svg';

/** `Cache-Control` of the entry document and the runtime config: always revalidated. */
export const WEB_CACHE_CONTROL_REVALIDATE = 'no-cache';
/** `Cache-Control` of everything under {@link WEB_ASSETS_PREFIX}: names change with content. */
export const WEB_CACHE_CONTROL_IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The Content-Security-Policy the app runs under. `connectSources` are the origins the app may call besides its
 * own: the API, the Cognito hosted UI domain (token and revoke endpoints), and with RUM
 * `https://cognito-identity.<region>.amazonaws.com` and the RUM data plane. Locally: none.
 */
export function webContentSecurityPolicy(connectSources: readonly string[] = []): string {
  const connect = ["'self'", ...connectSources.filter((source) => source.length > 0)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Security headers of every response of the site (production and local), besides the CSP. */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};
