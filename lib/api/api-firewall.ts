import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Headers kept out of the WAF logs: the caller's ID token and any cookie. */
const WAF_REDACTED_HEADERS = ['authorization', 'cookie'] as const;

export interface ApiFirewallProps {
  /** Name of the web ACL; also the prefix of its CloudWatch metric names. */
  readonly name: string;
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /**
   * Requests one client IP may send in any 5-minute window before it is blocked.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /** Encrypts the request log group. */
  readonly logEncryptionKey: kms.IKey;
  /** How long the request logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /**
   * What happens to the request log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A regional WAF web ACL in front of the API stage: AWS managed common and known-bad-input rules, and a per-IP rate
 * limit. Every rule publishes CloudWatch metrics (`AWS/WAFV2`, `BlockedRequests`) for the security alarms, and every
 * request it inspects is logged (KMS-encrypted, `Authorization` and `Cookie` redacted) to `aws-waf-logs-<name>`.
 */
export class ApiFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  /** The request logs: one JSON record per inspected request (action, terminating rule, client IP, headers). */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Minutes ?? 2000;
    if (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000) {
      throw new Error(`ApiFirewall: rateLimitPer5Minutes must be an integer from 10 to 2000000000, got ${rateLimit}`);
    }
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.name}-${metricName}`,
    });
    const managed = (
      priority: number,
      name: string,
      ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
    ) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      // The web ACL's own metric name is the `WebACL` dimension of its BlockedRequests metric: keep it the ACL's name.
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: props.name },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        // The API accepts bodies up to 64 KiB and answers larger ones with 413 itself; the common rule set would
        // block anything over 8 KiB with a bare 403, so that one rule only counts.
        managed(1, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF only delivers to groups named aws-waf-logs-*, and adds the log group resource policy for
    // delivery.logs.amazonaws.com itself; CloudWatch Logs (the key's logs.<region> grant) encrypts what it stores:
    // https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${props.name}`,
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the group's ARN without the `:*` suffix of its Arn attribute.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // One SingleHeader per header, `{ "SingleHeader": { "Name": "authorization" } }`:
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-wafv2-loggingconfiguration-fieldtomatch.html
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
  }
}
