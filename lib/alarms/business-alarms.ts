import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { DashboardSources, serviceMetric } from '../metrics/metric-factory';

export interface BusinessAlarmsProps {
  /** The handlers' EMF namespace and service dimension. */
  readonly sources: Pick<DashboardSources, 'metricsNamespace' | 'serviceName'>;
  readonly alarms: AlarmFactory;
  readonly dashboardName: string;
}

/** Business signals: todo creations falling below what CloudWatch learned is normal for the hour and weekday. */
export class BusinessAlarms extends Construct {
  public readonly creationsLow: cloudwatch.AnomalyDetectionAlarm;

  constructor(scope: Construct, id: string, props: BusinessAlarmsProps) {
    super(scope, id);
    // No creation publishes no datapoint; FILL turns those gaps into 0 so a silent outage of creations is a drop too.
    const created = new cloudwatch.MathExpression({
      expression: 'FILL(created, 0)',
      usingMetrics: {
        created: serviceMetric(props.sources, 'TodoCreated', 'Sum', undefined, {
          period: Duration.hours(1),
          unlabelled: true,
        }),
      },
      period: Duration.hours(1),
      label: 'Todos created per hour',
    });
    this.creationsLow = props.alarms.addBandAlarm(
      this,
      'CreationsLow',
      { component: 'business', signal: 'todo-creations-low', severity: 'warning' },
      {
        summary: 'Todos created per hour are below their learned band (2 standard deviations) for 3 consecutive hours.',
        missingData: 'gaps are filled with 0 in the expression, so hours without creations count as a drop.',
        dashboardName: props.dashboardName,
        metric: created,
        stdDevs: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }
}
