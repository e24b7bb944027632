import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface WebSignInClientProps {
  readonly userPool: cognito.IUserPool;
  /** `todo-<stage>-web`. */
  readonly clientName: string;
  /** The web client's URL with its trailing slash (`https://<id>.cloudfront.net/`): the only redirect allowed. */
  readonly siteUrl: string;
}

/**
 * The web client's Cognito app client: managed login with the authorization code grant and PKCE (a public client,
 * no secret), redirecting only to the site itself, with the managed-login style Cognito provides.
 */
export class WebSignInClient extends Construct {
  public readonly client: cognito.UserPoolClient;
  /** The scopes the app asks for (OpenID Connect only: the API authorizes with the ID token). */
  public readonly scopes: readonly string[];

  constructor(scope: Construct, id: string, props: WebSignInClientProps) {
    super(scope, id);
    const oAuthScopes = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL];
    this.scopes = oAuthScopes.map((s) => s.scopeName);

    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: props.clientName,
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: oAuthScopes,
        callbackUrls: [props.siteUrl],
        logoutUrls: [props.siteUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A browser tab's working day; the refresh token lives in sessionStorage and dies with the tab anyway.
      refreshTokenValidity: Duration.hours(12),
    });

    // Managed login signs users in and the app only refreshes tokens: no SRP or custom auth flows through this
    // client (Cognito's default when none are listed, which the L2 does for an empty authFlows).
    (this.client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];

    // Managed login (version 2) shows a client's pages only when the client has a style.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }
}
