/**
 * What the Lambda bundles load instead of `@aws-sdk/credential-provider-node` (lib/config/bundling.ts aliases it
 * here): the SDK's environment provider alone. Lambda hands every function its execution role's credentials in
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime), and the
 * environment is the first link of the SDK's default chain, so in Lambda that chain never gets further. Its other
 * links (SSO, shared files, process, web identity, container and instance metadata) and the STS and SSO clients they
 * carry only made every cold start longer. Where this would not hold: docs/cold-start.md.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];

/** Same shape as the default chain's `defaultProvider`, which the clients' runtime config calls. */
export function defaultProvider(init: Init = {}): ReturnType<typeof fromEnv> {
  const fromEnvironment = fromEnv(init);
  return async () => {
    try {
      return await fromEnvironment();
    } catch (error) {
      throw new Error(
        'No AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY): this bundle reads ' +
          'credentials from the environment only, as Lambda provides them (see docs/cold-start.md)',
        { cause: error },
      );
    }
  };
}
