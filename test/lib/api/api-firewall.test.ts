import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiFirewall, ApiFirewallProps } from '../../../lib/api/api-firewall';

const WEB_ACL = 'AWS::WAFv2::WebACL';
const STAGE_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/test';

function synth(props: Partial<ApiFirewallProps> = {}): Template {
  const stack = new Stack(new App(), 'TestStack');
  new ApiFirewall(stack, 'Firewall', {
    name: 'todo-test-api',
    stageArn: STAGE_ARN,
    logEncryptionKey: new kms.Key(stack, 'LogKey'),
    logRetention: logs.RetentionDays.ONE_YEAR,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    ...props,
  });
  return Template.fromStack(stack);
}

const template = synth({ rateLimitPer5Minutes: 500 });
const defaults = synth();

/** The rule named `name` of the (only) web ACL. */
function rule(name: string, from: Template = template) {
  const [acl] = Object.values(from.findResources(WEB_ACL));
  const found = acl.Properties.Rules.filter((r: { Name: string }) => r.Name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('ApiFirewall', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one web ACL and one association', () => {
    template.resourceCountIs(WEB_ACL, 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  test('is a regional web ACL that allows what no rule blocks', () => {
    template.hasResourceProperties(WEB_ACL, { Name: 'todo-test-api', Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
  });

  test('blocks a client IP over the rate limit, evaluated first', () => {
    expect(rule('RateLimitPerIp')).toEqual(
      expect.objectContaining({
        Priority: 0,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } },
      }),
    );
  });

  test('limits a client IP to 2000 requests per 5 minutes by default', () => {
    expect(rule('RateLimitPerIp', defaults).Statement.RateBasedStatement.Limit).toBe(2000);
  });

  test.each(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'])(
    'applies the AWS managed rule group %s with its own actions',
    (name) => {
      expect(rule(name)).toEqual(
        expect.objectContaining({
          OverrideAction: { None: {} },
          Statement: { ManagedRuleGroupStatement: expect.objectContaining({ VendorName: 'AWS', Name: name }) },
        }),
      );
    },
  );

  test('only counts SizeRestrictions_BODY, so the API answers large bodies with its own 413', () => {
    expect(rule('AWSManagedRulesCommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  test('publishes CloudWatch metrics and samples for the ACL and every rule', () => {
    const [acl] = Object.values(template.findResources(WEB_ACL));
    const configs = [
      acl.Properties.VisibilityConfig,
      ...acl.Properties.Rules.map((r: { VisibilityConfig: unknown }) => r.VisibilityConfig),
    ];
    expect(configs).toHaveLength(4);
    for (const config of configs) {
      expect(config).toEqual({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
        MetricName: expect.stringMatching(/^todo-test-api(-|$)/),
      });
    }
  });

  test("the ACL's metric name is its name: the WebACL dimension alarms on BlockedRequests use", () => {
    const [acl] = Object.values(template.findResources(WEB_ACL));
    expect(acl.Properties.VisibilityConfig.MetricName).toBe(acl.Properties.Name);
  });

  test('associates the web ACL with the API stage', () => {
    const [aclId] = Object.keys(template.findResources(WEB_ACL));
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: STAGE_ARN,
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });

  test('logs every request to aws-waf-logs-<name>, encrypted with the log key, kept for the retention given', () => {
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-todo-test-api',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      RetentionInDays: 365,
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  test('keeps the request logs when they leave the stack unless told otherwise', () => {
    synth({ logRemovalPolicy: undefined }).hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  test('the logging configuration sends the ACL to that group (its ARN without ":*") and redacts Authorization and Cookie', () => {
    const [aclId] = Object.keys(template.findResources(WEB_ACL));
    const [groupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const [config] = Object.values(template.findResources('AWS::WAFv2::LoggingConfiguration'));
    expect(config.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(config.Properties.LogDestinationConfigs).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':logs:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':log-group:',
            { Ref: groupId },
          ],
        ],
      },
    ]);
    expect(config.Properties.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
    // Every request is logged: no filter drops the allowed ones.
    expect(config.Properties.LoggingFilter).toBeUndefined();
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  test.each([9, 2_000_000_001, 100.5, 0])('fails when rateLimitPer5Minutes is %p', (rateLimitPer5Minutes) => {
    expect(() => synth({ rateLimitPer5Minutes })).toThrow(
      /rateLimitPer5Minutes must be an integer from 10 to 2000000000/,
    );
  });

  test.each([10, 2_000_000_000])('accepts rateLimitPer5Minutes at the bound %p', (rateLimitPer5Minutes) => {
    expect(() => synth({ rateLimitPer5Minutes })).not.toThrow();
  });
});
