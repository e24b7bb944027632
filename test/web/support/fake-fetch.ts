/** A scripted fetch for the web client's unit tests: records every call and answers from a queue or a handler. */

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly credentials: RequestCredentials | undefined;
}

export type Responder = (call: RecordedCall) => Response | Promise<Response>;

export interface FakeFetch {
  (input: string, init?: RequestInit): Promise<Response>;
  readonly calls: RecordedCall[];
}

/** Answers each call with the next responder of `script` (the last one repeats). */
export function fakeFetch(...script: Responder[]): FakeFetch {
  const calls: RecordedCall[] = [];
  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const call: RecordedCall = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    const responder = script[Math.min(calls.length - 1, script.length - 1)];
    if (responder === undefined) {
      throw new Error(`unexpected fetch ${call.method} ${call.url}`);
    }
    return responder(call);
  };
  return Object.assign(fetch, { calls });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function problemResponse(status: number, title: string, detail: string): Response {
  return new Response(
    JSON.stringify({ type: 'https://example.com/problems/x', title, status, detail, requestId: 'req-1' }),
    {
      status,
      headers: { 'Content-Type': 'application/problem+json' },
    },
  );
}

export const noContent = (): Response => new Response(null, { status: 204 });

export const networkFailure = (): never => {
  throw new TypeError('Failed to fetch');
};

/** An in-memory Storage. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** An unsigned JWT with the given claims (the client never verifies signatures). */
export function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', kid: 'test' })}.${encode(claims)}.c2ln`;
}
