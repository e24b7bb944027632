import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IdempotencyTable, IdempotencyTableProps } from '../../../lib/data/idempotency-table';

const TABLE = 'AWS::DynamoDB::GlobalTable';

function synth(props?: IdempotencyTableProps): Template {
  const stack = new Stack(new App(), 'TestStack');
  new IdempotencyTable(stack, 'Idempotency', props);
  return Template.fromStack(stack);
}

const template = synth();
const retained = synth({ removalPolicy: RemovalPolicy.RETAIN });

describe('IdempotencyTable', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates exactly one table', () => {
    template.resourceCountIs(TABLE, 1);
  });

  test('keys records by the string id alone (Powertools default)', () => {
    template.hasResourceProperties(TABLE, {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    });
  });

  test('expires records with TTL on the expiration attribute', () => {
    template.hasResourceProperties(TABLE, {
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test('encrypts with KMS', () => {
    template.hasResourceProperties(TABLE, { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } });
  });

  test('uses the AWS-managed key unless given one, then names that key on its replica', () => {
    template.hasResourceProperties(TABLE, { Replicas: [Match.objectLike({ SSESpecification: Match.absent() })] });
    const stack = new Stack(new App(), 'KeyStack');
    const key = new kms.Key(stack, 'Key');
    new IdempotencyTable(stack, 'Idempotency', { encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } } })],
    });
  });

  test('enables point-in-time recovery', () => {
    template.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  test('bills per request', () => {
    template.hasResourceProperties(TABLE, { BillingMode: 'PAY_PER_REQUEST' });
  });

  test('has no stream, so idempotency writes never reach the audit trail', () => {
    template.hasResourceProperties(TABLE, { StreamSpecification: Match.absent() });
  });

  test('is deleted with the stack by default', () => {
    template.hasResource(TABLE, { DeletionPolicy: 'Delete' });
  });

  test('is retained when asked', () => {
    retained.hasResource(TABLE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
