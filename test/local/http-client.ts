/** Small helpers for the HTTP tests against the local server. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

/** An unsigned-looking JWT the local server accepts (it never verifies signatures). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'local' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

/** A fresh caller, so each test owns its todos. */
export function newUser(): { sub: string; authorization: string } {
  const sub = `user-${randomUUID()}`;
  return { sub, authorization: `Bearer ${fakeJwt({ sub, token_use: 'id', 'cognito:username': sub })}` };
}

export interface Todo {
  readonly url: string;
  readonly title: string;
  readonly completed: boolean;
  readonly order?: number;
  readonly [key: string]: unknown;
}

export async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from ${response.url} (${response.status}), got: ${text.slice(0, 200)}`);
  }
}

/** Whether a server could listen on `port` on the loopback address now (so nothing holds it). */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
