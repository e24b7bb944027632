/**
 * End to end in a real browser: headless Chromium (Debian's, driven by playwright-core) against the local server
 * (`npm start` in-process: the built web client, the real handlers, dynalite). The journey adds, completes, edits,
 * deletes and filters todos, reloads, and finds the server's state. Then the cloud configuration: the app on its own
 * origin calling the API cross-origin, signing in through a Cognito hosted UI and sending RUM events, both faked by
 * request interception (nothing leaves the machine). Every page must log no console error, raise no uncaught
 * error, violate no Content-Security-Policy directive and request nothing outside the origins it is given.
 *
 * Needs Chromium: `npm run setup:browser` installs it (CHROMIUM_PATH overrides /usr/bin/chromium). With
 * WEB_E2E_SCREENSHOT=<path> the final page is saved there (docs/web-client.png), else in the temp directory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { LocalServer, startLocalServer } from '../../local/server';
import { CHROMIUM, requireChromium } from '../../scripts/browser';
import { fakeJwt } from '../local/http-client';
import { serveSite, StaticSite } from './support/static-site';

const STEP_TIMEOUT_MS = 5_000;

let server: LocalServer;
let context: BrowserContext;
let userDataDir: string;
let page: Page;
let problems: () => Promise<Problems>;

interface Problems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly violations: string[];
  readonly foreignRequests: string[];
}

const NO_PROBLEMS: Problems = { consoleErrors: [], pageErrors: [], violations: [], foreignRequests: [] };

/** A new tab that records console errors, uncaught errors, CSP violations and requests to other origins. */
async function openPage(...allowedOrigins: string[]): Promise<{ page: Page; problems: () => Promise<Problems> }> {
  const tab = await context.newPage();
  const found = { consoleErrors: [] as string[], pageErrors: [] as string[], foreignRequests: [] as string[] };
  tab.on('console', (message) => {
    if (message.type() === 'error') found.consoleErrors.push(message.text());
  });
  tab.on('pageerror', (error) => found.pageErrors.push(error.message));
  tab.on('request', (request) => {
    if (!allowedOrigins.some((origin) => request.url().startsWith(`${origin}/`))) {
      found.foreignRequests.push(request.url());
    }
  });
  // Violations of the page's CSP, recorded by the page itself (init scripts run outside the page's CSP).
  await tab.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return {
    page: tab,
    problems: async () => ({
      ...found,
      violations: await tab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    }),
  };
}

beforeAll(async () => {
  requireChromium('run the browser test');
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.CORS_ALLOWED_ORIGINS = '*'; // the cloud-configuration tests call the API from another origin
  server = await startLocalServer({ port: 0 });
  // The local server acts as `local-user` for requests without Authorization, as the app sends them.
  expect((await fetch(`${server.url}/todos`, { method: 'DELETE' })).status).toBe(204);

  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'todo-web-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true, // playwright-core passes --headless (Chromium's new headless mode)
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 560, height: 640 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  ({ page, problems } = await openPage(server.url));
}, 30_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  await server?.close();
});

const items = (tab = page): Locator => tab.getByTestId('todo-item');
const item = (title: string, tab = page): Locator => items(tab).filter({ has: tab.getByText(title, { exact: true }) });
const count = (): Locator => page.getByTestId('todo-count');

/** Retries `assertion` until it passes (the page updates after the server answers) or the step times out. */
async function eventually(assertion: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const titles = (): Promise<string[]> => items().locator('.title').allTextContents();
const expectTitles = (expected: string[]): Promise<void> =>
  eventually(async () => expect(await titles()).toEqual(expected));
const expectCount = (expected: string): Promise<void> =>
  eventually(async () => expect(await count().textContent()).toBe(expected));

/** The app is idle: the list is loaded and no request is in flight. */
async function settled(tab = page): Promise<void> {
  await tab.locator('[data-testid="todo-app"][aria-busy="false"]').waitFor();
}

async function add(title: string, tab = page): Promise<void> {
  const input = tab.getByLabel('New todo');
  await input.fill(title);
  await input.press('Enter');
  await item(title, tab).waitFor();
  await settled(tab);
  expect(await input.inputValue()).toBe('');
}

test('a user manages todos in the browser and finds them again after a reload', async () => {
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  await settled();
  expect(await page.title()).toBe('Todos');
  expect(await items().count()).toBe(0);

  // Add two todos.
  await add('Buy milk');
  await add('Write the runbook');
  await expectTitles(['Buy milk', 'Write the runbook']);
  await expectCount('2 items left');

  // Complete one: its checkbox is named by the title.
  await page.getByRole('checkbox', { name: 'Buy milk' }).check();
  await settled();
  expect(await item('Buy milk').getAttribute('class')).toMatch(/\bcompleted\b/);
  await expectCount('1 item left');

  // Edit one: double-click the title, type, Enter.
  await item('Write the runbook').locator('.title').dblclick();
  const field = page.getByLabel('Edit todo');
  expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
  await field.fill('Write the incident runbook');
  await field.press('Enter');
  await settled();
  await expectTitles(['Buy milk', 'Write the incident runbook']);

  // With the keyboard only: Edit button, type, Escape cancels.
  await page.getByRole('button', { name: 'Edit “Buy milk”' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type(' and bread');
  await page.keyboard.press('Escape');
  expect(await field.count()).toBe(0);
  await expectTitles(['Buy milk', 'Write the incident runbook']);

  // Delete one.
  await add('Delete me');
  await page.getByRole('button', { name: 'Delete “Delete me”' }).click();
  await settled();
  await expectTitles(['Buy milk', 'Write the incident runbook']);
  await expectCount('1 item left');

  // Filter with the hash routes.
  await page.getByRole('link', { name: 'Active' }).click();
  await expectTitles(['Write the incident runbook']);
  expect(page.url()).toMatch(/#\/active$/);
  await page.getByRole('link', { name: 'Completed' }).click();
  await expectTitles(['Buy milk']);
  expect(await page.getByRole('link', { name: 'Completed' }).getAttribute('aria-current')).toBe('page');
  await page.getByRole('link', { name: 'All' }).click();
  await expectTitles(['Buy milk', 'Write the incident runbook']);

  // Reload: the state comes back from the server.
  await page.reload({ waitUntil: 'networkidle' });
  await settled();
  await expectTitles(['Buy milk', 'Write the incident runbook']);
  expect(await page.getByRole('checkbox', { name: 'Buy milk' }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: 'Write the incident runbook' }).isChecked()).toBe(false);
  const stored = (await (await fetch(`${server.url}/todos`)).json()) as { title: string; completed: boolean }[];
  expect(stored.map(({ title, completed }) => ({ title, completed }))).toEqual([
    { title: 'Buy milk', completed: true },
    { title: 'Write the incident runbook', completed: false },
  ]);

  // A few more for the picture.
  await add('Review the SLO dashboard');
  await add('Run the game day');
  await expectCount('3 items left');
  const screenshot = process.env.WEB_E2E_SCREENSHOT || path.join(os.tmpdir(), 'todo-web-client.png');
  mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });

  // Phone width: nothing overflows sideways, the controls stay reachable.
  await page.setViewportSize({ width: 360, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  for (const control of [
    page.getByLabel('New todo'),
    page.getByRole('button', { name: 'Delete “Run the game day”' }),
    page.getByRole('link', { name: 'Completed' }),
  ]) {
    expect(await control.isVisible()).toBe(true);
  }

  expect(await problems()).toEqual(NO_PROBLEMS);
}, 30_000);

describe('the cloud configuration (hosted UI and RUM faked by request interception)', () => {
  const HOSTED_UI = 'https://todo-e2e.auth.eu-west-1.amazoncognito.com';
  const CLIENT_ID = 'e2eclient1234567890abcdef';
  const USER = 'e2e-cognito-user';
  let site: StaticSite | undefined;

  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  /** A Cognito-shaped ID token the local API accepts (it reads `sub` without verifying). */
  const idToken = (lifetimeSeconds: number): string =>
    fakeJwt({ sub: USER, aud: CLIENT_ID, token_use: 'id', exp: Math.floor(Date.now() / 1000) + lifetimeSeconds });

  const cors = (tab: Page): Record<string, string> => ({
    'Access-Control-Allow-Origin': new URL(tab.url()).origin,
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers':
      'content-type, x-amz-target, x-amz-content-sha256, x-amz-date, x-amz-security-token, authorization, x-amz-user-agent, content-encoding',
  });

  test('signs in with the hosted UI (PKCE), calls the API with the ID token, refreshes it, and signs out', async () => {
    site = await serveSite(
      {
        apiUrl: server.url,
        auth: { mode: 'cognito', domainUrl: HOSTED_UI, clientId: CLIENT_ID, scopes: ['openid', 'email'] },
        rum: null,
      },
      [server.url, HOSTED_UI],
    );
    const appOrigin = site.url;
    const { page: tab, problems: tabProblems } = await openPage(appOrigin, server.url, HOSTED_UI);
    const grants: Record<string, string>[] = [];
    let challenge = '';
    await tab.route(`${HOSTED_UI}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (request.method() === 'OPTIONS') {
        return route.fulfill({ status: 204, headers: cors(tab) });
      }
      if (url.pathname === '/oauth2/authorize') {
        expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
        expect(url.searchParams.get('redirect_uri')).toBe(`${appOrigin}/`);
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        challenge = url.searchParams.get('code_challenge') ?? '';
        const back = `${appOrigin}/?code=code-1&state=${encodeURIComponent(url.searchParams.get('state') ?? '')}`;
        return route.fulfill({ status: 302, headers: { Location: back } });
      }
      if (url.pathname === '/oauth2/token') {
        const form = Object.fromEntries(new URLSearchParams(request.postData() ?? ''));
        grants.push(form);
        const verified =
          form.grant_type === 'refresh_token' ||
          createHash('sha256')
            .update(form.code_verifier ?? '')
            .digest('base64url') === challenge;
        const body = verified
          ? {
              // The first ID token expires within a minute: the first API call refreshes it.
              id_token: idToken(form.grant_type === 'authorization_code' ? 30 : 3600),
              access_token: 'access',
              ...(form.grant_type === 'authorization_code' ? { refresh_token: 'refresh-1' } : {}),
              expires_in: 3600,
              token_type: 'Bearer',
            }
          : { error: 'invalid_grant' };
        return route.fulfill({ status: verified ? 200 : 400, headers: cors(tab), json: body });
      }
      if (url.pathname === '/oauth2/revoke') {
        grants.push({ revoke: new URLSearchParams(request.postData() ?? '').get('token') ?? '' });
        return route.fulfill({ status: 200, headers: cors(tab), body: '' });
      }
      if (url.pathname === '/logout') {
        expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
        return route.fulfill({ status: 302, headers: { Location: url.searchParams.get('logout_uri') ?? '' } });
      }
      return route.fulfill({ status: 404, body: '' });
    });

    await tab.goto(`${appOrigin}/#/active`, { waitUntil: 'networkidle' });
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByTestId('auth-state').waitFor();
    await settled(tab);
    expect(tab.url()).toBe(`${appOrigin}/#/active`); // no code or state left in the URL; the route restored
    expect(grants.map((grant) => grant.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(grants[1].refresh_token).toBe('refresh-1');

    await add('Signed-in todo', tab);
    const mine = await fetch(`${server.url}/todos`, { headers: { Authorization: `Bearer ${idToken(60)}` } });
    expect(((await mine.json()) as { title: string }[]).map((todo) => todo.title)).toEqual(['Signed-in todo']);

    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(grants.at(-1)).toEqual({ revoke: 'refresh-1' });
    expect(await tab.evaluate(() => window.sessionStorage.getItem('todo.auth.tokens'))).toBeNull();
    expect(await tabProblems()).toEqual(NO_PROBLEMS);
  }, 30_000);

  test('sends RUM events (no personal data) and X-Ray trace headers on API calls only', async () => {
    const region = 'eu-west-1';
    const rum = {
      applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      applicationVersion: '1.0.0',
      region,
      identityPoolId: `${region}:7c9e6679-7425-40de-944b-e07fc1f90ae7`,
      endpoint: `https://dataplane.rum.${region}.amazonaws.com`,
      sessionSampleRate: 1,
    };
    const identity = `https://cognito-identity.${region}.amazonaws.com`;
    site = await serveSite({ apiUrl: server.url, auth: { mode: 'none' }, rum }, [server.url, identity, rum.endpoint]);
    const { page: tab, problems: tabProblems } = await openPage(site.url, server.url, identity, rum.endpoint);
    const traceHeaders = new Map<string, string | undefined>();
    tab.on('request', (request) => {
      if (request.method() !== 'OPTIONS') {
        traceHeaders.set(`${request.method()} ${request.url()}`, request.headers()['x-amzn-trace-id']);
      }
    });
    await tab.route(`${identity}/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors(tab) });
      const target = request.headers()['x-amz-target'];
      const identityId = `${region}:11111111-2222-4333-8444-555555555555`;
      const json =
        target === 'AWSCognitoIdentityService.GetId'
          ? { IdentityId: identityId }
          : {
              IdentityId: identityId,
              Credentials: {
                AccessKeyId: 'ASIAE2ETESTKEY',
                SecretKey: 'secret',
                SessionToken: 'session',
                Expiration: Math.floor(Date.now() / 1000) + 3600,
              },
            };
      return route.fulfill({ status: 200, headers: cors(tab), json });
    });
    const batches: { RumEvents: { type: string; details: string }[] }[] = [];
    await tab.route(`${rum.endpoint}/**`, async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors(tab) });
      const raw = request.postDataBuffer() ?? Buffer.alloc(0);
      const gzipped = request.headers()['content-encoding'] === 'gzip';
      batches.push(JSON.parse((gzipped ? gunzipSync(raw) : raw).toString('utf8')));
      return route.fulfill({ status: 200, headers: cors(tab), body: '' });
    });

    await tab.goto(`${site.url}/`, { waitUntil: 'networkidle' });
    await settled(tab);
    await add('Personal title 42', tab);
    const todoId = (await item('Personal title 42', tab).getAttribute('data-id')) ?? '';
    // The client dispatches every 5 s.
    await tab.waitForRequest(
      (request) => request.url().startsWith(`${rum.endpoint}/appmonitors/`) && request.method() === 'POST',
      {
        timeout: 10_000,
      },
    );
    await eventually(async () =>
      expect(batches.flatMap((b) => b.RumEvents.map((e) => e.type))).toContain('todo.todo_added'),
    );

    const events = batches.flatMap((batch) => batch.RumEvents);
    const custom = events.find((event) => event.type === 'todo.todo_added');
    expect(JSON.parse(custom?.details ?? 'null')).toEqual({});
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'com.amazon.rum.page_view_event',
        'com.amazon.rum.performance_navigation_event',
        'com.amazon.rum.xray_trace_event',
      ]),
    );
    const customPayloads = JSON.stringify(events.filter((event) => event.type.startsWith('todo.')));
    expect(customPayloads).not.toContain('Personal title');
    expect(customPayloads).not.toContain(todoId);

    // Trace headers on the API calls made once the client runs (the first list may go out before it has loaded),
    // and on nothing else: not the site, the identity pool or the RUM data plane.
    const create = traceHeaders.get(`POST ${server.url}/todos`);
    expect(create).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    const traced = [...traceHeaders].filter(([, header]) => header !== undefined).map(([call]) => call);
    expect(traced.every((call) => call.split(' ')[1].startsWith(`${server.url}/todos`))).toBe(true);
    expect(await tabProblems()).toEqual(NO_PROBLEMS);
  }, 30_000);
});
