import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TodoTable, TodoTableProps } from '../../../lib/data/todo-table';

const TABLE = 'AWS::DynamoDB::GlobalTable';

function synth(props?: TodoTableProps): Template {
  const stack = new Stack(new App(), 'TestStack');
  new TodoTable(stack, 'Todos', props);
  return Template.fromStack(stack);
}

const template = synth();
const disposable = synth({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });

describe('TodoTable', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates exactly one table', () => {
    template.resourceCountIs(TABLE, 1);
  });

  test('bills per request', () => {
    template.hasResourceProperties(TABLE, { BillingMode: 'PAY_PER_REQUEST' });
  });

  test('encrypts with the AWS managed KMS key', () => {
    template.hasResourceProperties(TABLE, {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.absent() },
      Replicas: [Match.objectLike({ SSESpecification: Match.absent() })],
    });
  });

  test('encrypts the table and its stream with a customer-managed key when given one', () => {
    const stack = new Stack(new App(), 'KeyStack');
    const key = new kms.Key(stack, 'Key');
    new TodoTable(stack, 'Todos', { encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties(TABLE, {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } } })],
    });
  });

  test('enables point-in-time recovery', () => {
    template.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  test('streams new and old images for the audit trail', () => {
    template.hasResourceProperties(TABLE, { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  test('keys items by string pk (hash) and sk (range)', () => {
    template.hasResourceProperties(TABLE, {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    });
  });

  test('has the byOrder local index on the numeric order attribute, projecting all attributes', () => {
    template.hasResourceProperties(TABLE, {
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'order', AttributeType: 'N' }]),
      LocalSecondaryIndexes: [
        {
          IndexName: 'byOrder',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'order', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  test('protects the table from deletion by default', () => {
    template.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
  });

  test('retains the table when it leaves the stack by default', () => {
    template.hasResource(TABLE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('turns deletion protection off when asked', () => {
    disposable.hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
  });

  test('deletes the table with the stack when asked', () => {
    disposable.hasResource(TABLE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});
