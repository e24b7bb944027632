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

// Templates are read loosely, as JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Resource = { Type: string; Properties?: Record<string, Json> };
type Template = {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
};
type Templates = Record<string, Template>;

const FIS_LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';

/** The templates of every stack, by stack name; synthesized in an account like `cdk deploy` does. */
function synthesize(context: Record<string, unknown>): Templates {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  process.env.CDK_DEFAULT_ACCOUNT = '111111111111';
  process.env.CDK_DEFAULT_REGION = 'eu-west-1';
  try {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-groups-'));
    const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stacks = createTodoApp(app);
    // Nag findings are todo-app.test.ts's business: read the templates whatever they say.
    try {
      app.synth();
    } catch (error) {
      if (!/Validation ?failed/i.test(String(error))) throw error;
    }
    const all = [stacks.stateful, stacks.service, stacks.monitoring, ...(stacks.chaos ? [stacks.chaos] : [])];
    return Object.fromEntries(
      all.map((s) => [s.stackName, JSON.parse(fs.readFileSync(path.join(outdir, s.templateFile), 'utf8'))]),
    );
  } finally {
    for (const [key, value] of Object.entries({
      CDK_DEFAULT_ACCOUNT: saved.account,
      CDK_DEFAULT_REGION: saved.region,
    })) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const STAGES = {
  dev: synthesize({ stage: 'dev' }),
  prod: synthesize({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty' }),
  devChaos: synthesize({ stage: 'dev', chaosEnabled: 'true', fisExtensionLayerArn: FIS_LAYER }),
};

/** The log group resource a value points at: a Ref, or an import/stack output of another stack that is one. */
function logGroupAt(value: Json, stack: string, templates: Templates): Resource | undefined {
  if (value?.Ref) return templates[stack].Resources[value.Ref];
  const exportName = value?.['Fn::ImportValue'];
  if (typeof exportName === 'string') {
    for (const [other, t] of Object.entries(templates)) {
      const output = Object.values(t.Outputs ?? {}).find((o) => o.Export?.Name === exportName);
      if (output) return logGroupAt(output.Value, other, templates);
    }
  }
  const stackOutput = value?.['Fn::GetStackOutput'];
  if (stackOutput) {
    const output = templates[stackOutput.StackName]?.Outputs?.[stackOutput.OutputName];
    if (output) return logGroupAt(output.Value, stackOutput.StackName, templates);
  }
  return undefined;
}

/** Where each function logs: the group its LoggingConfig names, or the `/aws/lambda/<Ref>` group beside it. */
function functionLogGroups(templates: Templates): Array<{ fn: string; group?: Resource }> {
  return Object.entries(templates).flatMap(([stack, t]) =>
    Object.entries(t.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id, r]) => {
        const named = r.Properties?.LoggingConfig?.LogGroup;
        const group =
          named !== undefined
            ? logGroupAt(named, stack, templates)
            : Object.values(t.Resources).find(
                (g) =>
                  g.Type === 'AWS::Logs::LogGroup' &&
                  JSON.stringify(g.Properties?.LogGroupName) ===
                    JSON.stringify({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: id }]] }),
              );
        return { fn: `${stack}/${id}`, group: group?.Type === 'AWS::Logs::LogGroup' ? group : undefined };
      }),
  );
}

const logGroups = (templates: Templates) =>
  Object.entries(templates).flatMap(([stack, t]) =>
    Object.entries(t.Resources)
      .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')
      .map(([id, r]) => ({ id: `${stack}/${id}`, name: r.Properties?.LogGroupName, props: r.Properties ?? {} })),
  );
const named = (templates: Templates, name: string) => logGroups(templates).find((g) => g.name === name)?.props;

describe.each(Object.entries(STAGES))('log groups of %s', (stage, templates) => {
  test('every AWS::Lambda::Function (CDK helpers included) logs to an explicit group with retention and KMS', () => {
    const functions = functionLogGroups(templates);
    expect(functions.length).toBeGreaterThan(8);
    const bare = functions
      .filter((f) => f.group?.Properties?.RetentionInDays === undefined || f.group.Properties.KmsKeyId === undefined)
      .map((f) => f.fn);
    expect(bare).toEqual([]);
  });

  test('every log group the app creates has a retention and the log key', () => {
    const groups = logGroups(templates);
    expect(groups.filter((g) => g.props.RetentionInDays === undefined).map((g) => g.id)).toEqual([]);
    expect(groups.filter((g) => g.props.KmsKeyId === undefined).map((g) => g.id)).toEqual([]);
  });

  test('the canary user and canary log retention groups are encrypted', () => {
    const env = stage === 'prod' ? 'prod' : 'dev';
    for (const component of ['canary-user', 'canary-log-retention']) {
      expect(named(templates, `/todo/${env}/${component}`)?.KmsKeyId).toBeDefined();
    }
  });
});

test("S3 auto-delete (dev only) is one of the functions checked, with the stage's application log retention", () => {
  const helper = functionLogGroups(STAGES.dev).find((f) =>
    f.fn.includes('CustomS3AutoDeleteObjectsCustomResourceProvider'),
  );
  expect(helper?.group?.Properties).toMatchObject({ RetentionInDays: 7, KmsKeyId: expect.anything() });
  expect(functionLogGroups(STAGES.prod).some((f) => f.fn.includes('AutoDeleteObjects'))).toBe(false);
});

test.each([
  ['dev', 7, STAGES.dev],
  ['prod', 365, STAGES.prod],
] as const)('%s keeps the WAF and API access logs %i days, encrypted', (stage, days, templates) => {
  for (const name of [`aws-waf-logs-todo-${stage}-api`, `/aws/apigateway/todo-${stage}-api/access`]) {
    expect(named(templates, name)).toMatchObject({ RetentionInDays: days, KmsKeyId: expect.anything() });
  }
});

test('prod keeps the application logs 90 days and the audit trail a year', () => {
  expect(named(STAGES.prod, '/aws/lambda/todo-prod-list-todos')?.RetentionInDays).toBe(90);
  expect(named(STAGES.prod, '/todo/prod/audit')?.RetentionInDays).toBe(365);
});

test('the WAF logs of each stage redact the Authorization and Cookie headers', () => {
  for (const templates of Object.values(STAGES)) {
    const configs = Object.values(templates).flatMap((t) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::WAFv2::LoggingConfiguration'),
    );
    expect(configs).toHaveLength(1);
    expect(configs[0].Properties?.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
  }
});
