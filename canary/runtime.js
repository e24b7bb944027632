'use strict';
/**
 * Wiring shared by the deployed canary handlers: configuration from the environment variables CDK sets
 * (lib/synthetics/api-canary.ts), the canary user's credentials from Secrets Manager, Cognito sign-in, and the
 * Synthetics settings. `Synthetics` and `SyntheticsLogger` exist only inside the canary runtime, so the handlers
 * require them and pass them in; nothing here does.
 */
const { signIn } = require('./cognito');

/** Environment variables set by CDK; each must be present. */
const ENV = Object.freeze({
  apiUrl: 'TODO_API_URL',
  secretId: 'CANARY_SECRET_ID',
  clientId: 'USER_POOL_CLIENT_ID',
  region: 'USER_POOL_REGION',
  siteUrl: 'TODO_WEB_URL',
});
/** A cached token is renewed this long before it expires. */
const TOKEN_RENEWAL_MARGIN_MS = 5 * 60_000;

function readConfig(env = process.env) {
  const config = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = env[name];
    if (!value) throw new Error(`Canary misconfigured: environment variable ${name} is not set`);
    config[key] = value;
  }
  return config;
}

/**
 * `{ username, password }` from the secret the stack creates (`username` set by CDK, `password` generated).
 * The AWS SDK v3 ships with the canary's Node.js Lambda runtime; it is required lazily so tests can replace it.
 */
async function readCredentials(secretId) {
  const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = JSON.parse(secret.SecretString ?? '{}');
  if (typeof value.username !== 'string' || typeof value.password !== 'string') {
    throw new Error(`Secret ${secretId} must hold JSON with "username" and "password"`);
  }
  return { username: value.username, password: value.password };
}

/**
 * Token source for the canary user. `fresh()` always signs in (the journey checks sign-in on every run);
 * `cached()` reuses a token while the Lambda environment stays warm (the heartbeat stays a cheap read).
 */
function tokenProvider(config, { now = Date.now } = {}) {
  let cache;
  const fresh = async () => {
    const { username, password } = await readCredentials(config.secretId);
    const { idToken, expiresInSeconds } = await signIn({
      region: config.region,
      clientId: config.clientId,
      username,
      password,
    });
    cache = { token: idToken, renewAt: now() + expiresInSeconds * 1000 - TOKEN_RENEWAL_MARGIN_MS };
    return idToken;
  };
  const cached = async () => (cache && now() < cache.renewAt ? cache.token : fresh());
  return { fresh, cached };
}

/**
 * No browser is used: no screenshots. Per-step SuccessPercent and Duration metrics stay on (the runtime's
 * default, set explicitly because dashboards and runbooks rely on them). The first failed step ends the run.
 * Request and response details stay out of the artifacts: they would carry the bearer token.
 */
function configureSynthetics(synthetics) {
  synthetics.getConfiguration().setConfig({
    continueOnStepFailure: false,
    stepSuccessMetric: true,
    stepDurationMetric: true,
    screenshotOnStepStart: false,
    screenshotOnStepSuccess: false,
    screenshotOnStepFailure: false,
    includeRequestHeaders: false,
    includeResponseHeaders: false,
    includeRequestBody: false,
    includeResponseBody: false,
    restrictedHeaders: ['authorization'],
  });
}

module.exports = { ENV, readConfig, readCredentials, tokenProvider, configureSynthetics };
