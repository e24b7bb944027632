import { PackAcknowledgements } from './acknowledgement';
import { API_FUNCTIONS, DEPLOY_TIME_FUNCTIONS, STREAM_PROCESSOR } from './functions';

/** A reason shared by the dead-letter-queue rule of the Serverless and NIST packs. */
export const SYNCHRONOUS_INVOCATION =
  'Invoked synchronously (API Gateway; CloudFormation for custom resources, where a failure fails the deployment) or by an event source mapping with its own on-failure destination; a DLQ only receives failed asynchronous invocations.';

/** cdk-nag Serverless: every accepted finding, with its reason. */
export const SERVERLESS: PackAcknowledgements = {
  plugin: 'Serverless',
  rulePrefix: 'Serverless-',
  acknowledgements: [
    {
      rules: ['LambdaDLQ'],
      paths: [API_FUNCTIONS, STREAM_PROCESSOR, ...DEPLOY_TIME_FUNCTIONS],
      reason: SYNCHRONOUS_INVOCATION,
    },
    {
      rules: ['LambdaTracing'],
      paths: DEPLOY_TIME_FUNCTIONS,
      reason:
        'A deploy-time custom resource (a copy job or a few AWS API calls), not part of any request path; its log group records every run.',
    },
    {
      rules: ['LambdaLatestVersion'],
      paths: ['Service/Custom::CDKBucketDeployment*/Resource'],
      reason: "BucketDeployment's handler runtime is chosen and upgraded by aws-cdk-lib, not by this app.",
    },
    {
      rules: ['LambdaStarPermissions'],
      paths: ['Monitoring/Canary/Role/Resource'],
      reason:
        'The canary role has no Lambda or data-plane wildcard actions; its only "*" resources are s3:ListAllMyBuckets, namespace-conditioned cloudwatch:PutMetricData and X-Ray writes, which take no resource.',
    },
    {
      rules: ['SQSRedrivePolicy'],
      paths: ['Service/AuditTrail/DeadLetterQueue/Resource', 'Monitoring/AlertTopics/DeliveryFailures/Resource'],
      reason:
        'This queue is itself a dead-letter queue (of the audit stream processor, or of the alert subscriptions); a DLQ of a DLQ would only move the problem.',
    },
    {
      rules: ['APIGWStructuredLogging'],
      paths: ['Service/Api/RestApi/DeploymentStage.*/Resource'],
      reason:
        'The access log format is JSON with unquoted numbers (status, latency) for numeric metric filters; the rule cannot parse the template, every substituted line is valid JSON (tested).',
    },
  ],
};
