import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { referenceLines } from './alarm-description';
import { AlarmFactory } from './alarm-factory';
import { AlarmId } from './alarm-id';

/** `{app}-{stage}-deployment-rolled-back-warning`: a ticket, since a rollback that worked protected the users. */
export const DEPLOYMENT_ROLLED_BACK: AlarmId = { component: 'deployment', signal: 'rolled-back', severity: 'warning' };

/**
 * The CodeDeploy event and the states that mean "this release did not ship": with automatic rollback on failure,
 * stop and alarm (SafeDeployment), a FAILURE or STOPPED deployment is one CodeDeploy rolled back. Source and
 * detail-type: https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-codedeploy.html; detail fields
 * (`state`, `application`, `deploymentGroup`, `deploymentId`, `region`, `instanceGroupId`):
 * https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_mixins-preview.aws_codedeploy.events.CodeDeployDeploymentStateChangeNotification.html
 */
const CODEDEPLOY_SOURCE = 'aws.codedeploy';
const DEPLOYMENT_STATE_CHANGE = 'CodeDeploy Deployment State-change Notification';
const ROLLED_BACK_STATES = ['FAILURE', 'STOPPED'] as const;

export interface DeploymentRollbackNotificationProps {
  /** Names, routes (warning topic) and records the rule, with its runbook. */
  readonly alarms: AlarmFactory;
  /**
   * The deployment groups to watch, each named after the function it deploys (as `TodoFunction` names them): the
   * message shows the event's `deploymentGroup` as the function.
   */
  readonly deploymentGroups: readonly codedeploy.ILambdaDeploymentGroup[];
  /** Name of the dashboard to open first. */
  readonly dashboardName: string;
}

/**
 * Tells the team when CodeDeploy rolls a function back. The rollback alarms notify nobody (CodeDeploy polls them), so
 * without this rule a bad release that was rolled back goes unseen. An EventBridge rule on this app's application and
 * deployment groups only (not every deployment of the account) notifies the warning topic with the function, the
 * deployment id, its state, a console link to the deployment and the runbook.
 */
export class DeploymentRollbackNotification extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: DeploymentRollbackNotificationProps) {
    super(scope, id);
    if (props.deploymentGroups.length === 0) {
      throw new Error('DeploymentRollbackNotification: deploymentGroups must name at least one group, got none');
    }
    const applications = [...new Set(props.deploymentGroups.map((g) => g.application.applicationName))];
    const field = (path: string) => events.EventField.fromPath(`$.detail.${path}`);
    const [group, deploymentId, state, application, region] = [
      'deploymentGroup',
      'deploymentId',
      'state',
      'application',
      'region',
    ].map(field);

    this.rule = props.alarms.addEventRule(this, 'Rule', DEPLOYMENT_ROLLED_BACK, {
      summary:
        'A CodeDeploy deployment of a function ended FAILURE or STOPPED: CodeDeploy shifted its live alias back to ' +
        'the previous version, so the release did not ship (one notification per deployment).',
      missingData: 'not applicable: an EventBridge rule on CodeDeploy events, not a metric',
      dashboardName: props.dashboardName,
      eventPattern: {
        source: [CODEDEPLOY_SOURCE],
        detailType: [DEPLOYMENT_STATE_CHANGE],
        detail: {
          state: [...ROLLED_BACK_STATES],
          application: applications,
          deploymentGroup: [...new Set(props.deploymentGroups.map((g) => g.deploymentGroupName))],
        },
      },
      // One quoted JSON string per line: EventBridge input templates must be JSON
      // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
      message: (runbookUrl) =>
        events.RuleTargetInput.fromMultilineText(
          [
            `Deployment ${deploymentId} of function ${group} ended ${state}: CodeDeploy rolled its live alias back.`,
            `Function: ${group}`,
            `Deployment: ${deploymentId} (application ${application}, deployment group ${group}), state ${state}`,
            `Console: https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`,
            ...referenceLines(DEPLOYMENT_ROLLED_BACK.severity, runbookUrl, props.dashboardName),
          ].join('\n'),
        ),
    });
  }
}
