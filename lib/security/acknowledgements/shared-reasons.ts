/** Reasons and resource paths that more than one pack's exemptions use: one wording, in one place. */

/** Why functions have no dead-letter queue (Serverless, NIST). */
export const SYNCHRONOUS_INVOCATION =
  'Invoked synchronously (API Gateway; CloudFormation for custom resources, where a failure fails the deployment) or by an event source mapping with its own on-failure destination; a DLQ only receives failed asynchronous invocations.';

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

/** Why the queues that are dead-letter queues have none of their own (AwsSolutions, Serverless, Control Tower). */
export const DEAD_LETTER_QUEUE =
  'This queue is itself a dead-letter queue (of the audit stream processor, or of the alert subscriptions); a DLQ of a DLQ would only move the problem.';

/** Why the canary password has no managed rotation (AwsSolutions, NIST). */
export const CANARY_PASSWORD_ROTATION =
  'The canary user password must change in Cognito and in the secret together; there is no managed rotation for Cognito users, so it is rotated by the runbook procedure.';

/** Why BucketDeployment's handler runtime is not this app's choice (AwsSolutions, Serverless). */
export const BUCKET_DEPLOYMENT_RUNTIME =
  "BucketDeployment's handler runtime is chosen and upgraded by aws-cdk-lib, not by this app.";

/** The buckets S3 server access logs are delivered to. */
export const ACCESS_LOG_BUCKETS = ['Service/Web/AccessLogs/Resource', 'Monitoring/Canary/AccessLogs/Resource'];

/** The queues that are dead-letter queues of something else. */
export const DEAD_LETTER_QUEUES = [
  'Service/AuditTrail/DeadLetterQueue/Resource',
  'Monitoring/AlertTopics/DeliveryFailures/Resource',
];
