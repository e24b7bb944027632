/**
 * The modules lib/config/bundling.ts puts in the Lambda bundles in place of packages (lambda/shared/loading): the
 * environment-only credential provider and the `semver` stand-in.
 */
import { defaultProvider } from '../../lambda/shared/loading/env-credentials';
import { gte } from '../../lambda/shared/loading/semver';

const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
const saved = Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function setCredentials(values: Record<string, string | undefined>): void {
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}

describe('the environment-only credential provider', () => {
  test('returns the credentials Lambda puts in the environment, session token included', async () => {
    setCredentials({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
    });
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  test('fails naming the variables and why there is no fallback when they are missing', async () => {
    setCredentials({ AWS_PROFILE: 'developer' });
    await expect(defaultProvider()()).rejects.toThrow(
      /No AWS credentials in the environment \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\).*environment only/,
    );
  });
});

describe('the semver stand-in', () => {
  test.each([
    ['2.1.0', '2.1.0', true],
    ['2.10.0', '2.9.9', true],
    ['v3.0.1', '2.999.0', true],
    ['2.0.9', '2.1.0', false],
    ['1.12.0-beta', '2.0.0', false],
  ])('gte(%s, %s) is %s', (a, b, expected) => {
    expect(gte(a, b)).toBe(expected);
  });
});
