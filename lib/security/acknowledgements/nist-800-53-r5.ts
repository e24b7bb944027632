import { PackAcknowledgements } from './acknowledgement';
import { ALL_FUNCTIONS, DEPLOY_TIME_FUNCTIONS } from './functions';
import { isAlarmWithoutActionsByDesign } from './resource-facts';
import { SYNCHRONOUS_INVOCATION } from './serverless';

/** Why no function runs in a VPC; shared with the Control Tower control CT.LAMBDA.PR.3. */
export const NO_VPC =
  'The functions hold no network-reachable resource and call only public AWS endpoints (DynamoDB, and Cognito and Secrets Manager at deploy time) over TLS with SigV4, so IAM is the boundary a VPC would add nothing to. ' +
  'A VPC would cost subnets in 2 AZs plus a NAT gateway ($0.045/h per AZ in us-east-1, about $66/month, https://aws.amazon.com/vpc/pricing/) or interface endpoints ($0.01/h per AZ each, https://aws.amazon.com/privatelink/pricing/), and slower deploys; ' +
  'since Hyperplane ENIs (https://aws.amazon.com/blogs/compute/announcing-improved-vpc-networking-for-aws-lambda-functions/) cold start is not the reason.';

/** Why the buckets keep S3-managed keys, no replication and (logs, artifacts) no versioning. */
export const BUCKETS = {
  accessLogs:
    'An access-log bucket: S3 server access logs are delivered only to buckets with S3-managed encryption (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html); the logs expire by lifecycle and are write-once, so versioning and replication would only copy them.',
  site: 'The static web client, rebuilt from the repository by every deployment (BucketDeployment): its files are public by design, so a KMS key protects nothing, and a redeploy is its recovery, not a replica.',
  canaryArtifacts:
    "Screenshots and HAR files of the synthetic canary user's runs: no real user data, kept 30 days by lifecycle; versioning or replication would keep copies of disposable test evidence.",
  fisConfigs:
    'Transient FIS fault configurations, expired after a day by lifecycle and written only while an experiment runs: nothing to recover or replicate, and FIS logs every experiment while CloudTrail records the writes, so access logs would add nothing.',
};

/** cdk-nag NIST 800-53 rev 5: every accepted finding, with its reason. */
export const NIST_800_53_R5: PackAcknowledgements = {
  plugin: 'NIST.800.53.R5',
  rulePrefix: 'NIST.800.53.R5-',
  acknowledgements: [
    {
      rules: ['CloudWatchAlarmAction'],
      where: isAlarmWithoutActionsByDesign,
      reason:
        'Built without actions on purpose by the alarm factory: a child of a composite alarm that notifies (one page instead of many), or an alarm CodeDeploy polls to roll a deployment back.',
    },
    {
      rules: ['LambdaDLQ'],
      paths: ALL_FUNCTIONS,
      reason: SYNCHRONOUS_INVOCATION,
    },
    { rules: ['LambdaInsideVPC'], paths: ALL_FUNCTIONS, reason: NO_VPC },
    {
      rules: ['LambdaConcurrency'],
      paths: DEPLOY_TIME_FUNCTIONS,
      reason:
        'Runs once per deployment as a CloudFormation custom resource; reserving concurrency for it would take capacity from the account pool the API functions draw on, for no protection.',
    },
    {
      rules: ['IAMNoInlinePolicy'],
      paths: ['**/DefaultPolicy/Resource', 'Monitoring/Canary/Role/Resource'],
      reason:
        "Each inline policy belongs to exactly one role (CDK's least-privilege grants) and is deleted with it; a customer-managed policy would be attachable to other principals, which is what this control guards against.",
    },
    {
      rules: ['APIGWCacheEnabledAndEncrypted'],
      paths: ['Service/Api/RestApi/DeploymentStage.*/Resource'],
      reason:
        "No stage cache: every response is one user's todos and changes on each write, so a cache would serve stale or (keyed wrongly) another user's data. Nothing is cached, so nothing is stored unencrypted.",
    },
    {
      rules: ['APIGWSSLEnabled'],
      paths: ['Service/Api/RestApi/DeploymentStage.*/Resource'],
      reason:
        'A client certificate authenticates API Gateway to an HTTP backend; every integration here is a Lambda proxy integration, invoked through IAM, where a certificate has nothing to authenticate.',
    },
    {
      rules: ['SecretsManagerRotationEnabled'],
      paths: ['Monitoring/Canary/Credentials/Resource'],
      reason:
        'The canary user password must change in Cognito and in the secret together; there is no managed rotation for Cognito users, so it is rotated by the runbook procedure.',
    },
    {
      rules: ['S3DefaultEncryptionKMS', 'S3BucketVersioningEnabled', 'S3BucketReplicationEnabled'],
      paths: ['Service/Web/AccessLogs/Resource', 'Monitoring/Canary/AccessLogs/Resource'],
      reason: BUCKETS.accessLogs,
    },
    {
      rules: ['S3DefaultEncryptionKMS', 'S3BucketReplicationEnabled'],
      paths: ['Service/Web/Site/Resource'],
      reason: BUCKETS.site,
    },
    {
      rules: ['S3DefaultEncryptionKMS', 'S3BucketVersioningEnabled', 'S3BucketReplicationEnabled'],
      paths: ['Monitoring/Canary/Artifacts/Resource'],
      reason: BUCKETS.canaryArtifacts,
    },
    {
      rules: [
        'S3DefaultEncryptionKMS',
        'S3BucketVersioningEnabled',
        'S3BucketReplicationEnabled',
        'S3BucketLoggingEnabled',
      ],
      paths: ['Service/FaultInjection/ConfigBucket/Resource'],
      reason: BUCKETS.fisConfigs,
    },
  ],
};
