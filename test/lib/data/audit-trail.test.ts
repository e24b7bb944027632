import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AuditTrail, AuditTrailProps } from '../../../lib/data/audit-trail';
import { TodoTable } from '../../../lib/data/todo-table';

const ENTRY = path.join(__dirname, '..', '..', 'fixtures', 'handler.ts');
const FUNCTION = 'AWS::Lambda::Function';
const MAPPING = 'AWS::Lambda::EventSourceMapping';
const QUEUE = 'AWS::SQS::Queue';

function fixture(scope: Stack): Pick<AuditTrailProps, 'table' | 'auditLogGroup'> {
  return {
    table: new TodoTable(scope, 'Todos').table,
    auditLogGroup: new logs.LogGroup(scope, 'AuditLog', { logGroupName: '/todo/test/audit' }),
  };
}

const baseProps = {
  functionName: 'todo-test-audit-stream-processor',
  deadLetterQueueName: 'todo-test-audit-failures',
  metricsNamespace: 'TodoTest',
  entry: ENTRY,
};

// One audit trail with every default, synthesized once.
const stack = new Stack(new App(), 'TestStack');
const { table, auditLogGroup } = fixture(stack);
new AuditTrail(stack, 'AuditTrail', { ...baseProps, table, auditLogGroup });
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources;
const idOf = (type: string): string => {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
};
const tableId = idOf('AWS::DynamoDB::GlobalTable');
const queueId = idOf(QUEUE);
const functionId = idOf(FUNCTION);
const logGroupId = idOf('AWS::Logs::LogGroup');
const roleId = resources[functionId].Properties.Role['Fn::GetAtt'][0];
const statements: Array<{ Action: string | string[]; Resource: unknown }> = Object.values(
  template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
const actionsOf = (s: { Action: string | string[] }): string[] => [s.Action].flat();

describe('AuditTrail', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one processor, one event source mapping and one dead-letter queue', () => {
    template.resourceCountIs(FUNCTION, 1);
    template.resourceCountIs(MAPPING, 1);
    template.resourceCountIs(QUEUE, 1);
  });

  test('reads the table stream from the oldest record, 100 at a time, one batch per shard at once', () => {
    template.hasResourceProperties(MAPPING, {
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      ParallelizationFactor: 1,
    });
  });

  test("invokes the processor's live alias, never $LATEST", () => {
    const [aliasId] = Object.keys(template.findResources('AWS::Lambda::Alias'));
    expect(resources[aliasId].Properties).toEqual(
      expect.objectContaining({ Name: 'live', FunctionName: { Ref: functionId } }),
    );
    template.hasResourceProperties(MAPPING, {
      FunctionName: {
        'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId }] }] }, ':live']],
      },
    });
  });

  test('contains a poison record: partial batch responses, bisecting, 10 retries, 6 hours at most', () => {
    template.hasResourceProperties(MAPPING, {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 6 * 3600,
    });
  });

  test("sends a failed batch's context to the dead-letter queue", () => {
    template.hasResourceProperties(MAPPING, {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  test('keeps dead letters 14 days, encrypted, under its name', () => {
    template.hasResourceProperties(QUEUE, {
      QueueName: 'todo-test-audit-failures',
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  test('refuses dead-letter queue access without TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('writes its entries into the audit log group and creates no log group of its own', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties(FUNCTION, {
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: logGroupId } }),
    });
  });

  test('runs as service todo-audit, traced', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: 'todo-test-audit-stream-processor',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'todo-audit',
          POWERTOOLS_METRICS_NAMESPACE: 'TodoTest',
        }),
      },
    });
  });

  test('may read the table stream, and nothing on the table itself', () => {
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    for (const statement of dynamo) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    }
  });

  test('may send to its dead-letter queue', () => {
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      }),
    );
  });

  test('may do nothing beyond logs, X-Ray, the stream and the queue', () => {
    const actions = statements.flatMap(actionsOf);
    expect(
      actions.filter(
        (a) =>
          !/^(logs|xray|sqs):/.test(a) &&
          !/^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/.test(a),
      ),
    ).toEqual([]);
  });

  describe('validation', () => {
    const build = (props: Partial<AuditTrailProps>) => {
      const scope = new Stack(new App(), 'InvalidStack');
      return () => new AuditTrail(scope, 'AuditTrail', { ...baseProps, ...fixture(scope), ...props });
    };

    test('fails when the table has no stream ARN (an imported table without a stream)', () => {
      const scope = new Stack(new App(), 'InvalidStack');
      const imported = dynamodb.Table.fromTableName(scope, 'Imported', 'todos');
      expect(() => new AuditTrail(scope, 'AuditTrail', { ...baseProps, ...fixture(scope), table: imported })).toThrow(
        /stream/i,
      );
    });

    test.each([0, 10001, 2.5])('fails when batchSize is %p', (batchSize) => {
      expect(build({ batchSize })).toThrow(`batchSize must be an integer between 1 and 10000, got ${batchSize}`);
    });

    test.each([-1, 10001, 1.5])('fails when retryAttempts is %p', (retryAttempts) => {
      expect(build({ retryAttempts })).toThrow(
        `retryAttempts must be an integer between 0 and 10000, got ${retryAttempts}`,
      );
    });

    test('fails when maxRecordAge reaches the stream retention (24 hours)', () => {
      expect(build({ maxRecordAge: Duration.hours(24) })).toThrow(/maxRecordAge must be under 24 hours/);
    });
  });
});

describe('AuditTrail on a table with a customer-managed key', () => {
  const scope = new Stack(new App(), 'KeyStack');
  const key = new kms.Key(scope, 'TableKey');
  const keyed = new TodoTable(scope, 'Todos', { encryptionKey: key });
  const auditLog = new logs.LogGroup(scope, 'AuditLog', { logGroupName: '/todo/test/audit' });
  const trail = new AuditTrail(scope, 'AuditTrail', {
    ...baseProps,
    table: keyed.table,
    tableEncryptionKey: key,
    auditLogGroup: auditLog,
    reservedConcurrency: 12,
  });
  const keyedTemplate = Template.fromStack(scope);
  const roleId = scope.getLogicalId(trail.processor.role.node.defaultChild as cdk.CfnElement);

  test('lets the processor decrypt the stream with the key', () => {
    keyedTemplate.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:DescribeKey'],
            Resource: { 'Fn::GetAtt': ['TableKeyF581D96F', 'Arn'] },
          },
        ]),
      },
    });
  });

  test('reserves the concurrency it is given', () => {
    keyedTemplate.hasResourceProperties(FUNCTION, { ReservedConcurrentExecutions: 12 });
  });
});
