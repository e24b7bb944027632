/**
 * Who is calling, for the local server only.
 *
 * ############################################################################################################
 * # LOCAL-ONLY. The JWT signature is NOT verified: anyone can claim to be anyone. In the cloud the API        #
 * # Gateway Cognito authorizer verifies the token before a handler runs; nothing here is deployed or used     #
 * # there. Never import this module from lambda/ or lib/.                                                      #
 * ############################################################################################################
 *
 * `Authorization: Bearer <JWT>` → the token's claims (the caller is its `sub`); no `Authorization` header → the
 * fixed user `local-user`. Claims are handed on as strings, the way the Cognito authorizer of a REST API puts
 * them in `requestContext.authorizer.claims`.
 */

export const LOCAL_DEFAULT_USER = 'local-user';

export type LocalClaims = Record<string, string>;

export type LocalAuthResult =
  { readonly ok: true; readonly claims: LocalClaims } | { readonly ok: false; readonly detail: string };

export function resolveLocalCaller(authorization: string | undefined): LocalAuthResult {
  if (authorization === undefined) {
    return { ok: true, claims: { sub: LOCAL_DEFAULT_USER, 'cognito:username': LOCAL_DEFAULT_USER, token_use: 'id' } };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) {
    return { ok: false, detail: 'The Authorization header must be "Bearer <JWT>".' };
  }
  const payload = decodeJwtPayloadWithoutVerifying(match[1]);
  if (payload === undefined) {
    return { ok: false, detail: 'The bearer token is not a well-formed JWT.' };
  }
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    return { ok: false, detail: 'The bearer token has no "sub" claim.' };
  }
  return { ok: true, claims: stringifyClaims(payload) };
}

/** LOCAL-ONLY: reads the payload of a compact JWS and ignores the header and the signature entirely. */
function decodeJwtPayloadWithoutVerifying(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.slice(0, 2).every((part) => /^[A-Za-z0-9_-]+$/.test(part))) {
    return undefined;
  }
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringifyClaims(payload: Record<string, unknown>): LocalClaims {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}
