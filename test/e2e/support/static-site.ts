/**
 * The built web client on its own origin, with a runtime config and CSP of the test's choosing: how CloudFront
 * serves it in the cloud (the API on another origin), for the browser tests of sign-in and RUM. Served by the same
 * code as `npm start`'s site.
 */
import { createServer } from 'node:http';
import { createWebClient } from '../../../local/web-client';
import type { WebRuntimeConfig } from '../../../web/src/runtime-config';
import { listenOnLoopback, LoopbackServer } from '../../support/loopback-server';

export type StaticSite = LoopbackServer;

export async function serveSite(config: WebRuntimeConfig, connectSources: readonly string[]): Promise<StaticSite> {
  const site = createWebClient({ runtimeConfig: config, connectSources });
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!site.handle(request.method ?? 'GET', pathname, response)) {
      response.writeHead(404).end('not found');
    }
  });
  return listenOnLoopback(server);
}
