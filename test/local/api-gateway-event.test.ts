/**
 * The REST API (v1) proxy event and Lambda context the local gateway and runtime hand the handlers, and the local-only
 * auth.
 */
import type { IncomingMessage } from 'node:http';
import { resolveLocalCaller } from '../../local/gateway/local-auth';
import { localDeployment, proxyRequestOf } from '../../local/gateway/proxy-request';
import { buildLambdaContext } from '../../local/runtime/lambda-context';
import { buildProxyEvent } from '../../local/runtime/proxy-event';
import { findFunction, matchPath } from '../../local/runtime/route-match';
import { fakeJwt } from './http-client';

function request(method: string, rawHeaders: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
  }
  return {
    method,
    httpVersion: '1.1',
    rawHeaders,
    headers,
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
}

function eventFor(method: string, rawPath: string, rawQuery: string, rawHeaders: string[], body: string | Buffer = '') {
  const incoming = request(method, rawHeaders);
  return buildProxyEvent(
    proxyRequestOf(incoming, {
      requestId: 'req-1',
      rawPath,
      rawQuery,
      body: Buffer.isBuffer(body) ? body : Buffer.from(body),
      claims: { sub: 'alice' },
    }),
    localDeployment(incoming, { stage: 'local', listening: 'localhost:3000' }),
  );
}

describe('matchPath', () => {
  test('matches /todos/{id} and percent-decodes the id like API Gateway', () => {
    expect(matchPath('/todos/a%20b%2Fc')).toEqual({ resource: '/todos/{id}', pathParameters: { id: 'a b/c' } });
  });

  test('matches /todos without path parameters and nothing else', () => {
    expect(matchPath('/todos')).toEqual({ resource: '/todos', pathParameters: null });
    expect(matchPath('/todos/')).toBeUndefined();
    expect(matchPath('/todos/a/b')).toBeUndefined();
    expect(matchPath('/')).toBeUndefined();
  });

  test('finds the function of a route from the manifest', () => {
    expect(findFunction('/todos/{id}', 'PUT')?.name).toBe('update-todo');
    expect(findFunction('/todos', 'PATCH')).toBeUndefined();
  });
});

describe('buildProxyEvent', () => {
  const event = eventFor(
    'PATCH',
    '/todos/abc',
    'a=1&a=2&b=x%20y',
    ['Host', 'localhost:3000', 'X-Custom', 'one', 'x-custom', 'two', 'Content-Type', 'application/json'],
    '{"title":"é"}',
  );

  test('keeps header casing: headers has the last value, multiValueHeaders all of them', () => {
    expect(event.headers).toEqual(
      expect.objectContaining({ Host: 'localhost:3000', 'X-Custom': 'two', 'Content-Type': 'application/json' }),
    );
    expect(event.multiValueHeaders).toEqual(expect.objectContaining({ 'X-Custom': ['one', 'two'] }));
  });

  test('adds X-Forwarded-Proto http so the handler builds http:// URLs', () => {
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
  });

  test('decodes query parameters into single- and multi-value maps', () => {
    expect(event.queryStringParameters).toEqual({ a: '2', b: 'x y' });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], b: ['x y'] });
  });

  test('describes the resource, path, method, body and caller like a Cognito-authorized REST API', () => {
    expect(event).toEqual(
      expect.objectContaining({
        resource: '/todos/{id}',
        path: '/todos/abc',
        httpMethod: 'PATCH',
        pathParameters: { id: 'abc' },
        stageVariables: null,
        body: '{"title":"é"}',
        isBase64Encoded: false,
      }),
    );
    expect(event.requestContext).toEqual(
      expect.objectContaining({
        requestId: 'req-1',
        stage: 'local',
        path: '/todos/abc',
        resourcePath: '/todos/{id}',
        httpMethod: 'PATCH',
        domainName: 'localhost:3000',
        authorizer: { claims: { sub: 'alice' } },
        identity: expect.objectContaining({ sourceIp: '127.0.0.1' }),
      }),
    );
    expect(event.requestContext.requestTimeEpoch).toBeGreaterThan(0);
  });

  test('hands on a body that is not UTF-8 base64-encoded, byte for byte, instead of with U+FFFD', () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"t":"\xff\xfe"}
    const binary = eventFor('POST', '/todos', '', ['Host', 'localhost:3000'], bytes);

    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body!, 'base64')).toEqual(bytes);
  });

  test.each([
    ['markup', 'evil.example"><script>'],
    ['a path', 'evil.example/x'],
    ['a user', 'user@evil.example'],
    ['spaces', 'evil example'],
  ])('takes the API domain from the listening address when Host has %s', (_case, host) => {
    const event = eventFor('GET', '/todos', '', ['Host', host]);

    expect(event.requestContext.domainName).toBe('localhost:3000');
  });

  test.each(['localhost:3000', '127.0.0.1:8080', 'dev.example.test', '[::1]:3000'])(
    'keeps a plain Host (%s) as the API domain',
    (host) => {
      expect(eventFor('GET', '/todos', '', ['Host', host]).requestContext.domainName).toBe(host);
    },
  );

  test('uses null for an absent query string, path parameters and body', () => {
    const bare = eventFor('GET', '/todos', '', ['Host', 'localhost']);

    expect(bare.queryStringParameters).toBeNull();
    expect(bare.multiValueQueryStringParameters).toBeNull();
    expect(bare.pathParameters).toBeNull();
    expect(bare.body).toBeNull();
  });
});

describe('buildLambdaContext', () => {
  test('names the function and reports the remaining time like the Lambda runtime', () => {
    const context = buildLambdaContext('get-todo', { stage: 'local' });

    expect(context).toEqual(
      expect.objectContaining({
        functionName: 'todo-local-get-todo',
        invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:todo-local-get-todo$/),
        logGroupName: '/aws/lambda/todo-local-get-todo',
        awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    );
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });
});

describe('resolveLocalCaller (LOCAL-ONLY, signatures unchecked)', () => {
  test('takes the caller from the bearer JWT, claims as strings', () => {
    const result = resolveLocalCaller(`Bearer ${fakeJwt({ sub: 'bob', exp: 123, email_verified: true })}`);

    expect(result).toEqual({ ok: true, claims: { sub: 'bob', exp: '123', email_verified: 'true' } });
  });

  test('acts as local-user without an Authorization header', () => {
    expect(resolveLocalCaller(undefined)).toEqual({ ok: true, claims: expect.objectContaining({ sub: 'local-user' }) });
  });

  test.each([
    ['not a bearer token', 'Basic dXNlcjpwYXNz'],
    ['not a JWT', 'Bearer abc'],
    ['a payload that is not JSON', 'Bearer eyJhbGciOiJub25lIn0.bm90LWpzb24.sig'],
    ['no sub claim', `Bearer ${fakeJwt({ email: 'a@b.c' })}`],
  ])('rejects %s', (_case, header) => {
    expect(resolveLocalCaller(header)).toEqual({ ok: false, detail: expect.any(String) });
  });
});
