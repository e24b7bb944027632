import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Token } from 'aws-cdk-lib';
import { BudgetGuard } from '../../lib/cost/budget-guard';
import { createTodoApp } from '../../lib/todo-app';

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

/** Synthesizes the real app for a stage and returns the validation report (cdk-nag, the budget guard, CloudFormation's own checks). Bundling is skipped: no rule reads a bundle (test/lambda/bundles.test.ts checks them). */
function synthesize(context: Record<string, unknown>): ValidationReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-app-'));
  const app = new App({ outdir, context, builtinCloudFormationValidation: true });
  createTodoApp(app);
  try {
    app.synth();
  } catch (error) {
    // Synthesis fails on nag errors; the report below says which, so the assertions show them.
    if (!/Validation ?failed/i.test(String(error))) throw error;
  }
  return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}

const NAG_PACKS = ['AwsSolutions', 'Serverless'];
/** Stack names, environments and nag findings don't need the handlers bundled. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };
const FIS_LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';
/** With the account and region the CLI sets from your credentials (`cdk deploy`): ARNs render concretely. */
function synthesizeInAccount(context: Record<string, unknown>): ValidationReport {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  process.env.CDK_DEFAULT_ACCOUNT = '111111111111';
  process.env.CDK_DEFAULT_REGION = 'eu-west-1';
  try {
    return synthesize(context);
  } finally {
    for (const [key, value] of [
      ['CDK_DEFAULT_ACCOUNT', saved.account],
      ['CDK_DEFAULT_REGION', saved.region],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const reports = {
  dev: synthesize({ stage: 'dev', ...NO_BUNDLING }),
  prod: synthesize({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty', ...NO_BUNDLING }),
  // The FIS extension, its bucket and the chaos stack exist only where chaos is enabled.
  devChaos: synthesize({ stage: 'dev', chaosEnabled: 'true', fisExtensionLayerArn: FIS_LAYER, ...NO_BUNDLING }),
  // Acknowledgements must name resources the way nag renders them in an account, not only env-agnostic.
  prodInAccount: synthesizeInAccount({ stage: 'prod', pagerDutySecretName: 'todo/prod/pagerduty', ...NO_BUNDLING }),
};

/** What enabling chaos adds to the acknowledgements of its stage. */
const CHAOS_ACKNOWLEDGEMENTS = [
  'AwsSolutions-S1 @ Service/FaultInjection/ConfigBucket/Resource',
  ...['ListTodos', 'CreateTodo', 'DeleteAllTodos', 'GetTodo', 'UpdateTodo', 'DeleteTodo'].map(
    (fn) =>
      `AwsSolutions-IAM5[Resource::<FaultInjectionConfigBucket48A63111.Arn>/FisConfigs/*] @ Service/${fn}Function/Role/DefaultPolicy/Resource`,
  ),
  ...['ReadLatency', 'CreateErrors'].flatMap((experiment) => [
    `AwsSolutions-IAM5[Resource::*] @ Chaos/${experiment}/Role/DefaultPolicy/Resource`,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::todo-dev-fis-config-<AWS::AccountId>-<AWS::Region>/FisConfigs/*] @ Chaos/${experiment}/Role/DefaultPolicy/Resource`,
  ]),
];

/** Every acknowledgement the app makes, as "rule @ construct path": changes to this list are reviewed on purpose. */
const EXPECTED_ACKNOWLEDGEMENTS = {
  dev: [
    'AwsSolutions-COG2 @ Stateful/Users/UserPool/Resource',
    'AwsSolutions-COG8 @ Stateful/Users/UserPool/Resource',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs] @ Service/Api/RestApi/CloudWatchRole/Resource',
    ...['ListTodos', 'CreateTodo', 'DeleteAllTodos', 'GetTodo', 'UpdateTodo', 'DeleteTodo'].flatMap((fn) => [
      `AwsSolutions-IAM5[Resource::*] @ Service/${fn}Function/Role/DefaultPolicy/Resource`,
      `Serverless-LambdaDLQ @ Service/${fn}Function/Function/Resource`,
    ]),
    'AwsSolutions-IAM5[Resource::*] @ Service/AuditTrail/Processor/Role/DefaultPolicy/Resource',
    'Serverless-LambdaDLQ @ Service/AuditTrail/Processor/Function/Resource',
    'AwsSolutions-SQS3 @ Service/AuditTrail/DeadLetterQueue/Resource',
    'Serverless-SQSRedrivePolicy @ Service/AuditTrail/DeadLetterQueue/Resource',
    'Serverless-APIGWStructuredLogging @ Service/Api/RestApi/DeploymentStage.dev/Resource',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited] @ Service/DeploymentRole/Resource',
    'AwsSolutions-SQS3 @ Monitoring/AlertTopics/DeliveryFailures/Resource',
    'Serverless-SQSRedrivePolicy @ Monitoring/AlertTopics/DeliveryFailures/Resource',
    'AwsSolutions-SMG4 @ Monitoring/Canary/Credentials/Resource',
    ...[
      '*',
      '<CanaryArtifacts7ADD0D0B.Arn>/journey/*',
      '<CanaryArtifacts7ADD0D0B.Arn>/heartbeat/*',
      ...['journey', 'heartbeat'].map(
        (canary) =>
          `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-todo-dev-${canary}-*`,
      ),
    ].map((resource) => `AwsSolutions-IAM5[Resource::${resource}] @ Monitoring/Canary/Role/Resource`),
    'Serverless-LambdaStarPermissions @ Monitoring/Canary/Role/Resource',
    // Canary log retention: the canaries' log groups (uuid-suffixed) and CDK's AwsCustomResource function.
    ...['heartbeat', 'journey'].map(
      (canary) =>
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-todo-dev-${canary}-*] @ Monitoring/Canary/LogRetention/Role/DefaultPolicy/Resource`,
    ),
    ...['Serverless-LambdaDLQ', 'Serverless-LambdaTracing'].map(
      (rule) => `${rule} @ Monitoring/AWS679f53fac002430cb0da5b7982bd2287/Resource`,
    ),
    // The canary user's custom resource function.
    ...['Serverless-LambdaDLQ', 'Serverless-LambdaTracing'].map(
      (rule) => `${rule} @ Monitoring/Canary/User/Function/Resource`,
    ),
    // The web client: CloudFront, RUM guests, and CDK's BucketDeployment function and grants.
    ...['CFR1', 'CFR2', 'CFR4'].map((rule) => `AwsSolutions-${rule} @ Service/Web/Distribution/Resource`),
    'AwsSolutions-COG7 @ Service/RealUserMonitoring/GuestIdentities',
    ...[
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Resource::<WebSiteD504717C.Arn>/*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    ].map((finding) => `AwsSolutions-IAM5[${finding}] @ Service/WebDeployment/Role/DefaultPolicy/Resource`),
    ...['AwsSolutions-L1', 'Serverless-LambdaDLQ', 'Serverless-LambdaLatestVersion', 'Serverless-LambdaTracing'].map(
      (rule) => `${rule} @ Service/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB/Resource`,
    ),
  ],
};

function acknowledgements(report: ValidationReport): string[] {
  return report.pluginReports
    .flatMap((plugin) => plugin.suppressedViolations ?? [])
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`))
    .sort();
}

describe.each(['dev', 'prod', 'devChaos', 'prodInAccount'] as const)('cdk-nag over the %s app', (stage) => {
  const report = reports[stage];

  const nagPacks = report.pluginReports.filter((p) => NAG_PACKS.includes(p.pluginName));

  test('runs the AwsSolutions and Serverless packs and the budget guard (and reports construct annotations, nothing else)', () => {
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

test('dev acknowledges exactly the reviewed findings, each on one resource', () => {
  expect(acknowledgements(reports.dev)).toEqual([...EXPECTED_ACKNOWLEDGEMENTS.dev].sort());
});

test('enabling chaos adds exactly the reviewed acknowledgements of the FIS extension and experiments', () => {
  expect(acknowledgements(reports.devChaos)).toEqual(
    [...EXPECTED_ACKNOWLEDGEMENTS.dev, ...CHAOS_ACKNOWLEDGEMENTS].sort(),
  );
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
