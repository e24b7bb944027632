import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SloBurnRateAlarms } from '../alarms/slo-burn-rate-alarms';

export interface SloDashboardProps {
  readonly dashboardName: string;
  readonly slos: readonly SloBurnRateAlarms[];
}

/** The burn windows graphed for every SLO, with the tier thresholds drawn on them. */
const BURN_WINDOWS = [Duration.minutes(5), Duration.minutes(30), Duration.hours(1), Duration.hours(6)];
const SLO_PERIOD = Duration.days(30);

/**
 * Per SLO: attainment and error budget remaining over the 30-day window, and the burn rate (error ratio ÷ budget)
 * per alerting window next to the tier thresholds, so on-call sees how fast the budget goes and which tier will fire.
 */
export class SloDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SloDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });

    for (const slo of props.slos) {
      // Metric ids must be unique within a widget, so each period gets its own `bad<s>` / `valid<s>` pair.
      const ratio = (period: Duration, label: string, expression: (bad: string, valid: string) => string) => {
        const [bad, valid] = [`bad${period.toSeconds()}`, `valid${period.toSeconds()}`];
        return new cloudwatch.MathExpression({
          expression: expression(bad, valid),
          usingMetrics: { [bad]: slo.badEvents(period), [valid]: slo.validEvents(period) },
          period,
          label,
        });
      };
      const budget = slo.errorBudget;
      this.dashboard.addWidgets(
        new cloudwatch.TextWidget({
          markdown: `### ${slo.sloName} SLO: ${(slo.target * 100).toFixed(2)}% over 30 days (error budget ${(budget * 100).toFixed(3)}%)`,
          width: 24,
          height: 1,
        }),
        new cloudwatch.SingleValueWidget({
          title: `${slo.sloName}: attainment (30 days)`,
          metrics: [
            ratio(SLO_PERIOD, 'attainment %', (bad, valid) => `IF(${valid} > 0, 100 * (1 - ${bad} / ${valid}), 100)`),
          ],
          fullPrecision: true,
          // The widget's own range: the dashboard's default (3 h) would silently shorten the 30-day period.
          start: '-P30D',
          width: 6,
          height: 5,
        }),
        new cloudwatch.SingleValueWidget({
          title: `${slo.sloName}: error budget remaining (30 days)`,
          start: '-P30D',
          metrics: [
            ratio(
              SLO_PERIOD,
              'budget remaining %',
              (bad, valid) => `IF(${valid} > 0, 100 * (1 - (${bad} / ${valid}) / ${budget}), 100)`,
            ),
          ],
          width: 6,
          height: 5,
        }),
        new cloudwatch.GraphWidget({
          title: `${slo.sloName}: burn rate per window (x budget)`,
          left: BURN_WINDOWS.map((window) =>
            ratio(
              window,
              `${window.toHumanString()} window`,
              (bad, valid) => `IF(${valid} > 0, (${bad} / ${valid}) / ${budget}, 0)`,
            ),
          ),
          leftAnnotations: slo.tiers.map((t) => ({
            value: t.tier.burnRate,
            label: `${t.tier.name} (${t.tier.severity}) ${t.tier.burnRate}x`,
          })),
          width: 12,
          height: 5,
        }),
      );
    }
  }
}
