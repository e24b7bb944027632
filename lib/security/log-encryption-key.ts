import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { customerManagedKey } from './customer-managed-key';

export interface LogEncryptionKeyProps {
  /** What the key protects, for its description, e.g. `todo-prod`. */
  readonly namePrefix: string;
  /**
   * What happens to the key when it leaves the stack. Deleting it makes every log encrypted with it unreadable.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The customer-managed key that encrypts every log group holding personal data (application, access and audit logs).
 * CloudWatch Logs may use it only for log groups of this account and region (encryption-context condition).
 */
export class LogEncryptionKey extends Construct {
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    this.key = customerManagedKey(this, 'Key', {
      description: `Encrypts the ${props.namePrefix} log groups`,
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
  }
}

/**
 * Masks personal data identifiers (e-mail and IP addresses) in a log group; only principals allowed
 * `logs:Unmask` see them in clear.
 */
export function personalDataProtectionPolicy(name: string): logs.DataProtectionPolicy {
  return new logs.DataProtectionPolicy({
    name,
    description: 'Masks e-mail and IP addresses',
    identifiers: [logs.DataIdentifier.EMAILADDRESS, logs.DataIdentifier.IPADDRESS],
  });
}
