/**
 * The built web client on its own origin, with a runtime config and CSP of the test's choosing: how CloudFront
 * serves it in the cloud (the API on another origin), for the browser tests of sign-in and RUM.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildWebClient } from '../../../web/build';
import { WEB_SECURITY_HEADERS, webContentSecurityPolicy } from '../../../web/site-layout';
import type { WebRuntimeConfig } from '../../../web/src/runtime-config';

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export async function serveSite(config: WebRuntimeConfig, connectSources: readonly string[]): Promise<StaticSite> {
  const files = new Map(buildWebClient().files);
  files.set('config.json', new TextEncoder().encode(JSON.stringify(config)));
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    const body = files.get(name);
    response.writeHead(body === undefined ? 404 : 200, {
      'Content-Type': TYPES[path.extname(name)] ?? 'text/plain',
      'Content-Security-Policy': webContentSecurityPolicy(connectSources),
      ...WEB_SECURITY_HEADERS,
    });
    response.end(body ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
