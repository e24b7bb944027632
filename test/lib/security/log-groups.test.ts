/**
 * App-wide, from the synthesized templates of dev, prod and dev with chaos: every Lambda function logs to an explicit
 * log group with retention and the log key, every log group has both, and the audit-relevant groups keep a year in
 * prod. Bundling is skipped (no assertion reads a bundle).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { createTodoApp } from '../../../lib/todo-app';
import { CloudAssembly } from '../../../scripts/alert-replay/cloud-assembly';
import { inAccount } from '../../support/in-account';

const FIS_LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';

/** Every stack of the app, synthesized in an account like `cdk deploy` does, read with the alert replay's resolver. */
function synthesize(context: Record<string, unknown>): CloudAssembly {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-groups-'));
  inAccount(() => {
    const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    createTodoApp(app);
    app.synth();
  });
  return CloudAssembly.load(outdir);
}

const STAGES = {
  dev: synthesize({ stage: 'dev' }),
  prod: synthesize({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty' }),
  devChaos: synthesize({ stage: 'dev', chaosEnabled: 'true', fisExtensionLayerArn: FIS_LAYER }),
};

interface LogGroup {
  readonly id: string;
  /** The deployed name (resolved across stacks). */
  readonly name: string;
  readonly props: Record<string, unknown>;
}

const logGroups = (assembly: CloudAssembly): LogGroup[] =>
  assembly.resourcesOfType('AWS::Logs::LogGroup').map((ref) => ({
    id: `${ref.stack.stackName}/${ref.logicalId}`,
    name: String(assembly.resolve(ref.stack, { Ref: ref.logicalId })),
    props: assembly.resource(ref).Properties ?? {},
  }));

/**
 * Where each function logs: the group its LoggingConfig names (in any stack), or else Lambda's default
 * `/aws/lambda/<function name>`; undefined when no log group of the app has that name.
 */
function functionLogGroups(assembly: CloudAssembly): Array<{ fn: string; group?: LogGroup }> {
  const groups = logGroups(assembly);
  return assembly.resourcesOfType('AWS::Lambda::Function').map((ref) => {
    const configured = (assembly.property(ref, 'LoggingConfig') as { LogGroup?: string } | undefined)?.LogGroup;
    const name = configured ?? `/aws/lambda/${String(assembly.resolve(ref.stack, { Ref: ref.logicalId }))}`;
    return { fn: `${ref.stack.stackName}/${ref.logicalId}`, group: groups.find((g) => g.name === name) };
  });
}

const named = (assembly: CloudAssembly, name: string) => logGroups(assembly).find((g) => g.name === name)?.props;

describe.each(Object.entries(STAGES))('log groups of %s', (stage, assembly) => {
  test('every AWS::Lambda::Function (CDK helpers included) logs to an explicit group with retention and KMS', () => {
    const functions = functionLogGroups(assembly);
    expect(functions.length).toBeGreaterThan(8);
    const bare = functions
      .filter((f) => f.group?.props.RetentionInDays === undefined || f.group.props.KmsKeyId === undefined)
      .map((f) => f.fn);
    expect(bare).toEqual([]);
  });

  test('every log group the app creates has a retention and the log key', () => {
    const groups = logGroups(assembly);
    expect(groups.filter((g) => g.props.RetentionInDays === undefined).map((g) => g.id)).toEqual([]);
    expect(groups.filter((g) => g.props.KmsKeyId === undefined).map((g) => g.id)).toEqual([]);
  });

  test('the canary user and canary log retention groups are encrypted', () => {
    const env = stage === 'prod' ? 'prod' : 'dev';
    for (const component of ['canary-user', 'canary-log-retention']) {
      expect(named(assembly, `/todo/${env}/${component}`)?.KmsKeyId).toBeDefined();
    }
  });
});

test("S3 auto-delete (dev only) is one of the functions checked, with the stage's application log retention", () => {
  const helper = functionLogGroups(STAGES.dev).find((f) =>
    f.fn.includes('CustomS3AutoDeleteObjectsCustomResourceProvider'),
  );
  expect(helper?.group?.props).toMatchObject({ RetentionInDays: 7, KmsKeyId: expect.anything() });
  expect(functionLogGroups(STAGES.prod).some((f) => f.fn.includes('AutoDeleteObjects'))).toBe(false);
});

test.each([
  ['dev', 7, STAGES.dev],
  ['prod', 365, STAGES.prod],
] as const)('%s keeps the WAF and API access logs %i days, encrypted', (stage, days, assembly) => {
  for (const name of [`aws-waf-logs-todo-${stage}-api`, `/aws/apigateway/todo-${stage}-api/access`]) {
    expect(named(assembly, name)).toMatchObject({ RetentionInDays: days, KmsKeyId: expect.anything() });
  }
});

test('prod keeps the application logs 90 days and the audit trail a year', () => {
  expect(named(STAGES.prod, '/aws/lambda/todo-prod-list-todos')?.RetentionInDays).toBe(90);
  expect(named(STAGES.prod, '/todo/prod/audit')?.RetentionInDays).toBe(365);
});

test('the WAF logs of each stage redact the Authorization and Cookie headers', () => {
  for (const assembly of Object.values(STAGES)) {
    const configs = assembly.resourcesOfType('AWS::WAFv2::LoggingConfiguration');
    expect(configs).toHaveLength(1);
    expect(assembly.resource(configs[0]).Properties?.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
  }
});
