import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DeploymentStrategy } from '../config/stage-config';
import { AlarmFactory, ThresholdSpec } from '../alarms/alarm-factory';

/** The CodeDeploy deployment configuration of each strategy of the stage config. */
export function deploymentConfigOf(strategy: DeploymentStrategy): codedeploy.ILambdaDeploymentConfig {
  switch (strategy) {
    case 'canary-10-percent-5-minutes':
      return codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;
    case 'all-at-once':
      return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
  }
}

/** Where a function's rollback alarms link to, and what they are called. */
export interface RollbackAlarmOptions {
  /** Builds the (silent) rollback alarms. */
  readonly alarms: AlarmFactory;
  /** `lambda-<function>`: the alarms are `{app}-{stage}-<component>-deploy-errors-info` and `…-deploy-p99-info`. */
  readonly component: string;
  /** The runbook page explaining rollbacks (`…/incident/recovery-rollback.md`). */
  readonly runbookUrl: string;
  /** Name of the dashboard to open first. */
  readonly dashboardName: string;
  /** The new version rolls back when its p99 duration exceeds this (1–900000 ms). */
  readonly p99ThresholdMs: number;
}

export interface SafeDeploymentProps extends RollbackAlarmOptions {
  /** The alias that serves traffic; CodeDeploy shifts it from the old version to `alias.version`. */
  readonly alias: lambda.Alias;
  /** The CodeDeploy application holding the deployment group. */
  readonly application: codedeploy.ILambdaApplication;
  readonly deploymentConfig: codedeploy.ILambdaDeploymentConfig;
  /** Physical name of the deployment group (usually the function's name). */
  readonly deploymentGroupName: string;
  /**
   * The role CodeDeploy assumes; share one per stack.
   * @default - a new role with the AWSCodeDeployRoleForLambdaLimited managed policy
   */
  readonly role?: iam.IRole;
}

/**
 * Publishes a function's new version through its alias with CodeDeploy traffic shifting, and rolls back automatically
 * when the deployment fails, is stopped, or a rollback alarm fires.
 *
 * The rollback alarms watch the **new version only**: Lambda publishes alias metrics with the dimensions
 * `FunctionName`, `Resource = <function>:<alias>` and `ExecutedVersion = <version>`, so during a canary the errors
 * and latency of the old version (still serving 90 %) cannot roll back the new one, and each deploy's alarms follow
 * its version (the `ExecutedVersion` dimension changes with the version, before CodeDeploy starts shifting). They have
 * no actions: CodeDeploy polls them. A missing datapoint (no traffic on the new version) is not breaching.
 */
export class SafeDeployment extends Construct {
  public readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;
  /** `Errors > 0` in a minute on the new version. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** p99 `Duration` above the threshold in 2 of 3 minutes on the new version. */
  public readonly latencyAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SafeDeploymentProps) {
    super(scope, id);
    const threshold = props.p99ThresholdMs;
    if (!Token.isUnresolved(threshold) && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 900_000)) {
      throw new Error(`SafeDeployment: p99ThresholdMs must be an integer from 1 to 900000, got ${threshold}`);
    }
    const aliasName = props.alias.aliasName;

    const newVersionMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName,
        statistic,
        period: Duration.minutes(1),
        dimensionsMap: {
          FunctionName: props.alias.version.lambda.functionName,
          Resource: `${props.alias.version.lambda.functionName}:${aliasName}`,
          ExecutedVersion: props.alias.version.version,
        },
      });
    const rollbackAlarm = (
      id: string,
      signal: string,
      summary: string,
      rule: Pick<ThresholdSpec, 'metric' | 'threshold' | 'evaluationPeriods' | 'datapointsToAlarm'>,
    ) =>
      props.alarms.addSilentAlarm(
        this,
        id,
        { component: props.component, signal, severity: 'info' },
        {
          ...rule,
          summary: `The version being deployed behind alias "${aliasName}" ${summary}; CodeDeploy rolls the deployment back.`,
          missingData: 'not breaching (no invocation of the new version yet)',
          dashboardName: props.dashboardName,
          runbookUrl: props.runbookUrl,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    this.errorsAlarm = rollbackAlarm(
      'ErrorsAlarm',
      'deploy-errors',
      'failed at least one invocation in a minute (Errors > 0)',
      {
        metric: newVersionMetric('Errors', 'Sum'),
        threshold: 0,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
    );
    this.latencyAlarm = rollbackAlarm(
      'LatencyAlarm',
      'deploy-p99',
      `has a p99 duration above ${threshold} ms in 2 of 3 minutes`,
      {
        metric: newVersionMetric('Duration', 'p99'),
        threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    );

    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      application: props.application,
      deploymentGroupName: props.deploymentGroupName,
      alias: props.alias,
      deploymentConfig: props.deploymentConfig,
      alarms: [this.errorsAlarm, this.latencyAlarm],
      role: props.role,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
