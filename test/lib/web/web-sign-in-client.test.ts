import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { WebSignInClient } from '../../../lib/web/web-sign-in-client';

const CLIENT = 'AWS::Cognito::UserPoolClient';
const SITE = 'https://d111111abcdef8.cloudfront.net/';

const stack = new Stack(new App(), 'TestStack');
const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_TEST');
const signIn = new WebSignInClient(stack, 'SignIn', { userPool, clientName: 'todo-test-web', siteUrl: SITE });
const template = Template.fromStack(stack);

describe('WebSignInClient', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('a public client (no secret) using the authorization code grant with OpenID scopes', () => {
    template.resourceCountIs(CLIENT, 1);
    template.hasResourceProperties(CLIENT, {
      UserPoolId: 'eu-west-1_TEST',
      ClientName: 'todo-test-web',
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(signIn.scopes).toEqual(['openid', 'email']);
  });

  test('redirects only to the site itself after sign-in and sign-out', () => {
    template.hasResourceProperties(CLIENT, { CallbackURLs: [SITE], LogoutURLs: [SITE] });
  });

  test('no password flows through the app: only refresh tokens', () => {
    template.hasResourceProperties(CLIENT, { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] });
  });

  test('hides whether a user exists and can revoke refresh tokens', () => {
    template.hasResourceProperties(CLIENT, { PreventUserExistenceErrors: 'ENABLED', EnableTokenRevocation: true });
  });

  test('one-hour ID and access tokens, 12-hour refresh tokens', () => {
    template.hasResourceProperties(CLIENT, {
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  test('has the Cognito-provided managed-login style, without which managed login shows no page', () => {
    const [clientId] = Object.keys(template.findResources(CLIENT));
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: 'eu-west-1_TEST',
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    });
  });
});
