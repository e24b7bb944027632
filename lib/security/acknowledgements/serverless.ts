import { PackAcknowledgements } from './acknowledgement';
import { API_FUNCTIONS, DEPLOY_TIME_FUNCTIONS, STREAM_PROCESSOR } from './functions';
import {
  BUCKET_DEPLOYMENT_RUNTIME,
  DEAD_LETTER_QUEUE,
  DEAD_LETTER_QUEUES,
  SYNCHRONOUS_INVOCATION,
} from './shared-reasons';

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
      reason: BUCKET_DEPLOYMENT_RUNTIME,
    },
    {
      rules: ['LambdaStarPermissions'],
      paths: ['Monitoring/Canary/Role/Resource'],
      reason:
        'The canary role has no Lambda or data-plane wildcard actions; its only "*" resources are s3:ListAllMyBuckets, namespace-conditioned cloudwatch:PutMetricData and X-Ray writes, which take no resource.',
    },
    {
      rules: ['SQSRedrivePolicy'],
      paths: DEAD_LETTER_QUEUES,
      reason: DEAD_LETTER_QUEUE,
    },
    {
      rules: ['APIGWStructuredLogging'],
      paths: ['Service/Api/RestApi/DeploymentStage.*/Resource'],
      reason:
        'The access log format is JSON with unquoted numbers (status, latency) for numeric metric filters; the rule cannot parse the template, every substituted line is valid JSON (tested).',
    },
  ],
};
