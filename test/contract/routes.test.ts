/**
 * The route list against what serves it: each listed function has a handler, and each route, sent to that handler,
 * is logged and measured under its own route name (the handlers name their route by hand, checked here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_FUNCTIONS, routeName, ROUTE_NAMES } from '../../contract/routes';
import { apiEvent } from '../lambda/support/events';
import { emfBlobs, HandlerName, Harness, jsonLines, startHarness } from '../lambda/support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const ROUTES = API_FUNCTIONS.flatMap((fn) => fn.routes.map((route) => ({ fn: fn.name, ...route })));

test.each(API_FUNCTIONS.map((fn) => fn.name))('%s has its handler file', (name) => {
  expect(fs.existsSync(path.join(__dirname, '..', '..', 'lambda', 'handlers', `${name}.ts`))).toBe(true);
});

test('no route is served by two functions', () => {
  expect(new Set(ROUTE_NAMES).size).toBe(ROUTES.length);
});

test.each(ROUTES)('$method $path: $fn logs and measures the request under that route', async (route) => {
  h.clearOutput();
  const id = '00000000-0000-4000-8000-000000000000';
  const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? { title: 'contract' } : undefined;
  await h.invoke(
    route.fn as HandlerName,
    apiEvent({ method: route.method, path: route.path.replace('{id}', id), user: 'contract-routes', body }),
  );
  const expected = routeName(route);
  const completed = jsonLines(h.output()).filter((line) => line.message === 'request completed');
  expect(completed.map((line) => line.route)).toEqual([expected]);
  const latency = emfBlobs(h.output()).filter((blob) => 'RequestLatency' in blob);
  expect(latency.map((blob) => blob.route)).toEqual([expected]);
});
