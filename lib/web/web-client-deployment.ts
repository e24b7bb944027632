import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
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
  }
}
