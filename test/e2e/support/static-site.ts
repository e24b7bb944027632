/**
 * The built web client on its own origin, with a runtime config and CSP of the test's choosing: how CloudFront
 * serves it in the cloud (the API on another origin), for the browser tests of sign-in and RUM.
 */
import { createServer } from 'node:http';
import * as path from 'node:path';
import { CONTENT_TYPES } from '../../../local/web-client';
import { buildWebClient } from '../../../web/build';
import { listenOnLoopback, LoopbackServer } from '../../support/loopback-server';
import { WEB_SECURITY_HEADERS, webContentSecurityPolicy } from '../../../web/site-layout';
import type { WebRuntimeConfig } from '../../../web/src/runtime-config';

export type StaticSite = LoopbackServer;

export async function serveSite(config: WebRuntimeConfig, connectSources: readonly string[]): Promise<StaticSite> {
  const files = new Map(buildWebClient().files);
  files.set('config.json', new TextEncoder().encode(JSON.stringify(config)));
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    const body = files.get(name);
    response.writeHead(body === undefined ? 404 : 200, {
      'Content-Type': CONTENT_TYPES[path.extname(name)] ?? 'text/plain',
      'Content-Security-Policy': webContentSecurityPolicy(connectSources),
      ...WEB_SECURITY_HEADERS,
    });
    response.end(body ?? 'not found');
  });
  return listenOnLoopback(server);
}
