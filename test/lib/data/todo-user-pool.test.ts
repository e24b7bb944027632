import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TodoUserPool, TodoUserPoolProps } from '../../../lib/data/todo-user-pool';

const POOL = 'AWS::Cognito::UserPool';
const CLIENT = 'AWS::Cognito::UserPoolClient';
const DOMAIN = 'AWS::Cognito::UserPoolDomain';

function synth(props: Partial<TodoUserPoolProps> = {}): Template {
  const stack = new Stack(new App(), 'TestStack');
  new TodoUserPool(stack, 'Users', { signInDomainPrefix: 'todo-test-sign-in', ...props });
  return Template.fromStack(stack);
}

const template = synth();
const essentials = synth({ threatProtection: false });

describe('TodoUserPool', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one pool and no app client (clients live with their apps)', () => {
    template.resourceCountIs(POOL, 1);
    template.resourceCountIs(CLIENT, 0);
  });

  test('signs users in through managed login (version 2) on the given domain prefix', () => {
    template.resourceCountIs(DOMAIN, 1);
    template.hasResourceProperties(DOMAIN, {
      Domain: 'todo-test-sign-in',
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: Match.stringLikeRegexp('^UsersUserPool') },
    });
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
});
