import { PackAcknowledgements } from './acknowledgement';
import { ALL_FUNCTIONS, S3_AUTO_DELETE_PROVIDER } from './functions';
import {
  hasCustomCertificate,
  isAlarmWithoutActionsByDesign,
  isUnreadableIntrinsic,
  retainedLessThan,
} from './resource-facts';
import { ACCESS_LOG_BUCKETS, BUCKETS, DEAD_LETTER_QUEUE, DEAD_LETTER_QUEUES, NO_VPC } from './shared-reasons';

const ALL_BUCKETS = [
  ...ACCESS_LOG_BUCKETS,
  'Service/Web/Site/Resource',
  'Monitoring/Canary/Artifacts/Resource',
  'Service/FaultInjection/ConfigBucket/Resource',
];

/**
 * AWS Control Tower proactive controls, as the cfn-guard rules of @cdklabs/cdk-validator-cfnguard check them offline
 * (rule names as the plugin reports them; the control ids are in each reason). An account whose landing zone enables
 * one of these controls as a CloudFormation hook rejects what it flags, so each exemption says what to expect.
 */
export const CONTROL_TOWER: PackAcknowledgements = {
  plugin: 'cdk-validator-cfnguard',
  rulePrefix: '',
  acknowledgements: [
    // ---- The offline rules misreading intrinsics: the resolved values pass (test/lib/security) ----
    {
      rules: ['cloudwatch_log_group_encrypted_check'],
      where: isUnreadableIntrinsic('AWS::Logs::LogGroup', 'KmsKeyId'),
      intrinsicFalsePositive: true,
      reason:
        "CT.CLOUDWATCH.PR.3: the log group's KmsKeyId is the stateful stack's log key, imported with Fn::ImportValue, which the offline rule reads as no key; resolved, it is that key's ARN and the control passes.",
    },
    {
      rules: ['lambda_function_public_access_prohibited_check'],
      where: isUnreadableIntrinsic('AWS::Lambda::Permission', 'SourceArn'),
      intrinsicFalsePositive: true,
      reason:
        "CT.LAMBDA.PR.2: API Gateway's invoke permissions carry a SourceArn (this API's execute-api ARN, built with Fn::Join), which the offline rule accepts only as a literal or a local reference; resolved, it is a string and the control passes.",
    },
    // ---- Accepted by design ----
    {
      rules: ['cloudwatch_alarm_action_check'],
      where: isAlarmWithoutActionsByDesign,
      reason:
        'CT.CLOUDWATCH.PR.1: built without actions on purpose by the alarm factory: a child of a composite alarm that notifies, or an alarm CodeDeploy polls to roll a deployment back.',
    },
    {
      rules: ['cloudwatch_log_group_retention_period_check'],
      where: retainedLessThan(365),
      reason:
        'CT.CLOUDWATCH.PR.2: diagnostic logs (application, execution, deploy-time functions) are kept as long as they help an investigation, a cost choice set per stage (logRetentionDays); the audit-relevant access, WAF and audit logs keep at least 365 days in prod.',
    },
    {
      rules: ['lambda_inside_vpc_check'],
      paths: [...ALL_FUNCTIONS, S3_AUTO_DELETE_PROVIDER],
      reason: `CT.LAMBDA.PR.3: ${NO_VPC}`,
    },
    {
      rules: ['sqs_dlq_check'],
      paths: DEAD_LETTER_QUEUES,
      reason: `CT.SQS.PR.1: ${DEAD_LETTER_QUEUE}`,
    },
    {
      rules: [
        'cloudfront_custom_ssl_certificate_check',
        'cloudfront_sni_enabled_check',
        'cloudfront_security_policy_check',
      ],
      paths: ['Service/Web/Distribution/Resource'],
      where: (distribution) => !hasCustomCertificate(distribution),
      reason:
        'CT.CLOUDFRONT.PR.6/7/8: no custom domain is set (webDomainName), so the distribution serves the default *.cloudfront.net certificate, whose TLS policy CloudFront sets; with a custom domain it uses its ACM certificate, SNI and TLSv1.2_2021.',
    },
    {
      rules: ['cloudfront_origin_failover_enabled_check'],
      paths: ['Service/Web/Distribution/Resource'],
      reason:
        'CT.CLOUDFRONT.PR.4: one S3 origin for static files that CloudFront caches; a second origin would need a replica bucket kept in step by every deployment, for an origin S3 serves at 99.99% availability.',
    },
    {
      rules: [
        's3_bucket_default_encryption_kms_check',
        's3_bucket_versioning_enabled_check',
        's3_bucket_object_lock_enabled_check',
      ],
      paths: ACCESS_LOG_BUCKETS,
      reason: `CT.S3.PR.10/11/9: ${BUCKETS.accessLogs} Object Lock would stop the lifecycle from expiring them.`,
    },
    {
      rules: ['s3_bucket_logging_enabled_check'],
      paths: ['Service/FaultInjection/ConfigBucket/Resource'],
      reason: `CT.S3.PR.2: ${BUCKETS.fisConfigs}`,
    },
    {
      rules: ['s3_bucket_logging_enabled_check'],
      paths: ACCESS_LOG_BUCKETS,
      reason:
        'CT.S3.PR.2: this bucket is an access-log destination; logging it into itself or another log bucket would loop.',
    },
    {
      rules: ['s3_bucket_default_encryption_kms_check', 's3_bucket_object_lock_enabled_check'],
      paths: ['Service/Web/Site/Resource'],
      reason: `CT.S3.PR.10/9: ${BUCKETS.site} Object Lock would stop each deployment from replacing the files.`,
    },
    {
      rules: [
        's3_bucket_default_encryption_kms_check',
        's3_bucket_versioning_enabled_check',
        's3_bucket_object_lock_enabled_check',
      ],
      paths: ['Monitoring/Canary/Artifacts/Resource'],
      reason: `CT.S3.PR.10/11/9: ${BUCKETS.canaryArtifacts}`,
    },
    {
      rules: [
        's3_bucket_default_encryption_kms_check',
        's3_bucket_versioning_enabled_check',
        's3_bucket_object_lock_enabled_check',
      ],
      paths: ['Service/FaultInjection/ConfigBucket/Resource'],
      reason: `CT.S3.PR.10/11/9: ${BUCKETS.fisConfigs}`,
    },
    {
      rules: ['s3_event_notifications_enabled_check'],
      paths: ALL_BUCKETS,
      reason:
        'CT.S3.PR.4: nothing reacts to writes in these buckets (logs, static files, canary artifacts, fault configurations); CloudTrail records the writes, so a notification would have no consumer.',
    },
  ],
};
