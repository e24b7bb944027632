import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CONTROL_TOWER } from '../../../lib/security/acknowledgements';
import { CloudAssembly, ResourceRef, TemplateResource } from '../../../scripts/alert-replay/cloud-assembly';
import { createTodoApp } from '../../../lib/todo-app';

/**
 * The Control Tower exemptions marked `intrinsicFalsePositive` claim the offline rule misreads an intrinsic and the
 * resolved value passes. Shown here: each covered resource fails the rule as synthesized, and passes once its
 * intrinsics are resolved the way CloudFormation would.
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

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-intrinsics-'));
const app = new App({
  outdir,
  context: { stage: 'dev', pagerDutySecretName: 'todo/dev/pagerduty', 'aws:cdk:bundling-stacks': [] },
});
const { acknowledgements } = createTodoApp(app);
app.synth();
// The alert replay's resolver: imports and stack outputs to the exporting stack's value, joins to strings.
const assembly = CloudAssembly.load(outdir);

/** The template resource behind a construct path, with its stack. */
function resourceAt(constructPath: string): { ref: ResourceRef; resource: TemplateResource } {
  const construct = app.node.findAll().find((c) => c.node.path === constructPath) as CfnResource;
  const stack = assembly.stacks.find((s) => s.stackName === Stack.of(construct).stackName)!;
  const ref = { stack, logicalId: Stack.of(construct).resolve(construct.logicalId) as string };
  return { ref, resource: assembly.resource(ref) };
}

/** Each rule's guard file, read once: `rule <name> when` opens it. */
const RULE_FILES = new Map(
  fs
    .readdirSync(RULES_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.guard'))
    .flatMap((f) =>
      [...fs.readFileSync(path.join(RULES_DIR, f), 'utf8').matchAll(/^rule (\w+) when/gm)].map(
        (m) => [m[1], path.join(RULES_DIR, f)] as const,
      ),
    ),
);

function ruleFile(ruleName: string): string {
  const file = RULE_FILES.get(ruleName);
  if (!file) throw new Error(`no guard rule ${ruleName}`);
  return file;
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
  test.each(acknowledgements.get(ack) ?? [])('%s fails as synthesized and passes resolved', (constructPath) => {
    const { ref, resource } = resourceAt(constructPath);
    const resolved = { ...resource, Properties: assembly.resolve(ref.stack, resource.Properties) };
    for (const rule of ack.rules) {
      expect(passes(rule, ref.logicalId, resource)).toBe(false);
      expect(passes(rule, ref.logicalId, resolved)).toBe(true);
    }
  });
});

test('imported log-group keys resolve to a KMS key of the exporting stack', () => {
  const logGroups = falsePositives.find((ack) => ack.rules.includes('cloudwatch_log_group_encrypted_check'))!;
  for (const constructPath of acknowledgements.get(logGroups) ?? []) {
    const { ref } = resourceAt(constructPath);
    expect(assembly.property(ref, 'KmsKeyId')).toMatch(/^arn:aws:kms:us-east-1:111111111111:/);
  }
});
