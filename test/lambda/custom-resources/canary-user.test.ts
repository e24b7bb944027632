/**
 * The canary-user custom resource against fakes of its two AWS calls (Cognito and Secrets Manager can't run
 * locally): what it sends for each request type, and how it treats "already there" and "already gone".
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { canaryUserHandler } from '../../../lambda/custom-resources/canary-user';

const POOL = 'eu-west-1_TESTPOOL';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:todo-test/canary-user-AbCdEf';
const USER = 'canary@todo-test.invalid';
const PASSWORD = 'S3cret!-password-of-32-characters';

interface Sent {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

function fakes(options: { secret?: string; cognitoError?: (name: string) => Error | undefined } = {}) {
  const sent: Sent[] = [];
  const record = (command: { constructor: { name: string }; input: unknown }) =>
    sent.push({ name: command.constructor.name, input: command.input as Record<string, unknown> });
  const secrets = {
    send: async (command: GetSecretValueCommand) => {
      record(command);
      return { SecretString: options.secret ?? JSON.stringify({ username: USER, password: PASSWORD }) };
    },
  } as unknown as Pick<SecretsManagerClient, 'send'>;
  const cognito = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      record(command);
      const error = options.cognitoError?.(command.constructor.name);
      if (error) throw error;
      return {};
    },
  } as unknown as Pick<CognitoIdentityProviderClient, 'send'>;
  return { sent, handler: canaryUserHandler({ secrets, cognito }) };
}

function event(requestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/todo-test-monitoring/1',
    RequestId: 'request-1',
    LogicalResourceId: 'CanaryUser',
    ResourceType: 'Custom::CanaryUser',
    ResourceProperties: { ServiceToken: 'x', UserPoolId: POOL, SecretId: SECRET },
    ...(requestType === 'Create'
      ? {}
      : {
          PhysicalResourceId: `${POOL}/${USER}`,
          OldResourceProperties: { ServiceToken: 'x', UserPoolId: POOL, SecretId: SECRET },
        }),
  } as CloudFormationCustomResourceEvent;
}

describe('canary user custom resource', () => {
  test('create: reads the secret, creates the verified user without an invitation, sets the password permanently', async () => {
    const { sent, handler } = fakes();
    const response = await handler(event('Create'));
    expect(sent).toEqual([
      { name: GetSecretValueCommand.name, input: { SecretId: SECRET } },
      {
        name: AdminCreateUserCommand.name,
        input: {
          UserPoolId: POOL,
          Username: USER,
          UserAttributes: [
            { Name: 'email', Value: USER },
            { Name: 'email_verified', Value: 'true' },
          ],
          MessageAction: 'SUPPRESS',
        },
      },
      {
        name: AdminSetUserPasswordCommand.name,
        input: { UserPoolId: POOL, Username: USER, Password: PASSWORD, Permanent: true },
      },
    ]);
    expect(response).toEqual({ PhysicalResourceId: `${POOL}/${USER}`, Data: { Username: USER } });
  });

  test('update of an existing user (e.g. after the runbook created it): re-syncs the password', async () => {
    const exists = new UsernameExistsException({ message: 'User account already exists', $metadata: {} });
    const { sent, handler } = fakes({
      cognitoError: (name) => (name === AdminCreateUserCommand.name ? exists : undefined),
    });
    await expect(handler(event('Update'))).resolves.toEqual({
      PhysicalResourceId: `${POOL}/${USER}`,
      Data: { Username: USER },
    });
    expect(sent.map((s) => s.name)).toEqual([
      GetSecretValueCommand.name,
      AdminCreateUserCommand.name,
      AdminSetUserPasswordCommand.name,
    ]);
  });

  test('delete: deletes the user; one that is already gone is fine', async () => {
    const { sent, handler } = fakes();
    await expect(handler(event('Delete'))).resolves.toEqual({
      PhysicalResourceId: `${POOL}/${USER}`,
      Data: { Username: USER },
    });
    expect(sent.at(-1)).toEqual({ name: AdminDeleteUserCommand.name, input: { UserPoolId: POOL, Username: USER } });

    const gone = new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });
    const again = fakes({ cognitoError: (name) => (name === AdminDeleteUserCommand.name ? gone : undefined) });
    await expect(again.handler(event('Delete'))).resolves.toEqual({
      PhysicalResourceId: `${POOL}/${USER}`,
      Data: { Username: USER },
    });
    expect(again.sent.map((s) => s.name)).toEqual([AdminDeleteUserCommand.name]);
  });

  test('delete after a create that failed early (no user in the physical id) calls nothing', async () => {
    const { sent, handler } = fakes();
    const failed = { ...event('Delete'), PhysicalResourceId: 'request-1' } as CloudFormationCustomResourceEvent;
    await expect(handler(failed)).resolves.toEqual({ PhysicalResourceId: 'request-1', Data: { Username: '' } });
    expect(sent).toEqual([]);
  });

  test('any other Cognito error fails the deployment (and says why)', async () => {
    const denied = new Error('AccessDeniedException: not authorized');
    const { handler } = fakes({
      cognitoError: (name) => (name === AdminSetUserPasswordCommand.name ? denied : undefined),
    });
    await expect(handler(event('Create'))).rejects.toThrow('AccessDeniedException');
  });

  test('a secret without string username and password fails clearly, without echoing it', async () => {
    const { handler } = fakes({ secret: JSON.stringify({ username: USER, password: 42 }) });
    const error = (await handler(event('Create')).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`CanaryUser: secret ${SECRET} must hold JSON with string "username" and "password"`);
    const notJson = fakes({ secret: 'password=hunter2' });
    const message = ((await notJson.handler(event('Create')).catch((e: unknown) => e)) as Error).message;
    expect(message).not.toContain('hunter2');
  });

  test('missing properties fail before any call', async () => {
    const { sent, handler } = fakes();
    const bad = { ...event('Create'), ResourceProperties: { ServiceToken: 'x', UserPoolId: '', SecretId: SECRET } };
    await expect(handler(bad as CloudFormationCustomResourceEvent)).rejects.toThrow(
      'CanaryUser: the properties UserPoolId and SecretId must be non-empty strings',
    );
    expect(sent).toEqual([]);
  });
});
