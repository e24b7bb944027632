import { ArnFormat, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The log groups of a canary's Lambda function: Synthetics names it `cwsyn-<canary>-<uuid>`. */
export function canaryLogGroupArn(stack: Stack, canaryName: string): string {
  return stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `/aws/lambda/cwsyn-${canaryName}-*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface CanaryLogRetentionProps {
  readonly canaries: readonly synthetics.Canary[];
  /** How long the canaries' run logs are kept. */
  readonly retention: logs.RetentionDays;
  /** Encrypts the canaries' log groups and the custom resource's own. */
  readonly encryptionKey: kms.IKey;
  /** The log group of the custom resource's own function. */
  readonly providerLogGroupName: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Gives each canary's Lambda log group (`/aws/lambda/cwsyn-<canary>-<uuid>`) a retention and the log key. Synthetics
 * creates that function, and its log group on the first run, with no expiry and no KMS key, and the canary resource
 * has no setting for either; the uuid is known only once the canary exists. So, at deploy time, per canary: read the
 * function from the canary (`GetCanary`: `EngineArn`), create its log group if the first run has not yet, then put
 * the retention policy on it and associate the key. It runs again whenever the canary is replaced (the canary's id
 * is the physical id).
 */
export class CanaryLogRetention extends Construct {
  constructor(scope: Construct, id: string, props: CanaryLogRetentionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogs', {
      logGroupName: props.providerLogGroupName,
      retention: props.retention,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });

    // One role for every call: read the canaries, create, expire and encrypt their log groups, write its own log.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "Sets the retention and KMS key of the Synthetics canaries' log groups at deploy time",
    });
    providerLogGroup.grantWrite(role);

    for (const canary of props.canaries) {
      const canaryId = canary.node.id;
      // The plain name given to the canary (not its Ref): it names the function and the log group.
      const canaryName = (canary.node.defaultChild as synthetics.CfnCanary).name;
      const physicalResourceId = cr.PhysicalResourceId.of(canary.canaryId);
      const logGroupArn = canaryLogGroupArn(stack, canaryName);
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['synthetics:GetCanary'], resources: [canary.canaryArn] }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          // AssociateKmsKey needs no KMS permission of the caller: CloudWatch Logs uses the key under the key
          // policy's logs.<region> grant. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_AssociateKmsKey.html
          actions: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:AssociateKmsKey'],
          resources: [logGroupArn],
        }),
      );
      const call = (callId: string, sdkCall: Omit<cr.AwsSdkCall, 'physicalResourceId'>): cr.AwsCustomResource =>
        new cr.AwsCustomResource(this, `${canaryId}${callId}`, {
          onCreate: { ...sdkCall, physicalResourceId },
          onUpdate: { ...sdkCall, physicalResourceId },
          role,
          logGroup: providerLogGroup,
          memorySize: 256,
          installLatestAwsSdk: false,
        });

      const engine = call('Engine', {
        service: 'synthetics',
        action: 'GetCanary',
        parameters: { Name: canaryName },
        outputPaths: ['Canary.EngineArn'],
      });
      // arn:<partition>:lambda:<region>:<account>:function:<name>[:<version>]
      const functionName = Fn.select(6, Fn.split(':', engine.getResponseField('Canary.EngineArn')));
      const logGroupName = `/aws/lambda/${functionName}`;
      const created = call('LogGroup', {
        service: 'cloudwatch-logs',
        action: 'CreateLogGroup',
        parameters: { logGroupName },
        // The canary may have run already: its log group exists then.
        ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
      });
      const retention = call('Retention', {
        service: 'cloudwatch-logs',
        action: 'PutRetentionPolicy',
        parameters: { logGroupName, retentionInDays: props.retention },
      });
      retention.node.addDependency(created);
      // Data already ingested stays as it was; everything after is encrypted with the key.
      const encryption = call('Encryption', {
        service: 'cloudwatch-logs',
        action: 'AssociateKmsKey',
        parameters: { logGroupName, kmsKeyId: props.encryptionKey.keyArn },
      });
      encryption.node.addDependency(created);
    }
  }
}
