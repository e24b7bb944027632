import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogEncryptionKey, personalDataProtectionPolicy } from '../../../lib/security/log-encryption-key';
import { deployedText as flatten } from '../../support/template-text';

const KEY = 'AWS::KMS::Key';

function synth(props: { removalPolicy?: RemovalPolicy } = {}): Template {
  const stack = new Stack(new App(), 'TestStack');
  const { key } = new LogEncryptionKey(stack, 'LogEncryption', { namePrefix: 'todo-test', ...props });
  new logs.LogGroup(stack, 'AuditLog', {
    logGroupName: '/todo/test/audit',
    encryptionKey: key,
    dataProtectionPolicy: personalDataProtectionPolicy('todo-test-audit-personal-data'),
  });
  return Template.fromStack(stack);
}

const template = synth();
const destroyable = synth({ removalPolicy: RemovalPolicy.DESTROY });

/** The key policy statement that lets CloudWatch Logs use the key. */
function logsStatement() {
  const [key] = Object.values(template.findResources(KEY));
  const found = key.Properties.KeyPolicy.Statement.filter(
    (s: { Principal?: { Service?: unknown } }) =>
      s.Principal?.Service !== undefined && flatten(s.Principal.Service).startsWith('logs.'),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/** The synthesized DataProtectionPolicy of the log group. */
function dataProtectionPolicy() {
  const [group] = Object.values(template.findResources('AWS::Logs::LogGroup'));
  return group.Properties.DataProtectionPolicy;
}

describe('LogEncryptionKey', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one key, described after what it protects', () => {
    template.resourceCountIs(KEY, 1);
    template.hasResourceProperties(KEY, { Description: 'Encrypts the todo-test log groups' });
  });

  test('rotates the key and retains it by default', () => {
    template.hasResource(KEY, {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('removalPolicy overrides the retention', () => {
    destroyable.hasResource(KEY, { DeletionPolicy: 'Delete' });
  });

  test('lets the regional CloudWatch Logs service principal encrypt and decrypt', () => {
    const statement = logsStatement();
    expect(statement.Effect).toBe('Allow');
    expect(flatten(statement.Principal.Service)).toBe('logs.eu-west-1.amazonaws.com');
    expect(statement.Action).toEqual(
      expect.arrayContaining([
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:Describe*',
      ]),
    );
  });

  test('only for log groups of this account and region (ArnLike on the logs encryption context)', () => {
    const { Condition } = logsStatement();
    expect(Object.keys(Condition)).toEqual(['ArnLike']);
    expect(Object.keys(Condition.ArnLike)).toEqual(['kms:EncryptionContext:aws:logs:arn']);
    expect(flatten(Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:*',
    );
  });

  test('grants CloudWatch Logs no key administration', () => {
    const actions: string[] = logsStatement().Action;
    expect(actions.filter((a) => !/^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|Describe)/.test(a))).toEqual([]);
  });

  test('a log group given the key is encrypted with it', () => {
    const [keyId] = Object.keys(template.findResources(KEY));
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });
});

describe('personalDataProtectionPolicy', () => {
  const identifiers = (statement: { DataIdentifier: unknown[] }) => statement.DataIdentifier.map(flatten).sort();
  const EXPECTED = [
    'arn:aws:dataprotection::aws:data-identifier/EmailAddress',
    'arn:aws:dataprotection::aws:data-identifier/IpAddress',
  ];

  test('is named and described as given', () => {
    expect(dataProtectionPolicy()).toMatchObject({
      Name: 'todo-test-audit-personal-data',
      Description: 'Masks e-mail and IP addresses',
      Version: '2021-06-01',
    });
  });

  test('audits e-mail and IP addresses', () => {
    const audit = dataProtectionPolicy().Statement.filter((s: { Operation: object }) => 'Audit' in s.Operation);
    expect(audit).toHaveLength(1);
    expect(identifiers(audit[0])).toEqual(EXPECTED);
  });

  test('masks (de-identifies) e-mail and IP addresses', () => {
    const deidentify = dataProtectionPolicy().Statement.filter(
      (s: { Operation: object }) => 'Deidentify' in s.Operation,
    );
    expect(deidentify).toHaveLength(1);
    expect(deidentify[0].Operation.Deidentify).toEqual({ MaskConfig: {} });
    expect(identifiers(deidentify[0])).toEqual(EXPECTED);
  });

  test('has exactly the audit and de-identify statements', () => {
    expect(dataProtectionPolicy().Statement).toHaveLength(2);
  });
});
