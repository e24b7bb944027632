import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface CustomerManagedKeyProps {
  /** What the key protects (and, where it is not obvious, what it costs): the key's description in the console. */
  readonly description: string;
  /**
   * What happens to the key when it leaves the stack. Deleting it makes everything encrypted with it unreadable.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Sid of the key-policy statement that keeps grants for AWS services only. */
export const GRANTS_FOR_AWS_SERVICES_ONLY_SID = 'DenyGrantsNotForAwsResources';

/**
 * The one way this app builds a KMS key: symmetric, yearly rotation on, retained by default, and a key policy that
 * denies `kms:CreateGrant` unless the grant is for an AWS resource (DynamoDB, for instance, creates grants on the
 * caller's behalf) or the caller is an AWS service. The default key policy gives the account `kms:*`, CreateGrant
 * included; an explicit Deny outranks that Allow. It is the statement Control Tower's CT.KMS.PR.3 checks for
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html): BoolIfExists with both keys
 * "false", so a request without the keys (not made through a service) is denied too.
 */
export function customerManagedKey(scope: Construct, id: string, props: CustomerManagedKeyProps): kms.Key {
  const key = new kms.Key(scope, id, {
    description: props.description,
    enableKeyRotation: true,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: GRANTS_FOR_AWS_SERVICES_ONLY_SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
}
