/** canary/cognito.js against a fake Cognito endpoint: the request it sends and how it reads the answers. */
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signIn } from '../../canary/cognito';

interface Seen {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
let seen: Seen | undefined;
let answer: { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen = {
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
      };
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const credentials = {
  region: 'eu-west-1',
  clientId: 'client123',
  username: 'canary@example.com',
  password: 'S3cret!pw',
};

test('calls InitiateAuth with USER_PASSWORD_AUTH and returns the ID token', async () => {
  answer = { status: 200, body: { AuthenticationResult: { IdToken: 'a.b.c', AccessToken: 'x.y.z', ExpiresIn: 3600 } } };
  await expect(signIn({ ...credentials, endpoint })).resolves.toEqual({ idToken: 'a.b.c', expiresInSeconds: 3600 });
  expect(seen?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
  expect(seen?.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(seen?.headers.authorization).toBeUndefined();
  expect(seen?.body).toEqual({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: 'client123',
    AuthParameters: { USERNAME: 'canary@example.com', PASSWORD: 'S3cret!pw' },
  });
});

test("fails with Cognito's error type and never echoes the password", async () => {
  answer = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } };
  const failure = signIn({ ...credentials, endpoint });
  await expect(failure).rejects.toThrow(
    'Cognito InitiateAuth failed (400 NotAuthorizedException): Incorrect username or password.',
  );
  await expect(failure).rejects.not.toThrow(/S3cret/);
});

test('fails with a pointer to the runbook when Cognito asks for a challenge', async () => {
  answer = { status: 200, body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' } };
  await expect(signIn({ ...credentials, endpoint })).rejects.toThrow(/NEW_PASSWORD_REQUIRED challenge.*--permanent/);
});
