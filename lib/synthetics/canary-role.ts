import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { canaryLogGroupArn } from './canary-log-retention';

export interface CanaryRoleProps {
  readonly namePrefix: string;
  /** Artifact prefix (`journey`, `heartbeat`) to canary name. */
  readonly canaryNames: Readonly<Record<string, string>>;
  readonly artifactsBucket: s3.IBucket;
  readonly credentials: secretsmanager.ISecret;
}

/**
 * The one execution role of the canaries (built in `scope`, the ApiCanary): their own artifacts, log groups and
 * secret, and the wildcards the Synthetics runtime needs (accepted in lib/security/acknowledgements, with reasons).
 */
export function addCanaryRole(scope: Construct, props: CanaryRoleProps): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the ${props.namePrefix} API canaries`,
    inlinePolicies: {
      canary: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'WriteArtifacts',
            actions: ['s3:PutObject'],
            resources: Object.keys(props.canaryNames).map((prefix) =>
              props.artifactsBucket.arnForObjects(`${prefix}/*`),
            ),
          }),
          new iam.PolicyStatement({
            sid: 'LocateArtifactsBucket',
            actions: ['s3:GetBucketLocation'],
            resources: [props.artifactsBucket.bucketArn],
          }),
          // The Synthetics runtime lists buckets when it starts; ListAllMyBuckets has no resource-level scope.
          new iam.PolicyStatement({ sid: 'ListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
          new iam.PolicyStatement({
            sid: 'PublishCanaryMetrics',
            actions: ['cloudwatch:PutMetricData'],
            resources: ['*'],
            conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
          }),
          new iam.PolicyStatement({
            sid: 'WriteCanaryLogs',
            actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            // The runtime's function is `cwsyn-<canary name>-<id>`; its log group is named after it.
            resources: Object.values(props.canaryNames).map((name) => canaryLogGroupArn(stack, name)),
          }),
          // Active tracing; X-Ray's write actions have no resource-level scope.
          new iam.PolicyStatement({
            sid: 'WriteTraces',
            actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
            resources: ['*'],
          }),
        ],
      }),
    },
  });
  props.credentials.grantRead(role);
  return role;
}
