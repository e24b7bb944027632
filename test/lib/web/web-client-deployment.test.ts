import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WebClientDeployment } from '../../../lib/web/web-client-deployment';
import type { WebRuntimeConfig } from '../../../web/src/runtime-config';

const DEPLOYMENT = 'Custom::CDKBucketDeployment';

/** A built site: two documents and one hashed asset. */
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'web-deployment-test-'));
fs.mkdirSync(path.join(site, 'assets'));
fs.writeFileSync(
  path.join(site, 'index.html'),
  '<!doctype html><script type="module" src="/assets/main-ABC.js"></script>',
);
fs.writeFileSync(path.join(site, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
fs.writeFileSync(path.join(site, 'assets', 'main-ABC.js'), 'console.log(1)');
afterAll(() => fs.rmSync(site, { recursive: true, force: true }));

const stack = new Stack(new App(), 'TestStack');
const bucket = new s3.Bucket(stack, 'Site');
const userPoolClientId = 'client123';
const runtimeConfig: WebRuntimeConfig = {
  apiUrl: `https://${stack.resolve('abc123')}.execute-api.eu-west-1.amazonaws.com/test`,
  auth: {
    mode: 'cognito',
    domainUrl: 'https://todo-test.auth.eu-west-1.amazoncognito.com',
    clientId: userPoolClientId,
    scopes: ['openid'],
  },
  rum: {
    applicationId: new s3.Bucket(stack, 'TokenSource').bucketName, // any deploy-time value
    applicationVersion: '0.1.0',
    region: 'eu-west-1',
    identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
    endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com',
    sessionSampleRate: 0.5,
  },
};
new WebClientDeployment(stack, 'Deploy', {
  bucket,
  siteDirectory: site,
  runtimeConfig,
  logGroupName: '/todo/test/web-deployment',
  logRetention: logs.RetentionDays.ONE_WEEK,
  logEncryptionKey: new kms.Key(stack, 'Key'),
  logRemovalPolicy: RemovalPolicy.DESTROY,
});
const template = Template.fromStack(stack);
const deployments = template.findResources(DEPLOYMENT);
const idOf = (pattern: RegExp) => Object.keys(deployments).find((id) => pattern.test(id))!;
const [assetsId, documentsId] = [idOf(/^DeployAssets/), idOf(/^DeployDocuments/)];

describe('WebClientDeployment', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('two deployments into the site bucket: assets first, then the documents that name them', () => {
    expect(Object.keys(deployments)).toHaveLength(2);
    expect(assetsId).toBeDefined();
    expect(documentsId).toBeDefined();
    expect(deployments[documentsId].DependsOn).toEqual(expect.arrayContaining([assetsId]));
    for (const d of Object.values(deployments)) {
      expect(d.Properties.DestinationBucketName).toEqual({
        Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket),
      });
    }
  });

  test('hashed assets go under assets/, cached for a year as immutable, and old ones are kept', () => {
    const assets = deployments[assetsId].Properties;
    expect(assets.DestinationBucketKeyPrefix).toBe('assets/');
    expect(assets.Prune).toBe(false);
    expect(assets.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=31536000, immutable' });
    expect(assets.SourceObjectKeys).toHaveLength(1);
    expect(assets.DistributionId).toBeUndefined();
  });

  test('documents are revalidated, pruned apart from assets/, and need no CloudFront invalidation', () => {
    const documents = deployments[documentsId].Properties;
    expect(documents.DestinationBucketKeyPrefix).toBeUndefined();
    expect(documents.Prune).toBe(true);
    expect(documents.Exclude).toEqual(['assets/*']);
    expect(documents.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    // no-cache, and the distribution's document cache policy revalidates on every request: live without invalidating.
    expect(documents.DistributionId).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('cloudfront:CreateInvalidation');
    // The site (without assets/) and config.json.
    expect(documents.SourceObjectKeys).toHaveLength(2);
  });

  test('config.json is written at deploy time, with deploy-time values filled in by markers', () => {
    const [, markers] = deployments[documentsId].Properties.SourceMarkers;
    expect(Object.keys(markers)).toHaveLength(1);
    expect(Object.values(markers)[0]).toEqual({ Ref: expect.stringMatching(/^TokenSource/) });
  });

  test('the deployment function logs into an explicit, encrypted log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/todo/test/web-deployment',
      RetentionInDays: 7,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^DeployLogs') } },
      MemorySize: 256,
    });
  });
});
