import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BudgetGuard } from '../../../lib/cost/budget-guard';
import { BUDGET_THRESHOLDS, OBSERVABILITY_SERVICES, ObservabilityBudget } from '../../../lib/cost/observability-budget';
import { createTodoApp } from '../../../lib/todo-app';
import { testAlarms } from '../../support/alarm-fixtures';

describe('ObservabilityBudget', () => {
  const stack = new Stack(new App(), 'TestStack');
  const { topics } = testAlarms(stack);
  new ObservabilityBudget(stack, 'Budget', {
    budgetName: 'todo-test-observability',
    monthlyUsd: 250,
    topic: topics.topic('warning'),
    topicKey: topics.key,
  });
  const template = Template.fromStack(stack);

  test('budgets the observability services monthly and notifies the warning topic at 80% and 100% of actual spend', () => {
    const [budget] = Object.values(template.findResources('AWS::Budgets::Budget'));
    expect(budget.Properties.Budget).toEqual({
      BudgetName: 'todo-test-observability',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 250, Unit: 'USD' },
      CostFilters: { Service: [...OBSERVABILITY_SERVICES] },
    });
    const notifications = budget.Properties.NotificationsWithSubscribers;
    expect(notifications.map((n: { Notification: { Threshold: number } }) => n.Notification.Threshold)).toEqual([
      ...BUDGET_THRESHOLDS,
    ]);
    for (const n of notifications) {
      expect(n.Notification).toMatchObject({ NotificationType: 'ACTUAL', ThresholdType: 'PERCENTAGE' });
      expect(n.Subscribers).toEqual([
        { SubscriptionType: 'SNS', Address: { Ref: expect.stringMatching(/^TopicsWarningTopic/) } },
      ]);
    }
  });

  test('lets AWS Budgets publish to the encrypted topic, from this account only', () => {
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowBudgetsToPublish',
            Principal: { Service: 'budgets.amazonaws.com' },
            Condition: fromThisAccount,
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowBudgetsToPublishEncrypted',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: fromThisAccount,
          }),
        ]),
      },
    });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

test('prod gets the budget at its configured amount', () => {
  const app = new App({
    context: { stage: 'prod', observabilityBudgetUsdPerMonth: 321, 'aws:cdk:bundling-stacks': [] },
  });
  Template.fromStack(createTodoApp(app).monitoring).hasResourceProperties('AWS::Budgets::Budget', {
    Budget: Match.objectLike({ BudgetName: 'todo-prod-observability', BudgetLimit: { Amount: 321, Unit: 'USD' } }),
  });
});

describe('the dev app with a budget of $1, synthesized once', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-app-'));
  const app = new App({
    outdir,
    context: { stage: 'dev', observabilityBudgetUsdPerMonth: 1, 'aws:cdk:bundling-stacks': [] },
  });
  const { monitoring } = createTodoApp(app);
  app.synth();

  test('has no budget: only prod gets one', () => {
    Template.fromStack(monitoring).resourceCountIs('AWS::Budgets::Budget', 0);
  });

  test('ran the guard at synth: a budget below the estimate is a warning in the validation report', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const guard = report.pluginReports.find((p: { pluginName: string }) => p.pluginName === BudgetGuard.NAME);
    expect(guard.violations.map((v: { ruleName: string }) => v.ruleName)).toEqual(['observability-budget']);
  });

  describe('BudgetGuard on its templates', () => {
    const templatePaths = fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => path.join(outdir, f));
    const guard = (budget: number) =>
      new BudgetGuard({ stage: 'dev', expectedRequestsPerSecond: 1, observabilityBudgetUsdPerMonth: budget }).validate({
        templatePaths,
        appConstruct: app,
      });

    test('is silent within the budget', () => {
      expect(guard(1_000_000)).toEqual({ success: true, violations: [] });
    });

    test('warns above the budget, naming the estimate, the budget and the biggest observability line; synth goes on', () => {
      const report = guard(1);
      expect(report.success).toBe(true);
      expect(report.violations).toHaveLength(1);
      expect(report.violations[0]).toMatchObject({ ruleName: 'observability-budget', severity: 'warning' });
      expect(report.violations[0].description).toMatch(
        /^The observability of dev is estimated at \$\d+\.\d\d a month at 1 requests\/s, above the budget of \$1\.00 \(observabilityBudgetUsdPerMonth\)\. Biggest line: .+ \(\$\d+\.\d\d\)\.$/,
      );
      expect(report.violations[0].description).not.toMatch(/REST API requests|compute|request units/);
    });
  });
});
