import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';
import { customerManagedKey, GRANTS_FOR_AWS_SERVICES_ONLY_SID } from '../../../lib/security/customer-managed-key';

const KEY = 'AWS::KMS::Key';

/** The statement Control Tower's CT.KMS.PR.3 (kms_create_grant_aws_service_check) looks for. */
const GRANTS_FOR_AWS_SERVICES_ONLY = {
  Sid: GRANTS_FOR_AWS_SERVICES_ONLY_SID,
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};

function synth(removalPolicy?: RemovalPolicy): Template {
  const stack = new Stack(new App(), 'TestStack');
  customerManagedKey(stack, 'Key', { description: 'Encrypts the test things', removalPolicy });
  return Template.fromStack(stack);
}

const template = synth();

describe('customerManagedKey', () => {
  test('is described, symmetric and rotated', () => {
    template.resourceCountIs(KEY, 1);
    template.hasResourceProperties(KEY, { Description: 'Encrypts the test things', EnableKeyRotation: true });
  });

  test('denies kms:CreateGrant unless the grant is for an AWS resource or the caller an AWS service', () => {
    template.hasResourceProperties(KEY, {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike(GRANTS_FOR_AWS_SERVICES_ONLY)]) },
    });
  });

  test('is retained by default, and destroyed when asked', () => {
    template.hasResource(KEY, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    synth(RemovalPolicy.DESTROY).hasResource(KEY, { DeletionPolicy: 'Delete' });
  });
});

describe.each(['dev', 'prod'])('every KMS key of the %s app', (stage) => {
  const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
  const { stateful, service, monitoring } = createTodoApp(app);
  const keys = [stateful, service, monitoring].flatMap((stack) =>
    Object.entries(Template.fromStack(stack).findResources(KEY)).map(
      ([id, key]) =>
        [`${stack.stackName}/${id}`, key] as [
          string,
          { Properties: { EnableKeyRotation: boolean; KeyPolicy: { Statement: unknown[] } } },
        ],
    ),
  );

  test('is one of the keys this app builds: logs, tables, alert topics, canary credentials', () => {
    expect(keys).toHaveLength(4);
  });

  test.each(keys)('%s keeps grants for AWS services and rotates', (_id, key) => {
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining(GRANTS_FOR_AWS_SERVICES_ONLY));
  });
});
