/**
 * The canary script, tested before deploy: canary/journey.js — the exact file the canaries run — walks the journey
 * against the local server (the real handlers, `npm start`'s server on an ephemeral port) with the Synthetics
 * runtime replaced by a thin shim, and fails, naming the step, when the API breaks.
 */
import { HEARTBEAT_STEPS, JOURNEY_STEPS, runHeartbeat, runJourney, runWebCheck, WEB_STEPS } from '../../canary/journey';
import { LocalServer, startLocalServer } from '../../local/server';
import { fakeJwt, newUser } from '../local/http-client';
import { Breakage, BreakingProxy, startBreakingProxy } from './breaking-proxy';
import { localLogger, localSynthetics } from './synthetics-shim';

let server: LocalServer;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  server = await startLocalServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** A fresh canary user: locally the caller is the `sub` of an unverified JWT. */
function canaryUser() {
  const user = newUser();
  const token = fakeJwt({ sub: user.sub, token_use: 'id', 'cognito:username': 'canary' });
  return { ...user, getToken: async () => token };
}

async function todosOf(authorization: string): Promise<unknown[]> {
  const response = await fetch(`${server.url}/todos`, { headers: { Authorization: authorization } });
  expect(response.status).toBe(200);
  return (await response.json()) as unknown[];
}

async function journeyThrough(breakage: Breakage) {
  const user = canaryUser();
  const synthetics = localSynthetics();
  const log = localLogger();
  let proxy: BreakingProxy | undefined;
  try {
    proxy = await startBreakingProxy(server.url, breakage);
    const outcome = await runJourney({ baseUrl: proxy.url, getToken: user.getToken, synthetics, log }).then(
      () => undefined,
      (error: Error) => error,
    );
    return { outcome, steps: synthetics.steps, lines: log.lines, user };
  } finally {
    await proxy?.close();
  }
}

describe('journey against the local server', () => {
  test('passes every step, in order, and leaves no todo behind', async () => {
    const user = canaryUser();
    const synthetics = localSynthetics();
    await runJourney({ baseUrl: server.url, getToken: user.getToken, synthetics, log: localLogger() });
    expect(synthetics.steps.map((s) => s.name)).toEqual([...JOURNEY_STEPS]);
    expect(synthetics.steps.every((s) => s.passed && s.durationMs >= 0)).toBe(true);
    expect(await todosOf(user.authorization)).toEqual([]);
  });

  test('walks create, read, list, update, read the change, delete, read 404 after signing in', () => {
    expect(JOURNEY_STEPS).toEqual([
      'sign-in',
      'create',
      'read',
      'list',
      'update',
      'read-updated',
      'delete',
      'read-deleted',
    ]);
  });

  test('finds the new todo beyond the first page of the list', async () => {
    const user = canaryUser();
    for (let i = 0; i < 3; i += 1) {
      const created = await fetch(`${server.url}/todos`, {
        method: 'POST',
        headers: { Authorization: user.authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: `older ${i}`, order: -1 - i }),
      });
      expect(created.status).toBe(201);
    }
    const synthetics = localSynthetics();
    // One todo per page, as if the canary user had piled up todos: the new one is on page 4, via Link rel="next".
    const proxy = await startBreakingProxy(
      server.url,
      () => undefined,
      (path) => (path === '/todos' ? '/todos?limit=1' : path),
    );
    try {
      await runJourney({ baseUrl: proxy.url, getToken: user.getToken, synthetics, log: localLogger() });
    } finally {
      await proxy.close();
    }
    expect(synthetics.steps.every((s) => s.passed)).toBe(true);
    expect(await todosOf(user.authorization)).toHaveLength(3);
  });

  test('heartbeat: signs in and reads one todo', async () => {
    const user = canaryUser();
    const synthetics = localSynthetics();
    await runHeartbeat({ baseUrl: server.url, getToken: user.getToken, synthetics, log: localLogger() });
    expect(synthetics.steps.map((s) => ({ name: s.name, passed: s.passed }))).toEqual(
      HEARTBEAT_STEPS.map((name) => ({ name, passed: true })),
    );
  });
});

describe('journey fails when the API breaks', () => {
  test('fails at "update" when PATCH answers 200 without applying the change, and cleans up', async () => {
    const { outcome, steps, user } = await journeyThrough((request, response) =>
      request.method === 'PATCH'
        ? { ...response, body: JSON.stringify({ ...JSON.parse(response.body), completed: false }) }
        : undefined,
    );
    expect(outcome?.message).toMatch(/^step "update" failed: PATCH todo: the response does not show the change/);
    expect(steps.map((s) => `${s.name}:${s.passed ? 'pass' : 'fail'}`)).toEqual([
      'sign-in:pass',
      'create:pass',
      'read:pass',
      'list:pass',
      'update:fail',
    ]);
    expect(await todosOf(user.authorization)).toEqual([]);
  });

  test('fails at "update" when PATCH answers 5xx', async () => {
    const { outcome } = await journeyThrough((request, response) =>
      request.method === 'PATCH' ? { ...response, status: 502, body: '{"title":"Bad Gateway"}' } : undefined,
    );
    expect(outcome?.message).toMatch(/^step "update" failed: PATCH todo: expected HTTP 200, got 502/);
  });

  test('fails at "list" when the list omits the new todo', async () => {
    const { outcome } = await journeyThrough((request, response) =>
      request.method === 'GET' && request.url === '/todos' ? { ...response, body: '[]' } : undefined,
    );
    expect(outcome?.message).toMatch(/^step "list" failed: GET \/todos: the new todo is not in the list/);
  });

  test('fails at "read-deleted" when a deleted todo can still be read', async () => {
    let deleted = false;
    const { outcome } = await journeyThrough((request, response) => {
      if (request.method === 'DELETE') deleted = true;
      return request.method === 'GET' && deleted && response.status === 404
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }
        : undefined;
    });
    expect(outcome?.message).toMatch(/^step "read-deleted" failed: GET todo after DELETE: expected HTTP 404, got 200/);
  });

  test('fails at "sign-in" when no token can be had', async () => {
    const synthetics = localSynthetics();
    const failing = runJourney({
      baseUrl: server.url,
      getToken: () => Promise.reject(new Error('Cognito InitiateAuth failed (400 NotAuthorizedException)')),
      synthetics,
      log: localLogger(),
    });
    await expect(failing).rejects.toThrow(/^step "sign-in" failed: Cognito InitiateAuth failed/);
    expect(synthetics.steps).toEqual([expect.objectContaining({ name: 'sign-in', passed: false })]);
  });

  test('fails at "create" when the API rejects the token', async () => {
    const { outcome } = await journeyThrough((request) =>
      request.method === 'POST'
        ? { status: 401, headers: { 'content-type': 'application/problem+json' }, body: '{"status":401}' }
        : undefined,
    );
    expect(outcome?.message).toMatch(/^step "create" failed: POST \/todos: expected HTTP 201, got 401/);
  });
});

describe('web check (the heartbeat, after the API)', () => {
  async function webCheckThrough(breakage: Breakage) {
    const synthetics = localSynthetics();
    const proxy = await startBreakingProxy(server.url, breakage);
    try {
      const outcome = await runWebCheck({
        siteUrl: `${proxy.url}/`,
        apiUrl: proxy.url,
        synthetics,
        log: localLogger(),
      }).then(
        () => undefined,
        (error: Error) => error,
      );
      return { outcome, steps: synthetics.steps.map((s) => `${s.name}:${s.passed ? 'pass' : 'fail'}`) };
    } finally {
      await proxy.close();
    }
  }

  test('passes against the web client npm start serves: page, its hashed assets, config.json naming the API', async () => {
    const synthetics = localSynthetics();
    await runWebCheck({ siteUrl: `${server.url}/`, apiUrl: `${server.url}/`, synthetics, log: localLogger() });
    expect(synthetics.steps.map((s) => ({ name: s.name, passed: s.passed }))).toEqual(
      WEB_STEPS.map((name) => ({ name, passed: true })),
    );
  });

  test('fails at "web-page" when the page names no script', async () => {
    const { outcome, steps } = await webCheckThrough((request, response) =>
      request.url === '/' ? { ...response, body: '<!doctype html><title>maintenance</title>' } : undefined,
    );
    expect(outcome?.message).toMatch(/^step "web-page" failed: GET \/: names no script under \/assets\//);
    expect(steps).toEqual(['web-page:fail']);
  });

  test('fails at "web-assets" when a hashed asset is missing from the bucket', async () => {
    const { outcome, steps } = await webCheckThrough((request, response) =>
      request.url?.endsWith('.css') ? { ...response, status: 404, body: 'not found' } : undefined,
    );
    expect(outcome?.message).toMatch(
      /^step "web-assets" failed: GET \/assets\/main-\w+\.css: expected HTTP 200, got 404/,
    );
    expect(steps).toEqual(['web-page:pass', 'web-assets:fail']);
  });

  test('fails at "web-config" when config.json is not JSON', async () => {
    const { outcome } = await webCheckThrough((request, response) =>
      request.url === '/config.json' ? { ...response, body: '<html>' } : undefined,
    );
    expect(outcome?.message).toMatch(/^step "web-config" failed: GET \/config.json: expected a JSON body/);
  });

  test('fails at "web-config" when config.json names another API than the one the canary watches', async () => {
    const { outcome, steps } = await webCheckThrough((request, response) =>
      request.url === '/config.json'
        ? { ...response, body: JSON.stringify({ apiUrl: 'https://other.example.com/prod' }) }
        : undefined,
    );
    expect(outcome?.message).toMatch(/apiUrl is https:\/\/other\.example\.com\/prod, the canary watches http/);
    expect(steps).toEqual(['web-page:pass', 'web-assets:pass', 'web-config:fail']);
  });
});
