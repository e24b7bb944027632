/**
 * Sign-in with the Cognito hosted UI: OAuth 2.0 authorization code flow with PKCE (public client, no secret).
 *
 * - `signInUrl()` stores a fresh `state` and code verifier in session storage and returns the authorize URL.
 * - `completeSignIn(search)` handles the redirect back (`?code=&state=` or `?error=`): the state must match the
 *   stored one (CSRF), then the code is exchanged at `/oauth2/token`. The caller strips the parameters from the URL.
 * - `getIdToken()` returns the ID token the API's Cognito authorizer validates, refreshed first (refresh_token
 *   grant) when it expires within {@link REFRESH_MARGIN_MS}; `refreshAfterUnauthorized()` refreshes once after a 401.
 * - `signOut()` forgets the tokens, revokes the refresh token (best effort) and returns the hosted UI logout URL.
 *
 * Tokens live in session storage (gone with the tab) and are never logged. Storage, fetch, clock and WebCrypto are
 * injected: the same code runs in the browser and in the tests.
 */
import { codeChallengeS256, createCodeVerifier, createState, CryptoLike, base64UrlDecode } from './pkce';
import type { CognitoAuthConfig } from './runtime-config';

/** An ID token expiring within this margin is refreshed before it is sent. */
export const REFRESH_MARGIN_MS = 60_000;
/** Session storage keys. */
export const TOKENS_KEY = 'todo.auth.tokens';
export const PENDING_SIGN_IN_KEY = 'todo.auth.pending';
/** Sign-out waits at most this long for the (best effort) refresh token revocation. */
export const REVOKE_TIMEOUT_MS = 3_000;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Where the API client gets its `Authorization` from. */
export interface TokenSource {
  readonly mode: 'none' | 'cognito';
  /** Whether API calls can be made now (always with auth off). */
  isSignedIn(): boolean;
  /** The bearer token to send, or undefined to send none (auth off). Throws {@link SignedOutError} without one. */
  getIdToken(): Promise<string | undefined>;
  /** After a 401: a refreshed token to retry with once. Throws {@link SignedOutError} when there is none. */
  refreshAfterUnauthorized(): Promise<string | undefined>;
  /** The API refused even a fresh token: forget the session (the user signs in again). */
  forget(): void;
}

/** No sign-in (local): calls go without Authorization and the server acts as its default user. */
export const NO_AUTH: TokenSource = {
  mode: 'none',
  isSignedIn: () => true,
  getIdToken: async () => undefined,
  refreshAfterUnauthorized: async () => {
    throw new SignedOutError();
  },
  forget: () => undefined,
};

/** There is no valid session: the user has to sign in (again). */
export class SignedOutError extends Error {
  constructor(message = 'You are signed out.') {
    super(message);
    this.name = 'SignedOutError';
  }
}

/** A sign-in callback that cannot be completed (state mismatch, denied, failed exchange). Safe to show. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface StoredTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the ID token expires, ms since the epoch. */
  readonly expiresAt: number;
}

interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  /** The hash route to return to (`#/active`), restored after sign-in. */
  readonly returnTo: string;
}

export interface CognitoAuthOptions {
  readonly config: CognitoAuthConfig;
  /** `${location.origin}/`: the callback and logout URL registered on the app client. */
  readonly redirectUri: string;
  readonly storage: KeyValueStorage;
  readonly fetch: FetchLike;
  readonly crypto: CryptoLike;
  /** @default Date.now */
  readonly now?: () => number;
}

const ROUTE = /^#\/(active|completed)?$/;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } as const;

export class CognitoAuth implements TokenSource {
  readonly mode = 'cognito';
  private readonly now: () => number;
  private refreshing: Promise<string> | undefined;

  constructor(private readonly options: CognitoAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  isSignedIn(): boolean {
    return this.readTokens() !== undefined;
  }

  /** Starts a sign-in: remembers a fresh state and verifier, returns the hosted UI URL to navigate to. */
  async signInUrl(currentHash = ''): Promise<string> {
    const { crypto, config, redirectUri, storage } = this.options;
    const pending: PendingSignIn = {
      state: createState(crypto),
      verifier: createCodeVerifier(crypto),
      returnTo: ROUTE.test(currentHash) ? currentHash : '',
    };
    const challenge = await codeChallengeS256(pending.verifier, crypto);
    storage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: redirectUri,
      scope: config.scopes.join(' '),
      state: pending.state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return `${config.domainUrl}/oauth2/authorize?${query}`;
  }

  /**
   * Completes a sign-in when `search` (location.search) is a callback: resolves with the hash route to return to,
   * or undefined when `search` is no callback. Throws {@link AuthError} when the callback cannot be accepted.
   */
  async completeSignIn(search: string): Promise<{ readonly returnTo: string } | undefined> {
    const params = new URLSearchParams(search);
    if (!isAuthCallback(search)) {
      return undefined;
    }
    const { storage, config, redirectUri } = this.options;
    const pending = parsePending(storage.getItem(PENDING_SIGN_IN_KEY));
    storage.removeItem(PENDING_SIGN_IN_KEY); // single use, whatever happens next
    if (pending === undefined || params.get('state') !== pending.state) {
      throw new AuthError('Sign-in was not started from this tab (state mismatch). Please sign in again.');
    }
    const error = params.get('error');
    if (error !== null) {
      const description = params.get('error_description');
      throw new AuthError(`Sign-in failed: ${description ?? error}`);
    }
    const response = await this.postForm('/oauth2/token', {
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: params.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    });
    if (!response.ok) {
      throw new AuthError(
        `Sign-in failed: the token endpoint answered ${response.status} (${await oauthError(response)})`,
      );
    }
    const tokens = this.toStoredTokens(await response.json(), undefined);
    if (tokens === undefined) {
      throw new AuthError('Sign-in failed: the token endpoint returned no ID token.');
    }
    this.writeTokens(tokens);
    return { returnTo: pending.returnTo };
  }

  async getIdToken(): Promise<string> {
    const tokens = this.readTokens();
    if (tokens === undefined) {
      throw new SignedOutError();
    }
    if (tokens.expiresAt - this.now() > REFRESH_MARGIN_MS) {
      return tokens.idToken;
    }
    return this.refresh();
  }

  async refreshAfterUnauthorized(): Promise<string> {
    return this.refresh();
  }

  forget(): void {
    this.options.storage.removeItem(TOKENS_KEY);
  }

  /** Forgets the tokens, revokes the refresh token (best effort) and returns the hosted UI logout URL. */
  async signOut(): Promise<string> {
    const { config, redirectUri, storage } = this.options;
    const refreshToken = this.readTokens()?.refreshToken;
    storage.removeItem(TOKENS_KEY);
    storage.removeItem(PENDING_SIGN_IN_KEY);
    if (refreshToken !== undefined) {
      const revoke = { token: refreshToken, client_id: config.clientId };
      await this.postForm('/oauth2/revoke', revoke, REVOKE_TIMEOUT_MS).catch(() => undefined);
    }
    return `${config.domainUrl}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri })}`;
  }

  /** One refresh at a time: concurrent callers share it. */
  private refresh(): Promise<string> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<string> {
    const current = this.readTokens();
    if (current?.refreshToken === undefined) {
      this.options.storage.removeItem(TOKENS_KEY);
      throw new SignedOutError();
    }
    // A network failure rejects here and keeps the session: the next call tries again.
    const response = await this.postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: this.options.config.clientId,
      refresh_token: current.refreshToken,
    });
    const tokens = response.ok ? this.toStoredTokens(await response.json(), current.refreshToken) : undefined;
    if (tokens === undefined) {
      // invalid_grant: the refresh token expired or was revoked.
      this.options.storage.removeItem(TOKENS_KEY);
      throw new SignedOutError('Your session has ended. Please sign in again.');
    }
    this.writeTokens(tokens);
    return tokens.idToken;
  }

  private postForm(path: string, form: Record<string, string>, timeoutMs?: number): Promise<Response> {
    return this.options.fetch(`${this.options.config.domainUrl}${path}`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams(form).toString(),
      credentials: 'omit',
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
  }

  private toStoredTokens(body: unknown, previousRefreshToken: string | undefined): StoredTokens | undefined {
    const { id_token, access_token, refresh_token, expires_in } = (body ?? {}) as Record<string, unknown>;
    if (typeof id_token !== 'string' || typeof access_token !== 'string') {
      return undefined;
    }
    const exp = jwtExpiry(id_token);
    const expiresAt = exp ?? this.now() + (typeof expires_in === 'number' ? expires_in : 0) * 1000;
    // Without refresh token rotation Cognito does not return a new refresh token: keep the one we have.
    const refreshToken = typeof refresh_token === 'string' ? refresh_token : previousRefreshToken;
    return { idToken: id_token, accessToken: access_token, refreshToken, expiresAt };
  }

  private readTokens(): StoredTokens | undefined {
    try {
      const tokens = JSON.parse(this.options.storage.getItem(TOKENS_KEY) ?? 'null') as StoredTokens | null;
      return tokens !== null && typeof tokens.idToken === 'string' && typeof tokens.expiresAt === 'number'
        ? tokens
        : undefined;
    } catch {
      return undefined;
    }
  }

  private writeTokens(tokens: StoredTokens): void {
    this.options.storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  }
}

/** Whether `search` (location.search) is the hosted UI's redirect back: `state` with `code` or `error`. */
export function isAuthCallback(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** `href` without the OAuth callback parameters (code, state, error, error_description), for history.replaceState. */
export function stripAuthParams(href: string, returnTo = ''): string {
  const url = new URL(href);
  for (const name of ['code', 'state', 'error', 'error_description', 'error_uri']) {
    url.searchParams.delete(name);
  }
  if (returnTo !== '') {
    url.hash = returnTo;
  }
  return url.toString();
}

/** The `exp` claim of a JWT in ms, read without verification (only to schedule the refresh). */
export function jwtExpiry(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(new TextDecoder().decode(base64UrlDecode(jwt.split('.')[1] ?? ''))) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function parsePending(text: string | null): PendingSignIn | undefined {
  try {
    const pending = JSON.parse(text ?? 'null') as PendingSignIn | null;
    return pending !== null && typeof pending.state === 'string' && typeof pending.verifier === 'string'
      ? {
          ...pending,
          returnTo: typeof pending.returnTo === 'string' && ROUTE.test(pending.returnTo) ? pending.returnTo : '',
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The OAuth `error` code of a failed token response (never the body: it could echo a token). */
async function oauthError(response: Response): Promise<string> {
  try {
    const { error } = (await response.json()) as { error?: unknown };
    return typeof error === 'string' && /^[\w.-]{1,64}$/.test(error) ? error : 'unknown error';
  } catch {
    return 'unknown error';
  }
}
