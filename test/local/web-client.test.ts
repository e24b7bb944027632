/**
 * The web client as `npm start` serves it: the built app at `/` with the production security and caching headers,
 * a runtime config for the local API, and the API routes unchanged next to it.
 */
import { LocalServer, startLocalServer } from '../../local/server';
import { LOCAL_WEB_RUNTIME_CONFIG } from '../../local/web-client';
import { parseRuntimeConfig } from '../../web/src/runtime-config';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

let server: LocalServer;
let html: string;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  server = await startLocalServer({ port: 0 });
  html = await (await fetch(`${server.url}/`)).text();
});

afterAll(async () => {
  await server?.close();
});

const assetPaths = (): string[] => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

test('/ and /index.html serve the app page, revalidated on every load, with the security headers', async () => {
  for (const path of ['/', '/index.html']) {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectSecurityHeaders(response);
    expect(await response.text()).toBe(html);
  }
  expect(html).toMatch(/<script type="module" src="\/assets\/main-[A-Z0-9]{8}\.js"><\/script>/);
});

test('the hashed assets are served immutable with their content types', async () => {
  const paths = assetPaths();
  expect(paths.some((path) => path.endsWith('.css'))).toBe(true);
  expect(paths.some((path) => path.endsWith('.js'))).toBe(true);
  for (const path of [...paths, `${paths.find((p) => p.endsWith('.js'))}.map`]) {
    const response = await fetch(`${server.url}${path}`);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const type = path.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : path.endsWith('.map')
        ? 'application/json; charset=utf-8'
        : 'text/javascript; charset=utf-8';
    expect(response.headers.get('content-type')).toBe(type);
    expectSecurityHeaders(response);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }
});

test('HEAD answers the headers without a body', async () => {
  const response = await fetch(`${server.url}/`, { method: 'HEAD' });
  expect(response.status).toBe(200);
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(html));
  expect(await response.text()).toBe('');
});

test('/favicon.svg is served as SVG', async () => {
  const response = await fetch(`${server.url}/favicon.svg`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/svg+xml');
  expect(await response.text()).toMatch(/^<svg /);
});

test('/config.json points the app at the same-origin API without sign-in or RUM', async () => {
  const response = await fetch(`${server.url}/config.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-cache');
  const config: unknown = await response.json();
  expect(config).toEqual({ apiUrl: '', auth: { mode: 'none' }, rum: null });
  expect(parseRuntimeConfig(config)).toEqual(LOCAL_WEB_RUNTIME_CONFIG);
});

test('an unknown asset is 404 and never cached as immutable', async () => {
  const response = await fetch(`${server.url}/assets/main-NOTBUILT.js`);
  expect(response.status).toBe(404);
  expect(response.headers.get('cache-control')).toBe('no-cache');
});

test('other paths and methods still get the gateway 404 problem', async () => {
  for (const [method, path] of [
    ['GET', '/nope'],
    ['POST', '/'],
  ]) {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }
});

test('the API routes work next to the app', async () => {
  const created = await fetch(`${server.url}/todos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'from the web client test' }),
  });
  expect(created.status).toBe(201);
  const todo = (await created.json()) as { url: string };
  const list = (await (await fetch(`${server.url}/todos`)).json()) as { url: string }[];
  expect(list.map((item) => item.url)).toContain(todo.url);
  expect((await fetch(todo.url, { method: 'DELETE' })).status).toBe(204);
});
