import * as path from 'node:path';
import { DefaultStackSynthesizer, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { nagResource } from '../security/nag-resource';
import { HASHED_ASSETS_PATH } from './web-hosting';
import type { WebRuntimeConfig } from '../../web/src/runtime-config';
import {
  WEB_ASSETS_PREFIX,
  WEB_CACHE_CONTROL_IMMUTABLE,
  WEB_CACHE_CONTROL_REVALIDATE,
  WEB_RUNTIME_CONFIG_FILE,
} from '../../web/site-layout';

export interface WebClientDeploymentProps {
  readonly bucket: s3.IBucket;
  /** The esbuild output: `index.html`, `favicon.svg` and content-hashed files under `assets/`. */
  readonly siteDirectory: string;
  /** Written as `config.json` at deploy time: the ids and URLs the app needs, none of them in its source. */
  readonly runtimeConfig: WebRuntimeConfig;
  /** The deployment function's log group. */
  readonly logGroupName: string;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey: kms.IKey;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** Objects of the CDK bootstrap bucket the assets are published to (what BucketDeployment grants reading). */
function bootstrapAssetObjectsArn(stack: Stack): string {
  const qualifier = stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:${stack.partition}:s3:::cdk-${qualifier}-assets-${stack.account}-${stack.region}/*`;
}

/**
 * Puts the built web client into its bucket in two steps: first the content-hashed assets (cached for a year,
 * immutable; old ones are kept for pages still open), then the documents that name them, `index.html` and the
 * deploy-time `config.json`. The documents are sent with `no-cache` and the distribution revalidates them on every
 * request (WebHosting's document cache policy), so a deploy is live without a CloudFront invalidation, and the
 * deployment needs no CloudFront permission at all.
 */
export class WebClientDeployment extends Construct {
  public readonly assets: s3deploy.BucketDeployment;
  public readonly documents: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebClientDeploymentProps) {
    super(scope, id);
    const assetsFolder = WEB_ASSETS_PREFIX.replace(/\/$/, '');
    // Both deployments run on one singleton function; its log group is explicit like every other.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy,
    });

    // Its own role: only this log group, and the S3 grants BucketDeployment adds (asset bucket read, site bucket write).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built web client into its bucket at deploy time',
    });
    logGroup.grantWrite(role);

    this.assets = new s3deploy.BucketDeployment(this, 'Assets', {
      sources: [s3deploy.Source.asset(path.join(props.siteDirectory, assetsFolder))],
      destinationBucket: props.bucket,
      destinationKeyPrefix: WEB_ASSETS_PREFIX,
      // A page loaded before this deploy still asks for the previous hashes; the bucket's lifecycle is not
      // involved (current versions), so old assets stay until someone prunes them.
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(WEB_CACHE_CONTROL_IMMUTABLE)],
      logGroup,
      role,
      memoryLimit: 256,
    });

    this.documents = new s3deploy.BucketDeployment(this, 'Documents', {
      sources: [
        s3deploy.Source.asset(props.siteDirectory, { exclude: [assetsFolder] }),
        s3deploy.Source.jsonData(WEB_RUNTIME_CONFIG_FILE, props.runtimeConfig),
      ],
      destinationBucket: props.bucket,
      // Excluded keys are neither uploaded nor pruned: the assets above stay.
      exclude: [HASHED_ASSETS_PATH],
      prune: true,
      cacheControl: [s3deploy.CacheControl.fromString(WEB_CACHE_CONTROL_REVALIDATE)],
      logGroup,
      role,
      memoryLimit: 256,
    });
    // index.html must never name an asset that is not there yet.
    this.documents.node.addDependency(this.assets);

    this.acknowledgeHandlerFindings(role, props.bucket);
  }

  /** BucketDeployment's own function and grants: CDK builds them, so the findings are acknowledged one by one. */
  private acknowledgeHandlerFindings(role: iam.Role, bucket: s3.IBucket): void {
    const s3Grant = 'the S3 grant BucketDeployment adds (read the asset zip, then sync into the site bucket)';
    Validations.of(role).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} is part of ${s3Grant}; the resources are the CDK asset bucket and the web bucket only.`,
      })),
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, bootstrapAssetObjectsArn(Stack.of(this)))}]`,
        reason: `Objects of the CDK bootstrap asset bucket: ${s3Grant}.`,
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(this, bucket.arnForObjects('*'))}]`,
        reason: `Objects of the web client's own bucket: ${s3Grant}.`,
      },
    );
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler) {
      Validations.of(handler).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-L1',
          reason: "BucketDeployment's handler runtime is chosen and upgraded by aws-cdk-lib, not by this app.",
        },
        {
          id: 'Serverless::Serverless-LambdaLatestVersion',
          reason: "BucketDeployment's handler runtime is chosen and upgraded by aws-cdk-lib, not by this app.",
        },
        {
          id: 'Serverless::Serverless-LambdaDLQ',
          reason:
            'Invoked synchronously by CloudFormation (custom resource); a failure fails the deployment, which rolls back.',
        },
        {
          id: 'Serverless::Serverless-LambdaTracing',
          reason: 'A deploy-time copy job, not part of any request path; its log group records every run.',
        },
      );
    }
  }
}
