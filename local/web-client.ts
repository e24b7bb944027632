/**
 * The web client for `npm start`: built in memory on the first page request (web/build.ts), served with the
 * production caching and security headers, and with a runtime config for the local API (same origin, no sign-in,
 * no RUM). Only GET and HEAD of the site's paths are handled; everything else goes on to the API emulation.
 */
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';
import { buildWebClient, type WebBuildOutput } from '../web/build';
import {
  WEB_ASSETS_PREFIX,
  WEB_CACHE_CONTROL_IMMUTABLE,
  WEB_CACHE_CONTROL_REVALIDATE,
  WEB_ENTRY_DOCUMENT,
  WEB_FAVICON,
  WEB_RUNTIME_CONFIG_FILE,
  WEB_SECURITY_HEADERS,
  webContentSecurityPolicy,
} from '../web/site-layout';
import type { WebRuntimeConfig } from '../web/src/runtime-config';

/** The runtime config of the local app: the API on the same origin, no sign-in (local-auth.ts), no RUM. */
export const LOCAL_WEB_RUNTIME_CONFIG: WebRuntimeConfig = { apiUrl: '', auth: { mode: 'none' }, rum: null };

/** Content types of the files the build writes, by extension. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface WebClient {
  /**
   * Answers `method rawPath` when it is a GET or HEAD of the site (`/`, `/index.html`, `/favicon.svg`,
   * `/config.json`, `/assets/*`); returns false for anything else, which the caller handles.
   */
  handle(method: string, rawPath: string, response: ServerResponse): boolean;
}

export interface WebClientOptions {
  /** @default the local config: the API on the same origin, no sign-in, no RUM */
  readonly runtimeConfig?: WebRuntimeConfig;
  /** Origins the page may call besides its own (CSP `connect-src`). @default none */
  readonly connectSources?: readonly string[];
}

/** The build is deterministic: one per process serves every server (the local one, the browser tests' sites). */
let sharedBuild: WebBuildOutput | undefined;

export function createWebClient(options: WebClientOptions = {}): WebClient {
  const config = new TextEncoder().encode(
    `${JSON.stringify(options.runtimeConfig ?? LOCAL_WEB_RUNTIME_CONFIG, null, 2)}\n`,
  );
  const csp = webContentSecurityPolicy(options.connectSources);
  const send = (response: ServerResponse, method: string, status: number, name: string, body: Uint8Array): void => {
    const immutable = status === 200 && name.startsWith(WEB_ASSETS_PREFIX);
    response.writeHead(status, {
      'Content-Type': CONTENT_TYPES[path.extname(name)] ?? 'text/plain; charset=utf-8',
      'Content-Length': String(body.byteLength),
      'Cache-Control': immutable ? WEB_CACHE_CONTROL_IMMUTABLE : WEB_CACHE_CONTROL_REVALIDATE,
      'Content-Security-Policy': csp,
      ...WEB_SECURITY_HEADERS,
    });
    response.end(method === 'HEAD' ? undefined : body);
  };

  return {
    handle(method, rawPath, response) {
      if (method !== 'GET' && method !== 'HEAD') {
        return false;
      }
      const name = siteFile(rawPath);
      if (name === undefined) {
        return false;
      }
      if (name === WEB_RUNTIME_CONFIG_FILE) {
        send(response, method, 200, name, config);
        return true;
      }
      let built: WebBuildOutput;
      try {
        built = sharedBuild ??= buildWebClient(); // a failed build is retried on the next request
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        console.error(JSON.stringify({ level: 'ERROR', message: 'the web client build failed', errorMessage: detail }));
        send(response, method, 500, 'error.txt', new TextEncoder().encode(`The web client build failed:\n${detail}\n`));
        return true;
      }
      const bytes = built.files.get(name);
      if (bytes === undefined) {
        send(response, method, 404, 'error.txt', new TextEncoder().encode(`Not found: ${rawPath}\n`));
      } else {
        send(response, method, 200, name, bytes);
      }
      return true;
    },
  };
}

/** The site file a request path names, or undefined when the path is not the site's. */
function siteFile(rawPath: string): string | undefined {
  if (rawPath === '/' || rawPath === `/${WEB_ENTRY_DOCUMENT}`) {
    return WEB_ENTRY_DOCUMENT;
  }
  if (rawPath === `/${WEB_FAVICON}` || rawPath === `/${WEB_RUNTIME_CONFIG_FILE}`) {
    return rawPath.slice(1);
  }
  return rawPath.startsWith(`/${WEB_ASSETS_PREFIX}`) ? rawPath.slice(1) : undefined;
}
