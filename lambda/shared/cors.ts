/**
 * CORS for every response (errors included) and for preflight. The allowed origins come from the stage config
 * (`CORS_ALLOWED_ORIGINS`, comma-separated); `*` allows any origin and is refused by the config for prod.
 */
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from '../../contract/http';
export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

/** Headers for an actual (non-preflight) response to a request from `requestOrigin`. */
export function corsHeaders(
  requestOrigin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(',') };
  if (allowedOrigins.includes('*')) {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    headers.Vary = 'Origin';
    if (requestOrigin !== undefined && allowedOrigins.includes(requestOrigin)) {
      headers['Access-Control-Allow-Origin'] = requestOrigin;
    }
  }
  return headers;
}

/** Headers for a preflight (`OPTIONS`) response on a path that allows `methods`. */
export function preflightHeaders(
  requestOrigin: string | undefined,
  allowedOrigins: readonly string[],
  methods: readonly string[],
): Record<string, string> {
  return {
    ...corsHeaders(requestOrigin, allowedOrigins),
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(','),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}
