'use strict';
/**
 * What the canaries check, as plain functions of their dependencies, so the exact file that is deployed also runs
 * in the test suite against the local server (`test/canary/journey.test.ts`):
 *
 * - `runJourney`: the user journey — sign in, create a todo, read it, find it in the list, update it, read the
 *   change, delete it, and see it gone — each an `executeStep` asserting status and body.
 * - `runHeartbeat`: a cheap authenticated read (sign in from cache, `GET /todos?limit=1`).
 * - `runWebCheck`: the web client as a browser first fetches it (page, hashed assets, config.json), over plain HTTP.
 *
 * `synthetics` is the runtime's `Synthetics` module in AWS (its `executeStep` publishes the `SuccessPercent` and
 * `Duration` metrics of each step, dimensions `CanaryName` and `StepName`) and a thin shim in the tests; `log` is
 * `SyntheticsLogger` or a test logger; `getToken` returns a bearer JWT for the canary user.
 */
const { randomUUID } = require('node:crypto');
const { request } = require('./http');

/** Step names, in order: the `StepName` dimension of the per-step metrics (dashboards and alarms use them). */
const JOURNEY_STEPS = Object.freeze([
  'sign-in',
  'create',
  'read',
  'list',
  'update',
  'read-updated',
  'delete',
  'read-deleted',
]);
const HEARTBEAT_STEPS = Object.freeze(['sign-in', 'list']);
const WEB_STEPS = Object.freeze(['web-page', 'web-assets', 'web-config']);
/** Pages of `GET /todos` the list step follows before giving up on finding the new todo. */
const MAX_LIST_PAGES = 10;

class CheckFailed extends Error {
  constructor(message) {
    super(message);
    this.name = 'CheckFailed';
  }
}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function expectStatus(response, expected, what) {
  check(
    response.status === expected,
    `${what}: expected HTTP ${expected}, got ${response.status}: ${response.text.slice(0, 300)}`,
  );
}

function parseJson(response, what) {
  try {
    return JSON.parse(response.text);
  } catch {
    throw new CheckFailed(`${what}: expected a JSON body, got: ${response.text.slice(0, 300)}`);
  }
}

/** `rel="next"` target of an RFC 8288 Link header, if any. */
function nextLink(header) {
  const value = Array.isArray(header) ? header.join(', ') : header;
  return value ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(value)?.[1] : undefined;
}

/** Runs `fn` as a Synthetics step; a failure is rethrown with the step's name, so the run's error names it. */
function stepRunner(synthetics, log) {
  return async (name, fn) => {
    try {
      return await synthetics.executeStep(name, async () => {
        const started = Date.now();
        const result = await fn();
        log.info(`step ${name}: passed in ${Date.now() - started} ms`);
        return result;
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`step "${name}" failed: ${message}`, { cause: error });
    }
  };
}

function client(tokenOf) {
  return (method, url, options = {}) =>
    request(method, url, { ...options, headers: { authorization: `Bearer ${tokenOf()}`, ...options.headers } });
}

/**
 * The user journey. Resolves when every step passed; rejects with `step "<name>" failed: <why>` at the first
 * failure. A todo created by a failed run is deleted on the way out (best effort), so runs don't pile up todos.
 * @param {{ baseUrl: string, getToken: () => Promise<string>, synthetics: { executeStep: Function },
 *   log: { info: Function, warn: Function } }} deps `baseUrl` is the stage URL, without `/todos`.
 */
async function runJourney({ baseUrl, getToken, synthetics, log }) {
  const step = stepRunner(synthetics, log);
  const collection = `${baseUrl.replace(/\/+$/, '')}/todos`;
  const title = `canary ${new Date().toISOString()} ${randomUUID().slice(0, 8)}`;
  const doneTitle = `${title} (done)`;
  let token;
  const api = client(() => token);
  let todo;
  let etag;
  let deleted = false;

  try {
    await step('sign-in', async () => {
      token = await getToken();
      check(typeof token === 'string' && token.split('.').length === 3, 'sign-in: no JWT returned');
    });

    await step('create', async () => {
      const response = await api('POST', collection, {
        body: { title, order: 0 },
        headers: { 'idempotency-key': randomUUID() },
      });
      expectStatus(response, 201, 'POST /todos');
      const body = parseJson(response, 'POST /todos');
      check(body.title === title, `POST /todos: title is ${JSON.stringify(body.title)}, sent ${JSON.stringify(title)}`);
      check(body.completed === false, `POST /todos: completed is ${JSON.stringify(body.completed)}, expected false`);
      check(typeof body.url === 'string' && /^https?:\/\//.test(body.url), 'POST /todos: no absolute url');
      check(response.headers.location === body.url, 'POST /todos: Location header differs from the todo url');
      todo = body;
    });

    await step('read', async () => {
      const response = await api('GET', todo.url);
      expectStatus(response, 200, 'GET todo');
      const body = parseJson(response, 'GET todo');
      check(
        body.url === todo.url && body.title === title && body.completed === false,
        'GET todo: not the created todo',
      );
      check(typeof response.headers.etag === 'string', 'GET todo: no ETag header');
      etag = response.headers.etag;
    });

    await step('list', async () => {
      let url = collection;
      for (let page = 1; url && page <= MAX_LIST_PAGES; page += 1) {
        const response = await api('GET', url);
        expectStatus(response, 200, 'GET /todos');
        const body = parseJson(response, 'GET /todos');
        check(Array.isArray(body), 'GET /todos: body is not an array');
        if (body.some((item) => item.url === todo.url && item.title === title)) return;
        url = nextLink(response.headers.link);
      }
      throw new CheckFailed(`GET /todos: the new todo is not in the list (${MAX_LIST_PAGES} pages at most)`);
    });

    await step('update', async () => {
      const response = await api('PATCH', todo.url, {
        body: { title: doneTitle, completed: true },
        headers: { 'if-match': etag },
      });
      expectStatus(response, 200, 'PATCH todo');
      const body = parseJson(response, 'PATCH todo');
      check(body.title === doneTitle && body.completed === true, 'PATCH todo: the response does not show the change');
    });

    await step('read-updated', async () => {
      const response = await api('GET', todo.url);
      expectStatus(response, 200, 'GET todo after PATCH');
      const body = parseJson(response, 'GET todo after PATCH');
      check(
        body.title === doneTitle && body.completed === true,
        `GET todo after PATCH: the change was not stored (title ${JSON.stringify(body.title)}, completed ${body.completed})`,
      );
    });

    await step('delete', async () => {
      const response = await api('DELETE', todo.url);
      expectStatus(response, 204, 'DELETE todo');
      deleted = true;
    });

    await step('read-deleted', async () => {
      const response = await api('GET', todo.url);
      expectStatus(response, 404, 'GET todo after DELETE');
      check(
        /^application\/problem\+json/.test(String(response.headers['content-type'])),
        'GET todo after DELETE: not a problem+json response',
      );
    });
  } finally {
    if (todo && !deleted) {
      await api('DELETE', todo.url).then(
        (response) => log.info(`cleanup: DELETE ${todo.url} answered ${response.status}`),
        (error) => log.warn(`cleanup: DELETE ${todo.url} failed: ${error.message}`),
      );
    }
  }
}

/** The heartbeat: an authenticated, read-only, one-item list. */
async function runHeartbeat({ baseUrl, getToken, synthetics, log }) {
  const step = stepRunner(synthetics, log);
  let token;
  const api = client(() => token);
  await step('sign-in', async () => {
    token = await getToken();
    check(typeof token === 'string' && token.split('.').length === 3, 'sign-in: no JWT returned');
  });
  await step('list', async () => {
    const response = await api('GET', `${baseUrl.replace(/\/+$/, '')}/todos?limit=1`);
    expectStatus(response, 200, 'GET /todos?limit=1');
    const body = parseJson(response, 'GET /todos?limit=1');
    check(Array.isArray(body) && body.length <= 1, 'GET /todos?limit=1: not an array of at most one todo');
  });
}

/**
 * The web client, checked without a browser (cheap enough for every heartbeat run): the page answers with HTML
 * naming its hashed script and stylesheet, each of those answers, and `config.json` names this stage's API. A broken
 * distribution, bucket or deploy fails the run even when no user is around, which is when RUM sees nothing.
 * @param {{ siteUrl: string, apiUrl: string, synthetics: { executeStep: Function },
 *   log: { info: Function, warn: Function } }} deps `siteUrl` is the site root; `apiUrl` the API stage URL.
 */
async function runWebCheck({ siteUrl, apiUrl, synthetics, log }) {
  const step = stepRunner(synthetics, log);
  const site = new URL(siteUrl);
  const assets = await step('web-page', async () => {
    const response = await request('GET', site.href, { headers: { accept: 'text/html' } });
    expectStatus(response, 200, `GET ${site.pathname}`);
    check(/^text\/html/.test(String(response.headers['content-type'])), `GET ${site.pathname}: not HTML`);
    const named = [...response.text.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    check(
      named.some((a) => a.endsWith('.js')),
      `GET ${site.pathname}: names no script under /assets/`,
    );
    check(
      named.some((a) => a.endsWith('.css')),
      `GET ${site.pathname}: names no stylesheet under /assets/`,
    );
    return [...new Set(named)];
  });
  await step('web-assets', async () => {
    for (const asset of assets) {
      const response = await request('GET', new URL(asset, site).href, { headers: { accept: '*/*' } });
      expectStatus(response, 200, `GET ${asset}`);
      const type = asset.endsWith('.js') ? /javascript/ : /^text\/css/;
      check(type.test(String(response.headers['content-type'])), `GET ${asset}: wrong content type`);
    }
  });
  await step('web-config', async () => {
    const response = await request('GET', new URL('/config.json', site).href);
    expectStatus(response, 200, 'GET /config.json');
    const config = parseJson(response, 'GET /config.json');
    check(typeof config?.apiUrl === 'string', 'GET /config.json: no apiUrl');
    // '' is the site's own origin (npm start); either way it must be the API this canary watches.
    const configured = new URL(config.apiUrl || site.origin).href.replace(/\/+$/, '');
    const watched = apiUrl.replace(/\/+$/, '');
    check(configured === watched, `GET /config.json: apiUrl is ${configured}, the canary watches ${watched}`);
  });
}

module.exports = { runJourney, runHeartbeat, runWebCheck, JOURNEY_STEPS, HEARTBEAT_STEPS, WEB_STEPS };
