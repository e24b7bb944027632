import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TodoUserPool, TodoUserPoolProps } from '../../../lib/constructs/todo-user-pool';

const POOL = 'AWS::Cognito::UserPool';
const CLIENT = 'AWS::Cognito::UserPoolClient';

function synth(props?: TodoUserPoolProps): Template {
  const stack = new Stack(new App(), 'TestStack');
  new TodoUserPool(stack, 'Users', props);
  return Template.fromStack(stack);
}

const template = synth();
const essentials = synth({ threatProtection: false });

describe('TodoUserPool', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one pool and one client', () => {
    template.resourceCountIs(POOL, 1);
    template.resourceCountIs(CLIENT, 1);
  });

  test('requires 12-character passwords with every character class', () => {
    template.hasResourceProperties(POOL, {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  test('signs users in with their e-mail and verifies it automatically', () => {
    template.hasResourceProperties(POOL, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: Match.arrayWith([Match.objectLike({ Name: 'email', Required: true })]),
    });
  });

  test('lets people sign up themselves', () => {
    template.hasResourceProperties(POOL, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });
  });

  test('recovers accounts by e-mail only', () => {
    template.hasResourceProperties(POOL, {
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  test('offers optional MFA with software tokens only (no SMS)', () => {
    template.hasResourceProperties(POOL, { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  test('uses the Plus plan with threat protection enforced by default', () => {
    template.hasResourceProperties(POOL, {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('uses the Essentials plan without threat protection when threatProtection is false', () => {
    essentials.hasResourceProperties(POOL, { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent() });
  });

  test('protects and retains the pool by default', () => {
    template.hasResource(POOL, {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  test('client authenticates with SRP only (plus refresh tokens)', () => {
    template.hasResourceProperties(CLIENT, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  });

  test('client has no secret (public web client)', () => {
    template.hasResourceProperties(CLIENT, { GenerateSecret: false });
  });

  test('client hides whether a user exists', () => {
    template.hasResourceProperties(CLIENT, { PreventUserExistenceErrors: 'ENABLED' });
  });

  test('client can revoke refresh tokens', () => {
    template.hasResourceProperties(CLIENT, { EnableTokenRevocation: true });
  });

  test('client issues one-hour access and id tokens and 30-day refresh tokens', () => {
    template.hasResourceProperties(CLIENT, {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });
});
