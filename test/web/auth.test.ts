import { webcrypto } from 'node:crypto';
import {
  AuthError,
  CognitoAuth,
  isAuthCallback,
  jwtExpiry,
  PENDING_SIGN_IN_KEY,
  REFRESH_MARGIN_MS,
  SignedOutError,
  stripAuthParams,
  TOKENS_KEY,
} from '../../web/src/auth';
import { codeChallengeS256, CryptoLike } from '../../web/src/pkce';
import {
  fakeFetch,
  FakeFetch,
  jsonResponse,
  jwt,
  MemoryStorage,
  networkFailure,
  Responder,
} from './support/fake-fetch';

const crypto = webcrypto as unknown as CryptoLike;
const DOMAIN = 'https://todo-dev-123456789012.auth.eu-west-1.amazoncognito.com';
const CLIENT_ID = '4abcdefghijklmnopqrstuvwx1';
const REDIRECT = 'https://d111111abcdef8.cloudfront.net/';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const idToken = (expiresAtMs: number, sub = 'user-1'): string =>
  jwt({ sub, aud: CLIENT_ID, token_use: 'id', exp: Math.floor(expiresAtMs / 1000) });

function setup(...script: Responder[]): {
  auth: CognitoAuth;
  fetch: FakeFetch;
  storage: MemoryStorage;
  clock: { now: number };
} {
  const fetch = fakeFetch(...script);
  const storage = new MemoryStorage();
  const clock = { now: NOW };
  const auth = new CognitoAuth({
    config: { mode: 'cognito', domainUrl: DOMAIN, clientId: CLIENT_ID, scopes: ['openid', 'email'] },
    redirectUri: REDIRECT,
    storage,
    fetch,
    crypto,
    now: () => clock.now,
  });
  return { auth, fetch, storage, clock };
}

/** Starts a sign-in and returns the callback query the hosted UI would redirect to. */
async function startSignIn(auth: CognitoAuth, hash = ''): Promise<{ url: URL; callback: string }> {
  const url = new URL(await auth.signInUrl(hash));
  return { url, callback: `?code=the-code&state=${url.searchParams.get('state')}` };
}

const tokenResponse = (expiresAtMs: number, extra: Record<string, unknown> = {}): Response =>
  jsonResponse(200, {
    id_token: idToken(expiresAtMs),
    access_token: 'access-token',
    refresh_token: 'refresh-token',
    expires_in: 3600,
    token_type: 'Bearer',
    ...extra,
  });

const form = (body: string | undefined): Record<string, string> => Object.fromEntries(new URLSearchParams(body));

async function signedIn(expiresAtMs = NOW + 3600_000, ...more: Responder[]): Promise<ReturnType<typeof setup>> {
  const context = setup(() => tokenResponse(expiresAtMs), ...more);
  const { callback } = await startSignIn(context.auth);
  await context.auth.completeSignIn(callback);
  return context;
}

describe('sign-in', () => {
  test('the authorize URL asks the hosted UI for a code with PKCE S256, the scopes and a random state', async () => {
    const { auth, storage } = setup();
    const { url } = await startSignIn(auth);
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    const pending = JSON.parse(storage.getItem(PENDING_SIGN_IN_KEY) ?? '{}') as { state: string; verifier: string };
    expect(pending.state).toBe(params.state);
    expect(await codeChallengeS256(pending.verifier, crypto)).toBe(params.code_challenge);
  });

  test('each sign-in gets a fresh state and verifier', async () => {
    const { auth } = setup();
    const first = (await startSignIn(auth)).url.searchParams;
    const second = (await startSignIn(auth)).url.searchParams;
    expect(second.get('state')).not.toBe(first.get('state'));
    expect(second.get('code_challenge')).not.toBe(first.get('code_challenge'));
  });

  test('the callback exchanges the code at /oauth2/token as a public client with the verifier', async () => {
    const { auth, fetch, storage } = setup(() => tokenResponse(NOW + 3600_000));
    const { callback } = await startSignIn(auth);
    const verifier = (JSON.parse(storage.getItem(PENDING_SIGN_IN_KEY)!) as { verifier: string }).verifier;
    expect(await auth.completeSignIn(callback)).toEqual({ returnTo: '' });
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    expect(call.url).toBe(`${DOMAIN}/oauth2/token`);
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers.authorization).toBeUndefined(); // no client secret
    expect(form(call.body)).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'the-code',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(auth.isSignedIn()).toBe(true);
    expect(storage.getItem(PENDING_SIGN_IN_KEY)).toBeNull(); // single use
  });

  test('a callback whose state differs is rejected without calling the token endpoint', async () => {
    const { auth, fetch, storage } = setup(() => tokenResponse(NOW + 3600_000));
    await startSignIn(auth);
    await expect(auth.completeSignIn('?code=the-code&state=forged')).rejects.toThrow(
      new AuthError('Sign-in was not started from this tab (state mismatch). Please sign in again.'),
    );
    expect(fetch.calls).toHaveLength(0);
    expect(auth.isSignedIn()).toBe(false);
    expect(storage.getItem(PENDING_SIGN_IN_KEY)).toBeNull();
  });

  test('a callback without a started sign-in is rejected', async () => {
    const { auth, fetch } = setup();
    await expect(auth.completeSignIn('?code=the-code&state=anything')).rejects.toThrow(/state mismatch/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('a replayed callback is rejected: the state is single-use', async () => {
    const { auth } = setup(() => tokenResponse(NOW + 3600_000));
    const { callback } = await startSignIn(auth);
    await auth.completeSignIn(callback);
    await expect(auth.completeSignIn(callback)).rejects.toThrow(/state mismatch/);
  });

  test('an error callback (user cancelled) is reported with its description', async () => {
    const { auth, fetch } = setup();
    const { url } = await startSignIn(auth);
    const search = `?error=access_denied&error_description=User+cancelled&state=${url.searchParams.get('state')}`;
    await expect(auth.completeSignIn(search)).rejects.toThrow('Sign-in failed: User cancelled');
    expect(fetch.calls).toHaveLength(0);
  });

  test('a failed exchange names the OAuth error but never echoes the response body', async () => {
    const { auth } = setup(() => jsonResponse(400, { error: 'invalid_grant', error_description: 'secret stuff' }));
    const { callback } = await startSignIn(auth);
    const failure = auth.completeSignIn(callback);
    await expect(failure).rejects.toThrow('Sign-in failed: the token endpoint answered 400 (invalid_grant)');
    await expect(failure).rejects.not.toThrow(/secret/);
    expect(auth.isSignedIn()).toBe(false);
  });

  test('the hash route at sign-in is restored after it', async () => {
    const { auth } = setup(() => tokenResponse(NOW + 3600_000));
    const { callback } = await startSignIn(auth, '#/completed');
    expect(await auth.completeSignIn(callback)).toEqual({ returnTo: '#/completed' });
  });

  test('a URL that is not a callback is left alone', async () => {
    const { auth, fetch } = setup();
    expect(await auth.completeSignIn('?utm_source=mail')).toBeUndefined();
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('callback URL helpers', () => {
  test('isAuthCallback needs state with code or error', () => {
    expect(isAuthCallback('?code=a&state=b')).toBe(true);
    expect(isAuthCallback('?error=access_denied&state=b')).toBe(true);
    expect(isAuthCallback('?code=a')).toBe(false);
    expect(isAuthCallback('')).toBe(false);
  });

  test('stripAuthParams removes the OAuth parameters, keeps others, and restores the route', () => {
    expect(stripAuthParams('https://app.example.com/?code=a&state=b')).toBe('https://app.example.com/');
    expect(stripAuthParams('https://app.example.com/?lang=en&code=a&state=b#/active')).toBe(
      'https://app.example.com/?lang=en#/active',
    );
    expect(stripAuthParams('https://app.example.com/?error=x&error_description=y&state=b', '#/completed')).toBe(
      'https://app.example.com/#/completed',
    );
  });

  test('jwtExpiry reads exp in milliseconds and tolerates garbage', () => {
    expect(jwtExpiry(idToken(NOW + 5000))).toBe(NOW + 5000);
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
  });
});

describe('tokens', () => {
  test('the ID token is used as is while it is valid for more than 60 s', async () => {
    const { auth, fetch } = await signedIn(NOW + REFRESH_MARGIN_MS + 1000);
    expect(await auth.getIdToken()).toBe(idToken(NOW + REFRESH_MARGIN_MS + 1000));
    expect(fetch.calls).toHaveLength(1); // the code exchange only
  });

  test('an ID token expiring within 60 s is refreshed first with the refresh_token grant', async () => {
    const later = NOW + 2 * 3600_000;
    const { auth, fetch, clock } = await signedIn(NOW + 3600_000, () =>
      jsonResponse(200, { id_token: idToken(later, 'user-1'), access_token: 'access-2', expires_in: 3600 }),
    );
    clock.now = NOW + 3600_000 - REFRESH_MARGIN_MS + 1;
    expect(await auth.getIdToken()).toBe(idToken(later, 'user-1'));
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[1].url).toBe(`${DOMAIN}/oauth2/token`);
    expect(form(fetch.calls[1].body)).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: 'refresh-token',
    });
    // Cognito returns no new refresh token: the old one is kept for the next refresh.
    clock.now = later - 1000;
    await auth.getIdToken();
    expect(form(fetch.calls[2].body).refresh_token).toBe('refresh-token');
  });

  test('concurrent callers share one refresh', async () => {
    const { auth, fetch, clock } = await signedIn(NOW + 30_000, () => tokenResponse(NOW + 3600_000));
    clock.now = NOW + 1000;
    const tokens = await Promise.all([auth.getIdToken(), auth.getIdToken(), auth.refreshAfterUnauthorized()]);
    expect(new Set(tokens).size).toBe(1);
    expect(fetch.calls).toHaveLength(2);
  });

  test('a refused refresh (revoked or expired refresh token) signs out', async () => {
    const { auth, storage } = await signedIn(NOW + 30_000, () => jsonResponse(400, { error: 'invalid_grant' }));
    await expect(auth.getIdToken()).rejects.toThrow(SignedOutError);
    expect(auth.isSignedIn()).toBe(false);
    expect(storage.getItem(TOKENS_KEY)).toBeNull();
  });

  test('a network failure during refresh keeps the session for the next try', async () => {
    const { auth } = await signedIn(NOW + 30_000, networkFailure);
    await expect(auth.getIdToken()).rejects.toThrow(TypeError);
    expect(auth.isSignedIn()).toBe(true);
  });

  test('forget drops the session (after the API refused a fresh token)', async () => {
    const { auth, storage } = await signedIn();
    auth.forget();
    expect(auth.isSignedIn()).toBe(false);
    expect(storage.getItem(TOKENS_KEY)).toBeNull();
  });

  test('without tokens there is no ID token: the user must sign in', async () => {
    const { auth } = setup();
    await expect(auth.getIdToken()).rejects.toThrow(SignedOutError);
  });
});

describe('sign-out', () => {
  test('forgets the tokens, revokes the refresh token and returns the hosted UI logout URL', async () => {
    const { auth, fetch, storage } = await signedIn(NOW + 3600_000, () => new Response(null, { status: 200 }));
    const logout = new URL(await auth.signOut());
    expect(`${logout.origin}${logout.pathname}`).toBe(`${DOMAIN}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: REDIRECT });
    expect(storage.getItem(TOKENS_KEY)).toBeNull();
    expect(auth.isSignedIn()).toBe(false);
    const revoke = fetch.calls[1];
    expect(revoke.url).toBe(`${DOMAIN}/oauth2/revoke`);
    expect(revoke.method).toBe('POST');
    expect(revoke.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(revoke.body)).toEqual({ token: 'refresh-token', client_id: CLIENT_ID });
  });

  test('still signs out when the revocation fails', async () => {
    const { auth } = await signedIn(NOW + 3600_000, networkFailure);
    await expect(auth.signOut()).resolves.toMatch(/\/logout\?/);
    expect(auth.isSignedIn()).toBe(false);
  });
});
