import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { childDescription, AlarmDocs, documentedDescription } from './alarm-description';
import { AlarmId, alarmKey } from './alarm-id';
import { Severity } from './alert-topics';
import { TopicPublishTarget } from './topic-publish-target';

/** Where each severity's notifications go (implemented by {@link AlertTopics}). */
export interface SeverityTopics {
  topic(severity: Severity): sns.ITopic;
  /**
   * Where event rules put notifications they could not publish (the alerts dead-letter queue, which alarms).
   * @default - none
   */
  readonly deliveryFailures?: sqs.IQueue;
}

export interface AlarmFactoryProps {
  /** `{app}-{stage}`, the first part of every alarm name. */
  readonly namePrefix: string;
  /** Runbooks live at `<base>/alarms/<component>-<signal>-<severity>.md`. */
  readonly runbookBaseUrl: string;
  /** Needed by alarms that notify; a factory without topics builds child and silent alarms only. */
  readonly topics?: SeverityTopics;
}

/** A threshold alarm's evaluation: everything `cloudwatch.Alarm` needs besides its name and description. */
export interface ThresholdSpec {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** An anomaly-detection alarm's evaluation: breaching outside a band of `stdDevs` around the learned value. */
export interface BandSpec {
  readonly metric: cloudwatch.IMetric;
  readonly stdDevs: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** While `alarm` is in ALARM a composite's actions stay silent (CloudWatch actions suppressor). */
export interface Suppression {
  readonly alarm: cloudwatch.IAlarm;
  /** @default 2 minutes: the suppressor gets that long to go into ALARM itself. */
  readonly waitPeriod?: Duration;
  /** @default 10 minutes: silence lasts that long after the suppressor leaves ALARM. */
  readonly extensionPeriod?: Duration;
}

export interface CompositeSpec {
  readonly rule: cloudwatch.IAlarmRule;
  readonly suppression?: Suppression;
}

/** An alarm that notifies a topic, as the registry records it. */
export interface NotifyingAlarm {
  readonly id: AlarmId;
  readonly name: string;
  readonly runbookUrl: string;
  /** What its description says (the generated alarm tables show it). */
  readonly docs: AlarmDocs;
  readonly alarm: cloudwatch.AlarmBase;
}

/** An EventBridge rule that notifies a topic, as the registry records it: a runbook like any alarm. */
export interface NotifyingRule {
  readonly id: AlarmId;
  /** The rule's name, `{app}-{stage}-{component}-{signal}-{severity}` like an alarm's. */
  readonly name: string;
  readonly runbookUrl: string;
  readonly docs: AlarmDocs;
  readonly rule: events.Rule;
}

/** Whatever notifies a person, alarm or event rule: each has a runbook and a row in the alarm tables. */
export type Notification = NotifyingAlarm | NotifyingRule;

/** An event rule's match and the message it sends (built from the runbook URL, which the message must carry). */
export interface EventRuleSpec {
  readonly eventPattern: events.EventPattern;
  readonly message: (runbookUrl: string) => events.RuleTargetInput;
}

/** Alarms built without actions on purpose (composite children, alarms machines poll): what exemptions may trust. */
const WITHOUT_ACTIONS = new WeakSet<IConstruct>();

/** Whether `resource` (an alarm or its L1) was built by a factory as an alarm without actions on purpose. */
export function isWithoutActionsByDesign(resource: IConstruct): boolean {
  return (
    WITHOUT_ACTIONS.has(resource) || (resource.node.scope !== undefined && WITHOUT_ACTIONS.has(resource.node.scope))
  );
}

/**
 * The one way alarms are made: names from structured ids, descriptions by the convention, notifications routed by
 * severity (critical also notifies OK so pages resolve themselves), child alarms with no actions, composites with the
 * suppressor defaults, and silent alarms. Every alarm that notifies is recorded in {@link notifying}, which the
 * operations dashboard reads; with the event rules that notify ({@link addEventRule}) they form
 * {@link notifications}, which the runbook checks and the alarm tables read: adding one is one call and one runbook.
 */
export class AlarmFactory {
  private readonly registry: NotifyingAlarm[] = [];
  private readonly rules: NotifyingRule[] = [];

  constructor(private readonly props: AlarmFactoryProps) {}

  /** `{app}-{stage}-{component}-{signal}-{severity}`. */
  public alarmName(id: AlarmId): string {
    return `${this.props.namePrefix}-${alarmKey(id)}`;
  }

  public runbookUrl(id: AlarmId): string {
    return `${this.props.runbookBaseUrl}/alarms/${alarmKey(id)}.md`;
  }

  /** The alarms that notify, in the order they were built. */
  public notifying(): readonly NotifyingAlarm[] {
    return [...this.registry];
  }

  /** The event rules that notify, in the order they were built. */
  public notifyingRules(): readonly NotifyingRule[] {
    return [...this.rules];
  }

  /** Everything that notifies a person (alarms, then event rules): what the runbooks and alarm tables cover. */
  public notifications(): readonly Notification[] {
    return [...this.registry, ...this.rules];
  }

  /** A threshold alarm that notifies its severity's topic. */
  public addAlarm(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: ThresholdSpec & AlarmDocs,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, constructId, {
      ...thresholdProps(spec),
      alarmName: this.alarmName(id),
      alarmDescription: documentedDescription(spec, id.severity, this.runbookUrl(id)),
    });
    return this.notify(id, spec, alarm);
  }

  /** An anomaly-detection alarm that notifies its severity's topic. */
  public addBandAlarm(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: BandSpec & AlarmDocs,
  ): cloudwatch.AnomalyDetectionAlarm {
    const alarm = new cloudwatch.AnomalyDetectionAlarm(scope, constructId, {
      metric: spec.metric,
      stdDevs: spec.stdDevs,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      alarmName: this.alarmName(id),
      alarmDescription: documentedDescription(spec, id.severity, this.runbookUrl(id)),
    });
    return this.notify(id, spec, alarm);
  }

  /** A composite that notifies its severity's topic, silenced while `suppression.alarm` is in ALARM. */
  public addComposite(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: CompositeSpec & AlarmDocs,
  ): cloudwatch.CompositeAlarm {
    const { suppression } = spec;
    const alarm = new cloudwatch.CompositeAlarm(scope, constructId, {
      compositeAlarmName: this.alarmName(id),
      alarmDescription: documentedDescription(spec, id.severity, this.runbookUrl(id)),
      alarmRule: spec.rule,
      actionsSuppressor: suppression?.alarm,
      actionsSuppressorWaitPeriod: suppression ? (suppression.waitPeriod ?? Duration.minutes(2)) : undefined,
      actionsSuppressorExtensionPeriod: suppression ? (suppression.extensionPeriod ?? Duration.minutes(10)) : undefined,
    });
    return this.notify(id, spec, alarm);
  }

  /**
   * An EventBridge rule on the default bus that notifies its severity's topic with `spec.message`, named and recorded
   * like an alarm. Only this rule may publish: see {@link TopicPublishTarget}.
   */
  public addEventRule(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: EventRuleSpec & AlarmDocs,
  ): events.Rule {
    const topic = this.topicOf(id);
    const name = this.alarmName(id);
    const rule = new events.Rule(scope, constructId, {
      ruleName: name,
      description: spec.summary,
      eventPattern: spec.eventPattern,
    });
    rule.addTarget(
      new TopicPublishTarget(topic, {
        message: spec.message(this.runbookUrl(id)),
        deadLetterQueue: this.props.topics?.deliveryFailures,
      }),
    );
    this.rules.push({ id, name, runbookUrl: this.runbookUrl(id), docs: docsOf(spec), rule });
    return rule;
  }

  /** A child of a composite: no actions, shown on dashboards, one wording naming its parent. */
  public addChildAlarm(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: ThresholdSpec & { readonly parent: AlarmId; readonly summary: string; readonly missingData: string },
  ): cloudwatch.Alarm {
    return withoutActions(
      new cloudwatch.Alarm(scope, constructId, {
        ...thresholdProps(spec),
        alarmName: this.alarmName(id),
        alarmDescription: childDescription(spec.summary, spec.missingData, this.alarmName(spec.parent)),
      }),
    );
  }

  /**
   * A documented alarm without actions, for a machine rather than a person (e.g. the CodeDeploy rollback alarms):
   * its runbook is given, since no `alarms/<id>.md` is written for it.
   */
  public addSilentAlarm(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: ThresholdSpec & AlarmDocs & { readonly runbookUrl: string },
  ): cloudwatch.Alarm {
    return withoutActions(
      new cloudwatch.Alarm(scope, constructId, {
        ...thresholdProps(spec),
        alarmName: this.alarmName(id),
        alarmDescription: documentedDescription(spec, id.severity, spec.runbookUrl),
      }),
    );
  }

  /** A composite without actions that other composites use as their suppressor. */
  public addSilentComposite(
    scope: Construct,
    constructId: string,
    id: AlarmId,
    spec: { readonly rule: cloudwatch.IAlarmRule; readonly summary: string },
  ): cloudwatch.CompositeAlarm {
    return withoutActions(
      new cloudwatch.CompositeAlarm(scope, constructId, {
        compositeAlarmName: this.alarmName(id),
        alarmRule: spec.rule,
        alarmDescription: spec.summary,
      }),
    );
  }

  private topicOf(id: AlarmId): sns.ITopic {
    if (this.props.topics === undefined) {
      throw new Error(`AlarmFactory: ${this.alarmName(id)} notifies, but the factory has no topics`);
    }
    return this.props.topics.topic(id.severity);
  }

  private notify<T extends cloudwatch.AlarmBase>(id: AlarmId, docs: AlarmDocs, alarm: T): T {
    const topic = new actions.SnsAction(this.topicOf(id));
    alarm.addAlarmAction(topic);
    if (id.severity === 'critical') alarm.addOkAction(topic);
    this.registry.push({
      id,
      name: this.alarmName(id),
      runbookUrl: this.runbookUrl(id),
      docs: docsOf(docs),
      alarm,
    });
    return alarm;
  }
}

function withoutActions<T extends cloudwatch.AlarmBase>(alarm: T): T {
  WITHOUT_ACTIONS.add(alarm);
  return alarm;
}

function docsOf(docs: AlarmDocs): AlarmDocs {
  return { summary: docs.summary, missingData: docs.missingData, dashboardName: docs.dashboardName };
}

function thresholdProps(spec: ThresholdSpec): cloudwatch.AlarmProps {
  return {
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparisonOperator,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
  };
}
