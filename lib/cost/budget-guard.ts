import * as path from 'node:path';
import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { costReport, readTemplates } from './cost-report';
import { SERVICE_CATEGORIES } from './estimate';

export interface BudgetGuardProps {
  readonly stage: string;
  readonly expectedRequestsPerSecond: number;
  readonly observabilityBudgetUsdPerMonth: number;
  /** @default us-east-1, the region the price book covers */
  readonly region?: string;
}

/**
 * Estimates, from the templates just synthesized, what the observability costs at the expected traffic, and warns
 * (a validation warning: synth goes on) when it exceeds the budget. The same model as `npm run cost`.
 */
export class BudgetGuard implements IPolicyValidationPluginBeta1 {
  public static readonly NAME = 'Observability budget';
  public readonly name = BudgetGuard.NAME;
  public readonly ruleIds = ['observability-budget'];

  constructor(private readonly props: BudgetGuardProps) {}

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const { stage, expectedRequestsPerSecond: rps, observabilityBudgetUsdPerMonth: budget } = this.props;
    const report = costReport(stage, readTemplates(context.templatePaths), [rps], this.props.region);
    const [level] = report.levels;
    if (level.observabilityMonthlyUsd <= budget) return { success: true, violations: [] };
    const biggest = level.components
      .filter((c) => !SERVICE_CATEGORIES.includes(c.category))
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
    return {
      success: true,
      violations: [
        {
          ruleName: 'observability-budget',
          severity: 'warning',
          description:
            `The observability of ${stage} is estimated at $${level.observabilityMonthlyUsd.toFixed(2)} a month at ` +
            `${rps} requests/s, above the budget of $${budget.toFixed(2)} (observabilityBudgetUsdPerMonth). Biggest ` +
            `line: ${biggest.name} ($${biggest.monthlyUsd.toFixed(2)}).`,
          fix: 'Run `npm run cost` for every line and the knob that changes it, or raise observabilityBudgetUsdPerMonth.',
          violatingResources: context.templatePaths.slice(0, 1).map((templatePath) => ({
            templatePath,
            resourceLogicalId: path.basename(templatePath),
            locations: [],
          })),
        },
      ],
    };
  }
}
