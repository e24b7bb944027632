/**
 * The deployed handlers' wiring, with the runtime-only modules replaced: `Synthetics`, `SyntheticsLogger` and the
 * AWS SDK's Secrets Manager client (virtual mocks), Cognito sign-in (mocked); the journey runs for real against
 * the local server.
 */
import { LocalServer, startLocalServer } from '../../local/server';
import { fakeJwt } from '../local/http-client';
import { localSynthetics } from './synthetics-shim';

const shim = localSynthetics();
const setConfig = jest.fn();
const send = jest.fn();
const signIn = jest.fn();

jest.mock('Synthetics', () => ({ ...shim, getConfiguration: () => ({ setConfig }) }), { virtual: true });
jest.mock('SyntheticsLogger', () => ({ info: jest.fn(), warn: jest.fn() }), { virtual: true });
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: jest.fn(() => ({ send })),
    GetSecretValueCommand: jest.fn((input: unknown) => ({ input })),
  }),
  { virtual: true },
);
jest.mock('../../canary/cognito', () => ({ signIn }));

let server: LocalServer;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  server = await startLocalServer({ port: 0 });
  Object.assign(process.env, {
    TODO_API_URL: `${server.url}/`,
    TODO_WEB_URL: `${server.url}/`,
    CANARY_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:todo-dev-canary-AbCdEf',
    USER_POOL_CLIENT_ID: 'canary-client',
    USER_POOL_REGION: 'eu-west-1',
  });
  send.mockResolvedValue({ SecretString: JSON.stringify({ username: 'canary@todo.invalid', password: 'pw' }) });
  signIn.mockImplementation(async () => ({
    idToken: fakeJwt({ sub: 'canary-sub', token_use: 'id' }),
    expiresInSeconds: 3600,
  }));
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  shim.steps.length = 0;
  jest.clearAllMocks();
});

test('journey handler: signs in with the secret and the env config, then walks every step', async () => {
  const { handler } = jest.requireActual<{ handler: () => Promise<void> }>('../../canary/journey-canary');
  await handler();
  expect(send).toHaveBeenCalledWith({ input: { SecretId: process.env.CANARY_SECRET_ID } });
  expect(signIn).toHaveBeenCalledWith({
    region: 'eu-west-1',
    clientId: 'canary-client',
    username: 'canary@todo.invalid',
    password: 'pw',
  });
  expect(shim.steps.filter((s) => s.passed)).toHaveLength(8);
});

test('journey handler: signs in afresh on every run', async () => {
  const { handler } = jest.requireActual<{ handler: () => Promise<void> }>('../../canary/journey-canary');
  await handler();
  await handler();
  expect(signIn).toHaveBeenCalledTimes(2);
});

test('handlers: keep step metrics on, screenshots and request details off, stop at the first failed step', async () => {
  const { handler } = jest.requireActual<{ handler: () => Promise<void> }>('../../canary/heartbeat-canary');
  await handler();
  expect(setConfig).toHaveBeenCalledWith(
    expect.objectContaining({
      continueOnStepFailure: false,
      stepSuccessMetric: true,
      stepDurationMetric: true,
      screenshotOnStepFailure: false,
      includeRequestHeaders: false,
      restrictedHeaders: ['authorization'],
    }),
  );
});

test('heartbeat handler: reuses the token while it is valid', async () => {
  const { handler } = jest.requireActual<{ handler: () => Promise<void> }>('../../canary/heartbeat-canary');
  await handler();
  await handler();
  expect(signIn.mock.calls.length).toBeLessThanOrEqual(1);
  const run = ['sign-in:true', 'list:true', 'web-page:true', 'web-assets:true', 'web-config:true'];
  expect(shim.steps.map((s) => `${s.name}:${s.passed}`)).toEqual([...run, ...run]);
});

test('handlers: fail clearly when an environment variable is missing', async () => {
  const { readConfig } = jest.requireActual<typeof import('../../canary/runtime')>('../../canary/runtime');
  expect(() => readConfig({ TODO_API_URL: 'https://x' })).toThrow(
    'Canary misconfigured: environment variable CANARY_SECRET_ID is not set',
  );
  const withoutSite = { ...process.env, TODO_WEB_URL: undefined };
  expect(() => readConfig(withoutSite)).toThrow('Canary misconfigured: environment variable TODO_WEB_URL is not set');
});
