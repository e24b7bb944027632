/**
 * A tiny HTTP proxy in front of the local server that can break one kind of response, to prove the canary notices.
 * The Host header is passed through, so the todo URLs the API builds from it point at the proxy and every later
 * request of the journey goes through the proxy too.
 */
import { createServer, IncomingMessage, request as httpRequest } from 'node:http';
import { listenOnLoopback, LoopbackServer } from '../support/loopback-server';

export interface ProxiedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
}

/** Returns the response to send instead, or undefined to pass the upstream response through. */
export type Breakage = (request: IncomingMessage, response: ProxiedResponse) => ProxiedResponse | undefined;

export type BreakingProxy = LoopbackServer;

/**
 * @param rewritePath changes the path (and query) of each request on its way upstream, e.g. to force small pages.
 */
export async function startBreakingProxy(
  upstream: string,
  breakage: Breakage,
  rewritePath: (path: string) => string = (path) => path,
): Promise<BreakingProxy> {
  const target = new URL(upstream);
  const server = createServer((request, response) => {
    const upstreamRequest = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: rewritePath(request.url ?? '/'),
        headers: { ...request.headers, connection: 'close' },
      },
      (upstreamResponse) => {
        const chunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamResponse.on('end', () => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(upstreamResponse.headers)) {
            if (value !== undefined && !['content-length', 'transfer-encoding', 'connection'].includes(name)) {
              headers[name] = value;
            }
          }
          const proxied = {
            status: upstreamResponse.statusCode ?? 502,
            headers,
            body: Buffer.concat(chunks).toString(),
          };
          const sent = breakage(request, proxied) ?? proxied;
          response.writeHead(sent.status, sent.headers);
          response.end(sent.body);
        });
      },
    );
    upstreamRequest.on('error', (error) => {
      response.writeHead(502);
      response.end(String(error));
    });
    request.pipe(upstreamRequest);
  });
  return listenOnLoopback(server);
}
