'use strict';
/**
 * Signs the canary user in with Cognito's USER_PASSWORD_AUTH flow (InitiateAuth). InitiateAuth is an
 * unauthenticated API (no SigV4, no IAM permission): a JSON POST to the regional endpoint is all it takes.
 */
const { request } = require('./http');

/**
 * @param {{ region: string, clientId: string, username: string, password: string, endpoint?: string }} options
 *   `endpoint` defaults to `https://cognito-idp.<region>.amazonaws.com/`.
 * @returns {Promise<{ idToken: string, expiresInSeconds: number }>} the ID token (what the API's Cognito
 *   authorizer verifies) and its lifetime.
 */
async function signIn({ region, clientId, username, password, endpoint }) {
  const url = endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`;
  const response = await request('POST', url, {
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  let body;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new Error(`Cognito InitiateAuth answered ${response.status} with a non-JSON body`);
  }
  if (response.status !== 200) {
    // Never echo the request: it holds the password. Cognito's error type and message name the cause.
    const type = String(body.__type ?? 'UnknownError')
      .split('#')
      .pop();
    throw new Error(`Cognito InitiateAuth failed (${response.status} ${type}): ${body.message ?? body.Message ?? ''}`);
  }
  if (body.ChallengeName) {
    throw new Error(
      `Cognito InitiateAuth asked for the ${body.ChallengeName} challenge: the canary user must have a permanent ` +
        'password and no MFA (admin-set-user-password --permanent); see the runbook',
    );
  }
  const idToken = body.AuthenticationResult?.IdToken;
  if (typeof idToken !== 'string') throw new Error('Cognito InitiateAuth returned no IdToken');
  return { idToken, expiresInSeconds: Number(body.AuthenticationResult.ExpiresIn ?? 3600) };
}

module.exports = { signIn };
