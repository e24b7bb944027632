/**
 * What the local gateway takes from an HTTP request for the handler's event: the request as sent, and the API's
 * domain. In the cloud the domain is the API's own; here it is the `Host` the client used when that is a plain
 * `host[:port]`, else the address the server listens on, so no header value ever reaches a URL the handler builds.
 */
import type { IncomingMessage } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../dynamodb/local-dynamodb';
import type { ApiDeployment, ProxyRequest } from '../runtime/proxy-event';

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

const isValidHost = (value: string | undefined): value is string => value !== undefined && HOST.test(value);

export interface LocalApi {
  readonly stage: string;
  /** `host:port` the server listens on, e.g. `localhost:3000`. */
  readonly listening: string;
}

export function localDeployment(request: IncomingMessage, api: LocalApi): ApiDeployment {
  const host = request.headers.host;
  return {
    domainName: isValidHost(host) ? host : api.listening,
    stage: api.stage,
    // No stage in local paths: the handler's URL prefix (requestContext.path minus path) is ''.
    stagePath: '',
    accountId: LOCAL_ACCOUNT_ID,
    apiId: 'local',
  };
}

export interface RequestParts {
  readonly requestId: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly body: Buffer;
  readonly claims: Record<string, string>;
}

export function proxyRequestOf(request: IncomingMessage, parts: RequestParts): ProxyRequest {
  const raw = request.rawHeaders;
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) {
    headers.push([raw[i], raw[i + 1]]);
  }
  return {
    method: request.method ?? 'GET',
    path: parts.rawPath,
    query: parts.rawQuery,
    headers,
    body: parts.body,
    claims: parts.claims,
    requestId: parts.requestId,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${request.httpVersion}`,
  };
}
