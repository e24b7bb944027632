import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { physicalName, StageConfig } from './config/stage-config';
import { AlertTopics, SEVERITIES } from './constructs/alert-topics';
import { TodoServiceStack } from './todo-service-stack';
import { TodoStatefulStack } from './todo-stateful-stack';

export interface TodoMonitoringStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stacks this one watches. */
  readonly stateful: TodoStatefulStack;
  readonly service: TodoServiceStack;
}

/** How the team learns something is wrong: alert routing by severity (alarms and dashboards build on it). */
export class TodoMonitoringStack extends Stack {
  public readonly alertTopics: AlertTopics;

  constructor(scope: Construct, id: string, props: TodoMonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.alertTopics = new AlertTopics(this, 'AlertTopics', {
      namePrefix: physicalName(config),
      emails: config.alarmEmails,
      pagerDutySecretName: config.pagerDutySecretName,
      keyRemovalPolicy: config.removalPolicy,
    });

    for (const severity of SEVERITIES) {
      new CfnOutput(this, `${severity[0].toUpperCase()}${severity.slice(1)}TopicArn`, {
        value: this.alertTopics.topic(severity).topicArn,
      });
    }
  }
}
