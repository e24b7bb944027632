import { CfnResource, IAspect, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { cfnProperties } from './cfn-properties';

export interface ExplicitFunctionLogsProps {
  /** Encrypts each log group the aspect creates. */
  readonly encryptionKey: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Gives every Lambda function that has no log group of its own one, with retention and KMS: the helpers aws-cdk-lib
 * adds (S3 auto-delete objects, bucket notifications, …) would otherwise log to an implicit `/aws/lambda/<name>`
 * group that never expires and is not encrypted. It works on the CloudFormation resource, so it also reaches the raw
 * `AWS::Lambda::Function` of a `CustomResourceProvider`, which has no logging setting in aws-cdk-lib 2.276. The
 * function's `LoggingConfig.LogGroup` names the group, so CloudFormation creates the group before the function, and
 * so before its first run.
 */
export class ExplicitFunctionLogs implements IAspect {
  constructor(private readonly props: ExplicitFunctionLogsProps) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lambda::Function') return;
    if (hasLogGroup(node)) return;
    // With @aws-cdk/aws-lambda:useCdkManagedLogGroup an L2 function already made `/aws/lambda/<name>`, where Lambda
    // writes by default: complete it (naming it in LoggingConfig would be a cycle, its name is the function's Ref).
    const managed =
      node.node.scope instanceof lambda.Function ? node.node.scope.node.tryFindChild('LogGroup') : undefined;
    if (managed instanceof logs.LogGroup && node instanceof lambda.CfnFunction) {
      const group = managed.node.defaultChild as logs.CfnLogGroup;
      group.retentionInDays = this.props.retention;
      group.kmsKeyId = this.props.encryptionKey.keyArn;
      group.applyRemovalPolicy(this.props.removalPolicy);
      return;
    }
    // Beside the function, named after it: a stable logical id, never from props.
    const logGroup = new logs.LogGroup(node.node.scope!, `${node.node.id}Logs`, {
      retention: this.props.retention,
      encryptionKey: this.props.encryptionKey,
      removalPolicy: this.props.removalPolicy,
    });
    if (node instanceof lambda.CfnFunction) {
      const current = node.loggingConfig as lambda.CfnFunction.LoggingConfigProperty | undefined;
      node.loggingConfig = { ...current, logGroup: logGroup.logGroupName };
    } else {
      // A CustomResourceProvider's role has AWSLambdaBasicExecutionRole, which may write to any group.
      node.addPropertyOverride('LoggingConfig.LogGroup', logGroup.logGroupName);
    }
  }
}

/** Whether the function already names its log group (as it will synthesize, property overrides included). */
function hasLogGroup(fn: CfnResource): boolean {
  const config = cfnProperties(fn).LoggingConfig as { LogGroup?: unknown } | undefined;
  return config?.LogGroup !== undefined;
}
