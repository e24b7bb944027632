import { PackAcknowledgements } from './acknowledgement';
import { ALL_FUNCTIONS, DEPLOY_TIME_FUNCTIONS } from './functions';
import { isAlarmWithoutActionsByDesign } from './resource-facts';
import {
  ACCESS_LOG_BUCKETS,
  BUCKETS,
  CANARY_PASSWORD_ROTATION,
  NO_VPC,
  SYNCHRONOUS_INVOCATION,
} from './shared-reasons';

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
      reason: CANARY_PASSWORD_ROTATION,
    },
    {
      rules: ['S3DefaultEncryptionKMS', 'S3BucketVersioningEnabled', 'S3BucketReplicationEnabled'],
      paths: ACCESS_LOG_BUCKETS,
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
