import { PackAcknowledgements } from './acknowledgement';
import { hasCustomCertificate, hasThreatProtection } from './resource-facts';
import {
  BUCKET_DEPLOYMENT_RUNTIME,
  CANARY_PASSWORD_ROTATION,
  DEAD_LETTER_QUEUE,
  DEAD_LETTER_QUEUES,
} from './shared-reasons';

const API_FUNCTION_ROLES = 'Service/*Function/Role/DefaultPolicy/Resource';
const S3_GRANT = 'the S3 grant BucketDeployment adds (read the asset zip, then sync into the site bucket)';
const FIS_CONFIGS = 'IAM5[Resource::…/FisConfigs/*]';

/** cdk-nag AwsSolutions: every accepted finding, with its reason. */
export const AWS_SOLUTIONS: PackAcknowledgements = {
  plugin: 'AwsSolutions',
  rulePrefix: 'AwsSolutions-',
  acknowledgements: [
    // ---- Identity and access ----
    {
      rules: ['IAM5[Resource::*]'],
      paths: [API_FUNCTION_ROLES, 'Service/AuditTrail/Processor/Role/DefaultPolicy/Resource'],
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    },
    {
      rules: ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]'],
      paths: ['Service/Api/RestApi/CloudWatchRole/Resource'],
      reason:
        "API Gateway's account-level role for execution logs; AWS maintains this managed policy for exactly that purpose.",
    },
    {
      rules: ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]'],
      paths: ['Service/DeploymentRole/Resource'],
      reason:
        'The AWS-maintained policy for CodeDeploy on Lambda (read alarms, get/update aliases, invoke CodeDeployHook_* functions only); one role shared by every deployment group of the stack.',
    },
    {
      rules: ['IAM5[Resource::*]'],
      paths: ['Monitoring/Canary/Role/Resource'],
      reason:
        's3:ListAllMyBuckets (the runtime lists buckets at start), cloudwatch:PutMetricData (conditioned on the CloudWatchSynthetics namespace) and X-Ray writes have no resource-level permissions.',
    },
    {
      rules: ['IAM5[Resource::<CanaryArtifacts….Arn>/journey/*]', 'IAM5[Resource::<CanaryArtifacts….Arn>/heartbeat/*]'],
      paths: ['Monitoring/Canary/Role/Resource'],
      reason:
        'Each canary writes run artifacts under its own prefix of the artifacts bucket, with names it picks per run.',
    },
    {
      rules: ['IAM5[Resource::…:log-group:/aws/lambda/cwsyn-…]'],
      paths: ['Monitoring/Canary/Role/Resource', 'Monitoring/Canary/LogRetention/Role/DefaultPolicy/Resource'],
      reason:
        "Synthetics names a canary's function cwsyn-<canary name>-<random id> when it creates the canary; the wildcard matches only that canary's log group.",
    },
    {
      rules: ['IAM5[Action::s3:GetObject*]', 'IAM5[Action::s3:GetBucket*]', 'IAM5[Action::s3:List*]'],
      paths: ['Service/WebDeployment/Role/DefaultPolicy/Resource'],
      reason: `Read actions of ${S3_GRANT}; the resources are the CDK asset bucket and the web bucket only.`,
    },
    {
      rules: ['IAM5[Action::s3:DeleteObject*]', 'IAM5[Action::s3:Abort*]'],
      paths: ['Service/WebDeployment/Role/DefaultPolicy/Resource'],
      reason: `Write actions of ${S3_GRANT}: the sync deletes stale files; the resource is the web bucket only.`,
    },
    {
      rules: ['IAM5[Resource::…:s3:::cdk-…-assets-…/*]', 'IAM5[Resource::<WebSite….Arn>/*]'],
      paths: ['Service/WebDeployment/Role/DefaultPolicy/Resource'],
      reason: `Objects of the CDK bootstrap asset bucket and of the web client's own bucket: ${S3_GRANT}.`,
    },
    {
      rules: [FIS_CONFIGS],
      paths: [API_FUNCTION_ROLES],
      reason:
        'The FIS extension reads whichever fault configuration FIS writes; the wildcard is limited to the FisConfigs/ folder of the experiment bucket.',
    },
    {
      rules: ['IAM5[Resource::*]'],
      paths: ['Chaos/*/Role/DefaultPolicy/Resource'],
      reason:
        'tag:GetResources, which FIS calls to resolve the targets of aws:lambda actions, supports no resource-level permissions.',
    },
    {
      rules: [FIS_CONFIGS],
      paths: ['Chaos/*/Role/DefaultPolicy/Resource'],
      reason:
        'FIS names each fault configuration object itself; the wildcard is limited to the FisConfigs/ folder of the experiment bucket.',
    },
    // ---- Users ----
    {
      rules: ['COG2'],
      paths: ['Stateful/Users/UserPool/Resource'],
      reason:
        'Consumer todo app: TOTP MFA is offered to every user but not forced; Plus-plan threat protection (prod) adds risk-based step-up.',
    },
    {
      rules: ['COG8'],
      paths: ['Stateful/Users/UserPool/Resource'],
      where: (pool) => !hasThreatProtection(pool),
      reason:
        'A stage without real users stays on the Essentials plan (threatProtection off); prod uses Plus with threat protection enforced.',
    },
    {
      rules: ['COG7'],
      paths: ['Service/RealUserMonitoring/GuestIdentities'],
      reason:
        "Guest identities are what CloudWatch RUM needs to send events from browsers before (or without) sign-in; the guest role may only call rum:PutRumEvents on this stage's app monitor.",
    },
    // ---- Queues, buckets, secrets ----
    {
      rules: ['SQS3'],
      paths: DEAD_LETTER_QUEUES,
      reason: DEAD_LETTER_QUEUE,
    },
    {
      rules: ['S1'],
      paths: ['Service/FaultInjection/ConfigBucket/Resource'],
      reason:
        'Holds only transient FIS fault configurations written by the experiment role; FIS logs every experiment and CloudTrail records the writes, so server access logs would add nothing.',
    },
    {
      rules: ['SMG4'],
      paths: ['Monitoring/Canary/Credentials/Resource'],
      reason: CANARY_PASSWORD_ROTATION,
    },
    // ---- CloudFront and CDK-managed functions ----
    {
      rules: ['CFR1'],
      paths: ['Service/Web/Distribution/Resource'],
      reason:
        'A todo app for anyone, anywhere: no country is blocked, and the content holds nothing export-controlled.',
    },
    {
      rules: ['CFR2'],
      paths: ['Service/Web/Distribution/Resource'],
      reason:
        'Static files only, read-only GET/HEAD: nothing behind this distribution runs code. The API, which does, has its own WAF (ApiFirewall); a CloudFront web ACL must live in us-east-1, outside this regional stack.',
    },
    {
      rules: ['CFR4'],
      paths: ['Service/Web/Distribution/Resource'],
      where: (distribution) => !hasCustomCertificate(distribution),
      reason:
        'No custom domain is set (webDomainName), so viewers get the default *.cloudfront.net certificate, whose TLS policy CloudFront sets; with a custom domain the distribution requires TLSv1.2_2021.',
    },
    {
      rules: ['L1'],
      paths: ['Service/Custom::CDKBucketDeployment*/Resource'],
      reason: BUCKET_DEPLOYMENT_RUNTIME,
    },
  ],
};
