import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Token, Validations } from 'aws-cdk-lib';
import { BudgetGuard } from '../../lib/cost/budget-guard';
import { ACKNOWLEDGEMENTS, AcknowledgementUse } from '../../lib/security/acknowledgements';
import { createTodoApp } from '../../lib/todo-app';
import { SECURITY_DOC, securityDoc } from '../../scripts/security-doc';
import { inAccount } from '../support/in-account';

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
    suppressedViolations?: Array<{
      ruleName: string;
      acknowledgedId: string;
      reason: string;
      violatingConstructs: Array<{ constructPath: string }>;
    }>;
  }>;
}

interface Synthesis {
  readonly report: ValidationReport;
  /** Which resources each reviewed exemption covered. */
  readonly use: AcknowledgementUse;
}

/**
 * Synthesizes the real app for a stage with every check a reviewer asks for: cdk-nag, the budget guard,
 * CloudFormation's own checks, and the AWS Control Tower proactive controls (cfn-guard rules, offline). Bundling
 * is skipped: no rule reads a bundle (test/lambda/bundles.test.ts checks them).
 */
function synthesize(context: Record<string, unknown>): Synthesis {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-app-'));
  const app = new App({ outdir, context, builtinCloudFormationValidation: true });
  const { acknowledgements } = createTodoApp(app, { compliancePacks: true });
  Validations.of(app).addPlugins(new CfnGuardValidator());
  try {
    app.synth();
  } catch (error) {
    // Synthesis fails on nag errors; the report below says which, so the assertions show them.
    if (!/Validation ?failed/i.test(String(error))) throw error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return { report, use: acknowledgements };
}

/** The packs that must report nothing unacknowledged: cdk-nag's and the Control Tower controls. */
const NAG_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'Serverless', 'cdk-validator-cfnguard'];
/** Stack names, environments and nag findings don't need the handlers bundled. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };
const FIS_LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';
const syntheses = {
  dev: synthesize({ stage: 'dev', ...NO_BUNDLING }),
  prod: synthesize({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty', ...NO_BUNDLING }),
  // The FIS extension, its bucket and the chaos stack exist only where chaos is enabled.
  devChaos: synthesize({ stage: 'dev', chaosEnabled: 'true', fisExtensionLayerArn: FIS_LAYER, ...NO_BUNDLING }),
  // Acknowledgements must name resources the way nag renders them in an account, not only env-agnostic.
  prodInAccount: inAccount(() =>
    synthesize({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty', ...NO_BUNDLING }),
  ),
};

function acknowledgements(report: ValidationReport): string[] {
  return report.pluginReports
    .flatMap((plugin) => plugin.suppressedViolations ?? [])
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`))
    .sort();
}

const reports = Object.fromEntries(Object.entries(syntheses).map(([k, v]) => [k, v.report])) as Record<
  keyof typeof syntheses,
  ValidationReport
>;

describe.each(['dev', 'prod', 'devChaos', 'prodInAccount'] as const)('cdk-nag over the %s app', (stage) => {
  const report = reports[stage];

  const nagPacks = report.pluginReports.filter((p) => NAG_PACKS.includes(p.pluginName));

  test('runs the AwsSolutions, Serverless and NIST 800-53 r5 packs, the Control Tower controls and the budget guard (and reports construct annotations, nothing else)', () => {
    expect(nagPacks.map((p) => p.pluginName).sort()).toEqual(NAG_PACKS);
    const others = report.pluginReports.map((p) => p.pluginName).filter((name) => !NAG_PACKS.includes(name));
    expect(others.filter((name) => name !== 'Construct Annotations' && name !== BudgetGuard.NAME)).toEqual([]);
  });

  test("stays within the stage's default observability budget at its expected traffic", () => {
    // A plugin without findings is left out of the report; the guard's own tests show it warns when over.
    const overBudget = report.pluginReports
      .flatMap((p) => p.violations)
      .filter((v) => v.ruleName === 'observability-budget');
    expect(overBudget).toEqual([]);
  });

  test('has zero unacknowledged findings', () => {
    const findings = nagPacks.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`)),
    );
    expect(findings).toEqual([]);
  });

  test('warns only that nobody is paged, and only where no PagerDuty secret is configured', () => {
    const warnings = report.pluginReports
      .filter((p) => p.pluginName === 'Construct Annotations')
      .flatMap((p) =>
        p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`)),
      );
    expect(warnings).toEqual(
      stage.startsWith('prod') ? [] : ['Annotation::todo:no-pagerduty @ Monitoring/AlertTopics'],
    );
  });

  test('gives every acknowledgement a specific reason', () => {
    const suppressed = report.pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const violation of suppressed) {
      expect(violation.reason.length).toBeGreaterThan(60);
    }
  });
});

describe('the reviewed exemptions (lib/security/acknowledgements)', () => {
  test('docs/security.md is the one `npm run docs:security` generates now', () => {
    const doc = securityDoc({ dev: syntheses.dev.use, prod: syntheses.prod.use });
    expect(fs.readFileSync(SECURITY_DOC, 'utf8')).toBe(doc);
  });

  const all = Object.values(syntheses);
  const entries = ACKNOWLEDGEMENTS.flatMap((pack) =>
    pack.acknowledgements.map((ack) => ({ pack: pack.plugin, ack, label: `${pack.plugin}: ${ack.rules.join(', ')}` })),
  );

  test('none is stale: each covers a resource of some stage', () => {
    const stale = entries.filter(({ ack }) => all.every((s) => (s.use.get(ack) ?? []).length === 0));
    expect(stale.map((e) => e.label)).toEqual([]);
  });

  test('each is narrow: every resource it covers has a finding it accepts', () => {
    const unneeded: string[] = [];
    for (const { pack, ack, label } of entries) {
      for (const synthesis of all) {
        const accepted = new Set(
          synthesis.report.pluginReports
            .filter((p) => p.pluginName === pack)
            .flatMap((p) => p.suppressedViolations ?? [])
            .filter((v) => v.reason === ack.reason)
            .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath)),
        );
        for (const covered of synthesis.use.get(ack) ?? []) {
          if (!accepted.has(covered)) unneeded.push(`${label} @ ${covered}`);
        }
      }
    }
    expect([...new Set(unneeded)].sort()).toEqual([]);
  });
});

test('prod needs no Cognito plan acknowledgement (Plus with threat protection)', () => {
  const prod = acknowledgements(reports.prod);
  expect(prod.some((a) => a.startsWith('AwsSolutions-COG8'))).toBe(false);
  expect(prod).toContain('Serverless-APIGWStructuredLogging @ Service/Api/RestApi/DeploymentStage.prod/Resource');
});

describe('stage selection', () => {
  test('fails when stage is unknown', () => {
    expect(() => createTodoApp(new App({ context: { stage: 'qa' } }))).toThrow(
      'Invalid context value for "stage": "qa". Allowed: dev, prod.',
    );
  });

  test('names stacks after app and stage', () => {
    const stacks = createTodoApp(new App({ context: { stage: 'dev', ...NO_BUNDLING } }));
    expect([stacks.stateful, stacks.service, stacks.monitoring].map((s) => s.stackName)).toEqual([
      'todo-dev-stateful',
      'todo-dev-service',
      'todo-dev-monitoring',
    ]);
  });

  test('stays env-agnostic unless CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION are set', () => {
    const saved = {
      CDK_DEFAULT_ACCOUNT: process.env.CDK_DEFAULT_ACCOUNT,
      CDK_DEFAULT_REGION: process.env.CDK_DEFAULT_REGION,
    };
    const restore = () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    try {
      delete process.env.CDK_DEFAULT_ACCOUNT;
      delete process.env.CDK_DEFAULT_REGION;
      expect(Token.isUnresolved(createTodoApp(new App({ context: NO_BUNDLING })).service.account)).toBe(true);
      process.env.CDK_DEFAULT_ACCOUNT = '111111111111';
      process.env.CDK_DEFAULT_REGION = 'eu-west-1';
      const { service } = createTodoApp(new App({ context: NO_BUNDLING }));
      expect([service.account, service.region]).toEqual(['111111111111', 'eu-west-1']);
    } finally {
      restore();
    }
  });
});
