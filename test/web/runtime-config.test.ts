import { parseRuntimeConfig, WebRuntimeConfig } from '../../web/src/runtime-config';

const COGNITO = {
  mode: 'cognito',
  domainUrl: 'https://todo-prod-123456789012.auth.eu-west-1.amazoncognito.com',
  clientId: '4abcdefghijklmnopqrstuvwx1',
  scopes: ['openid', 'email'],
} as const;
const RUM = {
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  applicationVersion: '1.4.2',
  region: 'eu-west-1',
  identityPoolId: 'eu-west-1:7c9e6679-7425-40de-944b-e07fc1f90ae7',
  endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com',
  sessionSampleRate: 0.5,
} as const;
const CLOUD: WebRuntimeConfig = {
  apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
  auth: COGNITO,
  rum: RUM,
};

/** The config with `path` (dotted) set to `value` (undefined deletes it). */
function withField(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(CLOUD)) as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  const target: Record<string, unknown> = tail === undefined ? copy : copy[head];
  const key = tail ?? head;
  if (value === undefined) delete target[key];
  else target[key] = value;
  return copy;
}

describe('parseRuntimeConfig accepts', () => {
  test('the cloud config (API URL, Cognito, RUM) unchanged', () => {
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(CLOUD)))).toEqual(CLOUD);
  });

  test('the local config: same-origin API, no auth, RUM off', () => {
    expect(parseRuntimeConfig({ apiUrl: '', auth: { mode: 'none' }, rum: null })).toEqual({
      apiUrl: '',
      auth: { mode: 'none' },
      rum: null,
    });
  });

  test('an absent rum as RUM off', () => {
    expect(parseRuntimeConfig({ apiUrl: '', auth: { mode: 'none' } }).rum).toBeNull();
  });

  test('a sample rate of 0 and of 1, and a local http API URL', () => {
    expect(parseRuntimeConfig(withField('rum.sessionSampleRate', 0)).rum?.sessionSampleRate).toBe(0);
    expect(parseRuntimeConfig(withField('rum.sessionSampleRate', 1)).rum?.sessionSampleRate).toBe(1);
    expect(parseRuntimeConfig(withField('apiUrl', 'http://localhost:3000')).apiUrl).toBe('http://localhost:3000');
  });
});

describe('parseRuntimeConfig fails naming the field and what is allowed when', () => {
  test.each<[string, unknown, RegExp]>([
    ['the config is not an object', [], /config must be a JSON object; got \[\]/],
    ['the config is null', null, /config must be a JSON object; got null/],
    [
      'apiUrl is missing',
      withField('apiUrl', undefined),
      /apiUrl must be '' \(same origin\) or an https URL.*got nothing/,
    ],
    [
      'apiUrl has a trailing slash',
      withField('apiUrl', 'https://api.example.com/prod/'),
      /apiUrl must be .*trailing slash.*got "https:\/\/api\.example\.com\/prod\/"/,
    ],
    ['apiUrl is plain http', withField('apiUrl', 'http://api.example.com'), /apiUrl must be .*http only for localhost/],
    ['apiUrl has a query', withField('apiUrl', 'https://api.example.com?x=1'), /apiUrl must be/],
    ['apiUrl is not a string', withField('apiUrl', 42), /apiUrl must be .*; got 42/],
    [
      'a top-level field is unknown',
      withField('apiURL', 'x'),
      /unknown field apiURL; allowed in config: apiUrl, auth, rum/,
    ],
    ['auth is missing', withField('auth', undefined), /auth must be a JSON object; got nothing/],
    ['auth.mode is unknown', withField('auth', { mode: 'saml' }), /auth\.mode must be 'none' or 'cognito'; got "saml"/],
    [
      'auth none carries Cognito fields',
      withField('auth', { mode: 'none', clientId: 'x' }),
      /unknown field auth\.clientId; allowed in auth: mode/,
    ],
    [
      'auth.domainUrl has a path',
      withField('auth.domainUrl', 'https://x.auth.eu-west-1.amazoncognito.com/login'),
      /auth\.domainUrl must be the https URL of the Cognito hosted UI domain/,
    ],
    [
      'auth.domainUrl is http',
      withField('auth.domainUrl', 'http://x.auth.eu-west-1.amazoncognito.com'),
      /auth\.domainUrl must be/,
    ],
    [
      'auth.clientId is empty',
      withField('auth.clientId', ''),
      /auth\.clientId must be a non-empty app client id .*; got ""/,
    ],
    [
      'auth.scopes is empty',
      withField('auth.scopes', []),
      /auth\.scopes must be a non-empty array of OAuth scope strings/,
    ],
    [
      'a scope has a space',
      withField('auth.scopes', ['openid email']),
      /auth\.scopes must be a non-empty array of OAuth scope strings without spaces/,
    ],
    ['auth.scopes lacks openid', withField('auth.scopes', ['email']), /auth\.scopes must be a list including 'openid'/],
    ['rum is not an object', withField('rum', 'on'), /rum must be a JSON object; got "on"/],
    [
      'rum.applicationId is not a UUID',
      withField('rum.applicationId', 'todo-prod'),
      /rum\.applicationId must be the app monitor id \(a lowercase UUID\); got "todo-prod"/,
    ],
    [
      'rum.applicationVersion is empty',
      withField('rum.applicationVersion', ''),
      /rum\.applicationVersion must be a non-empty version string/,
    ],
    [
      'rum.region is not a region',
      withField('rum.region', 'Ireland'),
      /rum\.region must be an AWS region such as eu-west-1; got "Ireland"/,
    ],
    [
      'rum.identityPoolId is in another region',
      withField('rum.identityPoolId', 'us-east-1:7c9e6679-7425-40de-944b-e07fc1f90ae7'),
      /rum\.identityPoolId must be a Cognito identity pool id in eu-west-1/,
    ],
    [
      'rum.endpoint is not https',
      withField('rum.endpoint', 'http://dataplane.rum.eu-west-1.amazonaws.com'),
      /rum\.endpoint must be the https URL of the RUM data plane/,
    ],
    [
      'rum.sessionSampleRate is above 1',
      withField('rum.sessionSampleRate', 1.5),
      /rum\.sessionSampleRate must be a number from 0 to 1; got 1\.5/,
    ],
    [
      'rum.sessionSampleRate is a string',
      withField('rum.sessionSampleRate', '0.5'),
      /rum\.sessionSampleRate must be a number from 0 to 1; got "0\.5"/,
    ],
    [
      'rum has a guestRoleArn (basic auth flow)',
      withField('rum.guestRoleArn', 'arn:aws:iam::1:role/x'),
      /unknown field rum\.guestRoleArn/,
    ],
  ])('%s', (_what, value, message) => {
    expect(() => parseRuntimeConfig(value)).toThrow(message);
  });

  test('every message starts with "Invalid runtime config"', () => {
    expect(() => parseRuntimeConfig(withField('rum.region', 'x'))).toThrow(/^Invalid runtime config: /);
  });
});
