/**
 * OAuth 2.0 PKCE (RFC 7636) with the S256 method, and the random `state` that ties a sign-in callback to the
 * browser tab that started it. WebCrypto is injected, so the same code runs in Node (tests) and the browser.
 */

export interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
  readonly subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> };
}

/** 32 random bytes: a 43-character verifier, the RFC 7636 minimum length with 256 bits of entropy. */
export const CODE_VERIFIER_BYTES = 32;
const STATE_BYTES = 16;

/** base64url without padding (RFC 4648 §5), the alphabet of verifiers, challenges and JWT segments. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function randomToken(crypto: CryptoLike, bytes: number): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A fresh code verifier: 43 characters of `[A-Za-z0-9_-]` (a subset of RFC 7636's unreserved characters). */
export function createCodeVerifier(crypto: CryptoLike): string {
  return randomToken(crypto, CODE_VERIFIER_BYTES);
}

/** A fresh `state` value (128 random bits). */
export function createState(crypto: CryptoLike): string {
  return randomToken(crypto, STATE_BYTES);
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))`. */
export async function codeChallengeS256(verifier: string, crypto: CryptoLike): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}
