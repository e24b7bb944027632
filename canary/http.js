'use strict';
/**
 * The canary's HTTP client: node:http/node:https, not fetch. With active tracing the Synthetics runtime instruments
 * the http and https modules (not undici's fetch), so every call below becomes an X-Ray subsegment linked to the
 * API Gateway trace. Shared by the deployed canary and the local test: no runtime-only modules here.
 */
const http = require('node:http');
const https = require('node:https');

/** AWS WAF's common rule set blocks requests without a User-Agent; this one also names us in the access log. */
const USER_AGENT = 'todo-canary/1.0 (CloudWatch Synthetics)';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * One request; resolves with the status, headers (lower-case names) and body text for any status, rejects on
 * network errors and timeouts. An object body is sent as JSON.
 * @param {string} method
 * @param {string} url
 * @param {{ headers?: Record<string, string>, body?: unknown, timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number, headers: Record<string, string | string[] | undefined>, text: string }>}
 */
function request(method, url, options = {}) {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    'user-agent': USER_AGENT,
    accept: 'application/json',
    ...(payload === undefined
      ? {}
      : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

module.exports = { request, USER_AGENT };
