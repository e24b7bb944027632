/**
 * Entry point: reads /config.json, completes a sign-in callback (then strips it from the URL), starts RUM when
 * configured, and wires the controller to the view. Everything testable lives in the modules it imports.
 */
import './styles.css';
import { TodoApi } from './api-client';
import { AuthError, CognitoAuth, isAuthCallback, NO_AUTH, stripAuthParams, type TokenSource } from './auth';
import { TodoController } from './controller';
import { RUM_EVENTS, startRum } from './rum';
import { parseRuntimeConfig, type WebRuntimeConfig } from './runtime-config';
import { TodoView, type AccountActions } from './view';
import { WEB_RUNTIME_CONFIG_FILE } from '../site-layout';

const CONFIG_URL = `/${WEB_RUNTIME_CONFIG_FILE}`;

/** Calls window.fetch at call time, so RUM's HTTP telemetry (which wraps window.fetch) sees the requests. */
const browserFetch = (input: string, init?: RequestInit): Promise<Response> => window.fetch(input, init);

async function loadConfig(): Promise<WebRuntimeConfig> {
  const response = await browserFetch(CONFIG_URL, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`${CONFIG_URL} answered ${response.status}`);
  }
  return parseRuntimeConfig(await response.json());
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const origin = window.location.origin;

  let auth: TokenSource = NO_AUTH;
  let account: AccountActions | undefined;
  let signedInNow = false;
  let signInError: string | undefined;
  if (config.auth.mode === 'cognito') {
    const cognito = new CognitoAuth({
      config: config.auth,
      redirectUri: `${origin}/`,
      storage: window.sessionStorage,
      fetch: browserFetch,
      crypto: window.crypto,
    });
    auth = cognito;
    if (isAuthCallback(window.location.search)) {
      let returnTo = '';
      try {
        returnTo = (await cognito.completeSignIn(window.location.search))?.returnTo ?? '';
        signedInNow = true;
      } catch (error) {
        signInError = error instanceof AuthError ? error.message : 'Sign-in failed. Please try again.';
      } finally {
        // The code is single-use; keep it out of the history, bookmarks and RUM page data either way.
        window.history.replaceState(window.history.state, '', stripAuthParams(window.location.href, returnTo));
      }
    }
    const failed = (what: string) => (error: unknown) =>
      controller.showMessage({
        kind: 'error',
        text: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    account = {
      signIn: () => {
        cognito
          .signInUrl(window.location.hash)
          .then((url) => window.location.assign(url))
          .catch(failed('Sign-in'));
      },
      signOut: () => {
        rum.recordInteraction(RUM_EVENTS.signOut);
        cognito
          .signOut()
          .then((url) => window.location.assign(url))
          .catch(failed('Sign-out'));
      },
    };
  }

  // After the callback parameters are gone from the URL, so RUM never records them.
  const rum = startRum(config.rum, {
    apiRoot: config.apiUrl === '' ? origin : config.apiUrl,
    onError: (error) => console.warn('RUM is off:', error instanceof Error ? error.message : String(error)),
  });
  if (signedInNow) {
    rum.recordInteraction(RUM_EVENTS.signInCompleted);
  }

  const api = new TodoApi({
    apiUrl: config.apiUrl,
    origin,
    fetch: browserFetch,
    auth,
    newIdempotencyKey: () => window.crypto.randomUUID(),
  });
  const controller = new TodoController(api, rum);
  const view = new TodoView(document, controller, { account, isSignedIn: () => auth.isSignedIn() });
  window.addEventListener('hashchange', () => view.setFilter(window.location.hash));

  if (signInError !== undefined) {
    controller.showMessage({ kind: 'error', text: signInError });
  }
  if (auth.isSignedIn()) {
    await controller.load();
  }
}

main().catch((error: unknown) => {
  const status = document.querySelector('[data-testid="status"]');
  if (status !== null) {
    status.textContent = `The app could not start: ${error instanceof Error ? error.message : String(error)}`;
    status.parentElement?.setAttribute('data-kind', 'error');
  }
  document.querySelector('[data-testid="todo-app"]')?.setAttribute('aria-busy', 'false');
});
