/**
 * Custom resource (this Lambda is the service token): the Cognito user the API canaries sign in as, created from the
 * credentials secret the monitoring stack generates, so a first deploy needs no manual step and the canary page does
 * not fire. The password is read here, never passed through CloudFormation (dynamic references to secrets don't
 * resolve in custom resource properties, and it would show in the template and events).
 *
 *   Create/Update: create the user (e-mail verified, no invitation) unless it exists, then set the secret's password
 *                  as permanent: an update re-syncs a password rotated in the secret.
 *   Delete:        delete the user named by the physical id (gone already is fine; no secret needed).
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
import { CustomResourceResult, respondingTo } from './cloudformation-response';

export interface CanaryUserProperties {
  readonly UserPoolId: string;
  readonly SecretId: string;
}

export interface CanaryUserResponse extends CustomResourceResult {
  readonly Data: { readonly Username: string };
}

/** The two service clients, injectable for the tests. */
export interface CanaryUserClients {
  readonly secrets: Pick<SecretsManagerClient, 'send'>;
  readonly cognito: Pick<CognitoIdentityProviderClient, 'send'>;
}

export function canaryUserHandler(clients: CanaryUserClients) {
  return async (event: CloudFormationCustomResourceEvent): Promise<CanaryUserResponse> => {
    const { UserPoolId, SecretId } = properties(event.ResourceProperties);

    if (event.RequestType === 'Delete') {
      // The user is named by the physical id: deleting needs no secret, which may already be gone.
      const [pool, username] = splitPhysicalId(event.PhysicalResourceId);
      if (pool === UserPoolId && username !== undefined) {
        await clients.cognito
          .send(new AdminDeleteUserCommand({ UserPoolId, Username: username }))
          .catch((error: unknown) => {
            if (!(error instanceof UserNotFoundException)) throw error;
          });
      }
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { Username: username ?? '' } };
    }

    const { username, password } = await readCredentials(clients, SecretId);
    const physicalResourceId = `${UserPoolId}/${username}`;
    await clients.cognito
      .send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: username,
          UserAttributes: [
            { Name: 'email', Value: username },
            { Name: 'email_verified', Value: 'true' },
          ],
          // A reserved .invalid address: no invitation is ever sent.
          MessageAction: 'SUPPRESS',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof UsernameExistsException)) throw error;
      });
    await clients.cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: password, Permanent: true }),
    );
    return { PhysicalResourceId: physicalResourceId, Data: { Username: username } };
  };
}

/** `<pool id>/<username>`, as Create returns it; anything else (a create that failed early) names no user. */
function splitPhysicalId(id: string): [string | undefined, string | undefined] {
  const slash = id.indexOf('/');
  return slash > 0 ? [id.slice(0, slash), id.slice(slash + 1)] : [undefined, undefined];
}

function properties(value: Record<string, unknown>): CanaryUserProperties {
  const { UserPoolId, SecretId } = value;
  if (typeof UserPoolId !== 'string' || UserPoolId === '' || typeof SecretId !== 'string' || SecretId === '') {
    throw new Error('CanaryUser: the properties UserPoolId and SecretId must be non-empty strings');
  }
  return { UserPoolId, SecretId };
}

async function readCredentials(clients: CanaryUserClients, secretId: string) {
  const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  let value: { username?: unknown; password?: unknown } = {};
  try {
    value = JSON.parse(secret.SecretString ?? '{}') as typeof value;
  } catch {
    // reported below, without echoing the secret
  }
  if (typeof value.username !== 'string' || typeof value.password !== 'string') {
    throw new Error(`CanaryUser: secret ${secretId} must hold JSON with string "username" and "password"`);
  }
  return { username: value.username, password: value.password };
}

export const handler = respondingTo(
  canaryUserHandler({ secrets: new SecretsManagerClient({}), cognito: new CognitoIdentityProviderClient({}) }),
);
