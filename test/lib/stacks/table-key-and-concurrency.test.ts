/**
 * The `tableEncryption` and `reservedConcurrency` context keys on the real app, per stage: which key encrypts the
 * tables, who may use it, and what each function reserves.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { API_FUNCTIONS, AUDIT_PROCESSOR } from '../../../contract/routes';
import { createTodoApp } from '../../../lib/todo-app';

const TABLE = 'AWS::DynamoDB::GlobalTable';

function synth(context: Record<string, unknown>) {
  const { stateful, service, monitoring } = createTodoApp(
    new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }),
  );
  return {
    stateful: Template.fromStack(stateful),
    service: Template.fromStack(service),
    monitoring: Template.fromStack(monitoring),
  };
}

/** kms:* actions the role of the function named `name` may use, from its identity policies. */
function keyActionsOf(service: Template, name: string): string[] {
  const [fn] = Object.values(service.findResources('AWS::Lambda::Function', { Properties: { FunctionName: name } }));
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(
    service.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
  )
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
    .filter((a: string) => a.startsWith('kms:'))
    .sort();
}

/**
 * Two apps per stage, each synthesized once: the defaults, and both keys set otherwise (they touch different resources:
 * the table key and the functions' reserved concurrency).
 */
const APPS = Object.fromEntries(
  ['dev', 'prod'].map((stage) => [
    stage,
    { defaults: synth({ stage }), other: synth({ stage, tableEncryption: 'aws-managed', reservedConcurrency: '42' }) },
  ]),
);

const READ = ['kms:Decrypt', 'kms:DescribeKey'];
const WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

describe.each(['dev', 'prod'])('%s', (stage) => {
  const prefix = `todo-${stage}`;
  const { defaults, other } = APPS[stage];

  describe('tableEncryption=customer-managed (the default)', () => {
    const { stateful, service } = defaults;
    const [keyId] = Object.keys(
      stateful.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('tables') } }),
    );

    test('one rotated key, its cost in its description, encrypts both tables and the stream', () => {
      stateful.hasResourceProperties('AWS::KMS::Key', {
        Description: Match.stringLikeRegexp(`^Encrypts the ${prefix} todo and idempotency tables.*\\$1/month`),
        EnableKeyRotation: true,
      });
      const tables = Object.values(stateful.findResources(TABLE));
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
        expect(table.Properties.Replicas[0].SSESpecification).toEqual({
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        });
      }
    });

    test.each(API_FUNCTIONS.map((d) => [d.name, d]))('%s may use the key as its table actions need', (name, d) => {
      const writes = d.idempotency || d.tableActions.some((a) => !['dynamodb:Query', 'dynamodb:GetItem'].includes(a));
      expect(keyActionsOf(service, `${prefix}-${name}`)).toEqual(writes ? WRITE : READ);
    });

    test('the audit processor may decrypt the stream', () => {
      expect(keyActionsOf(service, `${prefix}-${AUDIT_PROCESSOR.name}`)).toEqual(READ);
    });
  });

  describe('tableEncryption=aws-managed', () => {
    const { stateful, service } = other;

    test('no table key: both tables use aws/dynamodb', () => {
      stateful.resourceCountIs('AWS::KMS::Key', 1); // the log key only
      for (const table of Object.values(stateful.findResources(TABLE))) {
        expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
        expect(table.Properties.Replicas[0].SSESpecification).toBeUndefined();
      }
    });

    test('no function is granted a key for the tables', () => {
      for (const name of [...API_FUNCTIONS.map((d) => d.name), AUDIT_PROCESSOR.name]) {
        expect(keyActionsOf(service, `${prefix}-${name}`)).toEqual([]);
      }
    });
  });

  describe('reservedConcurrency', () => {
    const names = [...API_FUNCTIONS.map((d) => d.name), AUDIT_PROCESSOR.name].map((n) => [`${prefix}-${n}`]);
    const byDefault = defaults.service;
    const set = other.service;

    test.each(names)('%s reserves the default sized from the API throttle', (name) => {
      byDefault.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        ReservedConcurrentExecutions: stage === 'prod' ? 100 : 10,
      });
    });

    test.each(names)('%s reserves what the context key says', (name) => {
      set.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name, ReservedConcurrentExecutions: 42 });
    });
  });
});

describe('the canary credentials secret', () => {
  const { monitoring } = APPS.prod.defaults;
  const [keyId] = Object.keys(
    monitoring.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('credentials') } }),
  );

  test('is encrypted with its own customer-managed key', () => {
    monitoring.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'todo-prod/canary-user',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  test('only the canary role and the canary-user function may decrypt with it, through Secrets Manager', () => {
    const [key] = Object.values(
      monitoring.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('credentials') } }),
    );
    const decryptors = key.Properties.KeyPolicy.Statement.filter(
      (s: { Effect: string; Action: unknown; Principal: { AWS: unknown } }) =>
        s.Effect === 'Allow' && s.Action === 'kms:Decrypt',
    );
    const principals = decryptors
      .flatMap((s: { Principal: { AWS: unknown } }) => [s.Principal.AWS].flat())
      .map((p: { 'Fn::GetAtt': string[] }) => p['Fn::GetAtt'][0])
      .sort();
    expect(principals).toEqual([expect.stringMatching(/^CanaryRole/), expect.stringMatching(/^CanaryUserRole/)]);
    for (const s of decryptors) {
      expect(s.Condition.StringEquals['kms:ViaService']).toEqual({
        'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
      });
    }
  });
});
