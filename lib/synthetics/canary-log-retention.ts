import { ArnFormat, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { nagResource } from '../security/nag-resource';

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
  /** The log group of the custom resource's own function. */
  readonly providerLogGroupName: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Gives each canary's Lambda log group (`/aws/lambda/cwsyn-<canary>-<uuid>`) a retention. Synthetics creates that
 * function, and its log group on the first run, with no expiry, and the canary resource has no setting for it; the
 * uuid is known only once the canary exists. So, at deploy time, per canary: read the function from the canary
 * (`GetCanary`: `EngineArn`), create its log group if the first run has not yet, and put the retention policy on it.
 * It runs again whenever the canary is replaced (the canary's id is the physical id).
 */
export class CanaryLogRetention extends Construct {
  constructor(scope: Construct, id: string, props: CanaryLogRetentionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogs', {
      logGroupName: props.providerLogGroupName,
      retention: props.retention,
      removalPolicy: props.removalPolicy,
    });

    // One role for every call: read the canaries, create and expire their log groups, write its own log.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "Sets the retention of the Synthetics canaries' log groups at deploy time",
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
          actions: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
          resources: [logGroupArn],
        }),
      );
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, logGroupArn)}]`,
        reason: `The log group of canary ${canaryName}'s function, whose name ends in a uuid Synthetics picks when it creates the canary.`,
      });
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
    }

    const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (provider) {
      Validations.of(provider).acknowledge(
        {
          id: 'Serverless::Serverless-LambdaDLQ',
          reason:
            'Invoked synchronously by CloudFormation (custom resource); a failure fails the deployment, which rolls back.',
        },
        {
          id: 'Serverless::Serverless-LambdaTracing',
          reason:
            'A deploy-time call of three AWS APIs per canary, not part of any request path; its log group records every run.',
        },
      );
    }
  }
}

/** The id aws-cdk-lib gives the singleton function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
