import { Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TodoFunction } from '../api/todo-function';

/** The S3 folder where FIS writes the active fault configurations and the extension reads them. */
export const FIS_CONFIG_PREFIX = 'FisConfigs';

/** The extension's wrapper script, run by Lambda before the runtime (`AWS_LAMBDA_EXEC_WRAPPER`). */
export const FIS_EXEC_WRAPPER = '/opt/aws-fis/bootstrap';

export interface FaultInjectionExtensionProps {
  /**
   * `{app}-{stage}`: the bucket is `<prefix>-fis-config-<account>-<region>`, a name other stacks (the experiments'
   * roles) can derive without a cross-stack reference.
   */
  readonly namePrefix: string;
  /**
   * ARN of the AWS FIS Lambda extension layer for the functions' architecture in the stack's region
   * (`/aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x` in SSM public parameters).
   */
  readonly layerArn: string;
  /**
   * How long a fault configuration FIS leaves behind (an experiment that failed to clean up) lives in the bucket.
   * @default Duration.days(1)
   */
  readonly staleConfigExpiry?: Duration;
  /**
   * How long an invocation may wait for an in-flight poll of the configuration before it starts
   * (`AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`, 0–10000). The FIS documentation recommends a non-zero value for actions
   * with `preventExecution`, so a fast function does not finish before it learns about a fault.
   * @default 2000
   */
  readonly pollMaxWaitMs?: number;
}

/**
 * What the AWS FIS `aws:lambda:*` actions need on the function side: the S3 bucket through which FIS hands fault
 * configurations to the extension, and, per function ({@link attach}), the extension layer, its two environment
 * variables and read access to the configuration folder. The experiment templates (and the role allowed to write
 * into the folder) live in the chaos stack.
 */
export class FaultInjectionExtension extends Construct {
  /** Private, SSE-S3, SSL only; FIS writes `FisConfigs/…` during an experiment and deletes it at the end. */
  public readonly configBucket: s3.Bucket;
  /** `<prefix>-fis-config-<account>-<region>` (pseudo parameters: resolves in any stack of the same environment). */
  public readonly bucketName: string;
  /** `arn:…:s3:::<bucket>/FisConfigs/`, the value of `AWS_FIS_CONFIGURATION_LOCATION`. */
  public readonly configLocation: string;
  /** The functions carrying the extension, in the order they were attached. */
  public readonly functions: TodoFunction[] = [];
  private readonly layer: lambda.ILayerVersion;
  private readonly pollMaxWaitMs: number;

  constructor(scope: Construct, id: string, props: FaultInjectionExtensionProps) {
    super(scope, id);
    const pollMaxWaitMs = props.pollMaxWaitMs ?? 2000;
    if (
      !Token.isUnresolved(pollMaxWaitMs) &&
      !(Number.isInteger(pollMaxWaitMs) && pollMaxWaitMs >= 0 && pollMaxWaitMs <= 10_000)
    ) {
      throw new Error(
        `FaultInjectionExtension: pollMaxWaitMs must be an integer from 0 to 10000, got ${pollMaxWaitMs}`,
      );
    }
    if (!Token.isUnresolved(props.layerArn)) {
      const region = props.layerArn.split(':')[3];
      const stackRegion = Stack.of(this).region;
      if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/.test(props.layerArn)) {
        throw new Error(
          `FaultInjectionExtension: layerArn must be a Lambda layer version ARN, got "${props.layerArn}"`,
        );
      }
      if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
        throw new Error(
          `FaultInjectionExtension: layerArn is in ${region} but the stack deploys to ${stackRegion}; ` +
            'Lambda only attaches layers of its own region',
        );
      }
    }
    this.pollMaxWaitMs = pollMaxWaitMs;
    if (!Token.isUnresolved(props.namePrefix) && !/^[a-z0-9][a-z0-9-]{0,20}$/.test(props.namePrefix)) {
      throw new Error(
        `FaultInjectionExtension: namePrefix must be 1-21 lowercase letters, digits or "-" (it starts a bucket name), got "${props.namePrefix}"`,
      );
    }
    this.bucketName = `${props.namePrefix}-fis-config-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

    this.configBucket = new s3.Bucket(this, 'ConfigBucket', {
      bucketName: this.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Holds nothing but transient fault configurations, which also expire: safe to delete with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ expiration: props.staleConfigExpiry ?? Duration.days(1) }],
    });
    this.configLocation = `${this.configBucket.bucketArn}/${FIS_CONFIG_PREFIX}/`;
    this.layer = lambda.LayerVersion.fromLayerVersionArn(this, 'Layer', props.layerArn);
  }

  /**
   * Attaches the extension to a function: the layer, `AWS_LAMBDA_EXEC_WRAPPER`, `AWS_FIS_CONFIGURATION_LOCATION`,
   * `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`, and read access to the configuration folder only.
   */
  public attach(fn: TodoFunction): void {
    fn.function.addLayers(this.layer);
    fn.function.addEnvironment('AWS_LAMBDA_EXEC_WRAPPER', FIS_EXEC_WRAPPER);
    fn.function.addEnvironment('AWS_FIS_CONFIGURATION_LOCATION', this.configLocation);
    fn.function.addEnvironment('AWS_FIS_POLL_MAX_WAIT_MILLISECONDS', String(this.pollMaxWaitMs));
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'FisConfigList',
        actions: ['s3:ListBucket'],
        resources: [this.configBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${FIS_CONFIG_PREFIX}/*`] } },
      }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'FisConfigRead',
        actions: ['s3:GetObject'],
        resources: [this.configBucket.arnForObjects(`${FIS_CONFIG_PREFIX}/*`)],
      }),
    );
    this.functions.push(fn);
  }
}
