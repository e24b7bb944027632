import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CONTROL_TOWER } from '../../../lib/security/acknowledgements';
import { createTodoApp } from '../../../lib/todo-app';

/**
 * The Control Tower exemptions marked `intrinsicFalsePositive` claim the offline rule misreads an intrinsic and the
 * resolved value passes. Shown here: each covered resource fails the rule as synthesized, and passes once its
 * intrinsics are resolved the way CloudFormation would (imports to the exporting stack's value, joins to strings).
 */

const GUARD_PACKAGE = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const GUARD_BINARY = path.join(
  GUARD_PACKAGE,
  'bin',
  process.platform === 'darwin' ? 'macos' : 'ubuntu',
  process.arch === 'arm64' ? 'aarch64' : 'x86_64',
  'cfn-guard',
);
const RULES_DIR = path.join(GUARD_PACKAGE, 'rules', 'control-tower', 'cfn-guard');

type Template = {
  Resources: Record<string, { Type: string; Properties?: unknown }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
};

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-intrinsics-'));
const app = new App({
  outdir,
  context: { stage: 'dev', pagerDutySecretName: 'todo/dev/pagerduty', 'aws:cdk:bundling-stacks': [] },
});
const { acknowledgements } = createTodoApp(app);
const assembly = app.synth();
const templates = new Map<string, Template>(assembly.stacks.map((s) => [s.stackName, s.template as Template]));

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '111111111111',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
};

/** What CloudFormation would put in place of an intrinsic, as a string: enough for rules that read values. */
function resolveValue(value: unknown, template: Template): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, template));
  if (typeof value !== 'object' || value === null) return value;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation intrinsics, read by shape
  const object = value as Record<string, any>;
  if ('Ref' in object) return PSEUDO[object.Ref] ?? physicalId(object.Ref, template);
  if ('Fn::GetAtt' in object) return arnOf(object['Fn::GetAtt'][0], template);
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'];
    return (resolveValue(parts, template) as string[]).join(separator);
  }
  if ('Fn::ImportValue' in object) return imported(object['Fn::ImportValue']);
  if ('Fn::GetStackOutput' in object) return stackOutput(object['Fn::GetStackOutput']);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolveValue(v, template)]));
}

function physicalId(logicalId: string, template: Template): string {
  if (!(logicalId in template.Resources)) throw new Error(`no resource ${logicalId}`);
  return `${logicalId.toLowerCase()}-physical-id`;
}

/** An ARN of the referenced resource's service, so a test can see what kind of resource a value names. */
function arnOf(logicalId: string, template: Template): string {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  const service = resource.Type.split('::')[1].toLowerCase();
  return `arn:aws:${service}:us-east-1:111111111111:${resource.Type.split('::')[2].toLowerCase()}/${logicalId}`;
}

/** An import resolves to the value the exporting stack's output gives it. */
function imported(exportName: string): unknown {
  for (const template of templates.values()) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export?.Name === exportName) return resolveValue(output.Value, template);
    }
  }
  throw new Error(`no stack exports ${exportName}`);
}

/** A weak cross-stack reference (cdk.json's flag) resolves to the named output of the named stack. */
function stackOutput(reference: { StackName: string; OutputName: string }): unknown {
  const template = templates.get(reference.StackName);
  const output = template?.Outputs?.[reference.OutputName];
  if (!template || !output) throw new Error(`no output ${reference.OutputName} in ${reference.StackName}`);
  return resolveValue(output.Value, template);
}

function ruleFile(ruleName: string): string {
  const files = fs.readdirSync(RULES_DIR, { recursive: true }).map(String);
  const file = files.find(
    (f) => f.endsWith('.guard') && fs.readFileSync(path.join(RULES_DIR, f), 'utf8').includes(`rule ${ruleName} when`),
  );
  if (!file) throw new Error(`no guard rule ${ruleName}`);
  return path.join(RULES_DIR, file);
}

/** Runs one Control Tower rule on a template holding one resource; true when it passes. */
function passes(ruleName: string, logicalId: string, resource: unknown): boolean {
  const data = path.join(outdir, `${logicalId}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(data, JSON.stringify({ Resources: { [logicalId]: resource } }));
  const run = spawnSync(GUARD_BINARY, [
    'validate',
    '--rules',
    ruleFile(ruleName),
    '--data',
    data,
    '--output-format',
    'json',
    '--show-summary',
    'none',
    '--structured',
  ]);
  const [result] = JSON.parse(run.stdout.toString()) as Array<{ status: string }>;
  return result.status === 'PASS';
}

const falsePositives = CONTROL_TOWER.acknowledgements.filter((ack) => ack.intrinsicFalsePositive);

test('the intrinsic false-positive exemptions cover resources of the app', () => {
  expect(falsePositives.length).toBeGreaterThan(0);
  for (const ack of falsePositives) expect(acknowledgements.get(ack)?.length).toBeGreaterThan(0);
});

describe.each(falsePositives.map((ack) => [ack.rules.join(', '), ack] as const))('%s', (_, ack) => {
  const covered = (acknowledgements.get(ack) ?? []).map((constructPath) => {
    const resource = app.node.findAll().find((c) => c.node.path === constructPath) as CfnResource;
    const stack = Stack.of(resource);
    const template = templates.get(stack.stackName)!;
    const logicalId = stack.resolve(resource.logicalId) as string;
    return { constructPath, logicalId, template, resource: template.Resources[logicalId] };
  });

  test.each(covered.map((c) => [c.constructPath, c] as const))(
    '%s fails as synthesized and passes resolved',
    (_path, { logicalId, template, resource }) => {
      for (const rule of ack.rules) {
        expect(passes(rule, logicalId, resource)).toBe(false);
        expect(passes(rule, logicalId, { ...resource, Properties: resolveValue(resource.Properties, template) })).toBe(
          true,
        );
      }
    },
  );
});

test('imported log-group keys resolve to a KMS key of the exporting stack', () => {
  const logGroups = falsePositives.find((ack) => ack.rules.includes('cloudwatch_log_group_encrypted_check'))!;
  for (const constructPath of acknowledgements.get(logGroups) ?? []) {
    const resource = app.node.findAll().find((c) => c.node.path === constructPath) as CfnResource;
    const stack = Stack.of(resource);
    const template = templates.get(stack.stackName)!;
    const properties = template.Resources[stack.resolve(resource.logicalId) as string].Properties as {
      KmsKeyId: unknown;
    };
    expect(resolveValue(properties.KmsKeyId, template)).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
  }
});
