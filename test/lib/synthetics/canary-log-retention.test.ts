import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { CanaryLogRetention } from '../../../lib/synthetics/canary-log-retention';
import { deployedText } from '../../support/template-text';

const stack = new Stack(new App(), 'TestStack');
const canary = (id: string, canaryName: string) =>
  new synthetics.Canary(stack, id, {
    canaryName,
    runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_9_1,
    test: synthetics.Test.custom({
      code: synthetics.Code.fromInline('exports.handler = async () => undefined;'),
      handler: 'index.handler',
    }),
  });
const journey = canary('Journey', 'todo-test-journey');
const heartbeat = canary('Heartbeat', 'todo-test-heartbeat');
const logKey = new kms.Key(stack, 'LogKey');
const logKeyArn = { 'Fn::GetAtt': [stack.getLogicalId(logKey.node.defaultChild as kms.CfnKey), 'Arn'] };
new CanaryLogRetention(stack, 'LogRetention', {
  canaries: [journey, heartbeat],
  retention: logs.RetentionDays.TWO_WEEKS,
  encryptionKey: logKey,
  providerLogGroupName: '/todo-test/canary-log-retention',
  removalPolicy: RemovalPolicy.DESTROY,
});
const template = Template.fromStack(stack);
const calls = template.findResources('Custom::AWS');

describe('CanaryLogRetention', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('four calls per canary: find its function, create its log group, put the retention, associate the key', () => {
    expect(Object.keys(calls)).toHaveLength(8);
    for (const name of ['Journey', 'Heartbeat']) {
      for (const call of ['Engine', 'LogGroup', 'Retention', 'Encryption']) {
        expect(Object.keys(calls).some((id) => id.startsWith(`LogRetention${name}${call}`))).toBe(true);
      }
    }
  });

  test("reads the canary's engine (its Lambda function) by name", () => {
    const call = JSON.stringify(calls[Object.keys(calls).find((id) => id.startsWith('LogRetentionJourneyEngine'))!]);
    expect(call).toContain('\\"service\\":\\"synthetics\\",\\"action\\":\\"GetCanary\\"');
    expect(call).toContain('\\"parameters\\":{\\"Name\\":\\"todo-test-journey\\"}');
    expect(call).toContain('\\"outputPaths\\":[\\"Canary.EngineArn\\"]');
  });

  test('creates the log group, tolerating one the first run already created, then sets the retention', () => {
    const [createId] = Object.keys(calls).filter((id) => id.startsWith('LogRetentionJourneyLogGroup'));
    const [retentionId] = Object.keys(calls).filter((id) => id.startsWith('LogRetentionJourneyRetention'));
    const created = JSON.stringify(calls[createId].Properties.Create);
    expect(created).toContain('CreateLogGroup');
    expect(created).toContain('\\"ignoreErrorCodesMatching\\":\\"ResourceAlreadyExistsException\\"');
    // The function name is the 7th field of the engine ARN: /aws/lambda/<function>.
    expect(created).toContain('/aws/lambda/');
    expect(created).toContain('"Fn::Select":[6');
    const retention = JSON.stringify(calls[retentionId].Properties.Create);
    expect(retention).toContain('PutRetentionPolicy');
    expect(retention).toContain('\\"retentionInDays\\":14');
    expect(calls[retentionId].DependsOn).toEqual(expect.arrayContaining([createId]));
  });

  test("associates the log key with the canary's log group once it exists, on create and on update", () => {
    const [createId] = Object.keys(calls).filter((id) => id.startsWith('LogRetentionJourneyLogGroup'));
    const [encryptionId] = Object.keys(calls).filter((id) => id.startsWith('LogRetentionJourneyEncryption'));
    for (const event of ['Create', 'Update']) {
      const call = JSON.stringify(calls[encryptionId].Properties[event]);
      expect(call).toContain('\\"service\\":\\"cloudwatch-logs\\",\\"action\\":\\"AssociateKmsKey\\"');
      // The log group named after the canary's function, and the key's ARN.
      expect(call).toContain('\\"logGroupName\\":\\"/aws/lambda/');
      expect(call).toContain('"Fn::Select":[6');
      expect(call).toContain(`\\"kmsKeyId\\":\\"",${JSON.stringify(logKeyArn)}`);
    }
    expect(calls[encryptionId].DependsOn).toEqual(expect.arrayContaining([createId]));
  });

  test('runs again when a canary is replaced: the physical id is the canary id', () => {
    const [engineId] = Object.keys(calls).filter((id) => id.startsWith('LogRetentionHeartbeatEngine'));
    expect(JSON.stringify(calls[engineId].Properties.Update)).toContain(
      JSON.stringify(stack.resolve(heartbeat.canaryId)),
    );
    expect(stack.resolve(heartbeat.canaryId)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(heartbeat.node.defaultChild as synthetics.CfnCanary), 'Id'],
    });
  });

  test("one role: read these canaries, create and expire only their functions' log groups, write its own log", () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policy.Properties.PolicyDocument.Statement as Array<{
      Action: string | string[];
      Resource: unknown;
    }>;
    const byAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    const canaryArns = byAction('synthetics:GetCanary').flatMap((s) => [s.Resource].flat());
    expect(canaryArns).toHaveLength(2);
    for (const c of [journey, heartbeat]) {
      expect(JSON.stringify(canaryArns)).toContain(
        JSON.stringify({ Ref: stack.getLogicalId(c.node.defaultChild as synthetics.CfnCanary) }),
      );
    }
    for (const action of ['logs:PutRetentionPolicy', 'logs:AssociateKmsKey']) {
      const logGroups = byAction(action).flatMap((s) => [s.Resource].flat().map(deployedText));
      expect(logGroups.sort()).toEqual([
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-todo-test-heartbeat-*',
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-todo-test-journey-*',
      ]);
    }
    for (const s of byAction('logs:PutRetentionPolicy')) expect([s.Action].flat()).toContain('logs:CreateLogGroup');
    // CloudWatch Logs uses the key under the key policy; the caller needs no KMS permission.
    expect(statements.flatMap((s) => [s.Action].flat()).some((a) => a.startsWith('kms:'))).toBe(false);
    expect(statements.flatMap((s) => [s.Action].flat()).every((a) => /^(synthetics:GetCanary|logs:)/.test(a))).toBe(
      true,
    );
    template.resourceCountIs('AWS::IAM::Role', 3); // two canary roles (CDK's default) + this one
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: "Sets the retention and KMS key of the Synthetics canaries' log groups at deploy time",
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('its own function logs into an explicit log group with the same retention and the log key', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/todo-test/canary-log-retention',
      RetentionInDays: 14,
      KmsKeyId: logKeyArn,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^LogRetentionProviderLogs') } },
      MemorySize: 256,
    });
  });
});
