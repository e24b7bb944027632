import { Aws, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FIS_CONFIG_PREFIX } from './fault-injection-extension';

/** The fault an experiment injects through the AWS FIS Lambda extension (one `aws:lambda:*` action). */
export type LambdaFault =
  /** `aws:lambda:invocation-add-delay`: waits `delay` before the function code runs (0–900 s). */
  | { readonly kind: 'add-delay'; readonly delay: Duration }
  /** `aws:lambda:invocation-error`: marks the invocation failed, without running the code when `preventExecution`. */
  | { readonly kind: 'error'; readonly preventExecution: boolean }
  /** `aws:lambda:invocation-http-integration-response`: returns this HTTP response instead of the function's. */
  | {
      readonly kind: 'http-response';
      readonly statusCode: number;
      readonly contentType: string;
      readonly preventExecution: boolean;
    };

/** FIS action id of each fault kind. */
export const FAULT_ACTIONS: Record<LambdaFault['kind'], string> = {
  'add-delay': 'aws:lambda:invocation-add-delay',
  error: 'aws:lambda:invocation-error',
  'http-response': 'aws:lambda:invocation-http-integration-response',
};

/** FIS accepts at most 5 stop conditions per experiment template. */
const MAX_STOP_CONDITIONS = 5;

export interface LambdaFaultExperimentProps {
  /** The template's `Name` tag, shown in the FIS console, e.g. `todo-dev-read-latency`. */
  readonly experimentName: string;
  /** What the experiment does and which alarm must fire (shown in the console and `aws fis list-experiment-templates`). */
  readonly description: string;
  readonly fault: LambdaFault;
  /** How long the fault lasts (1 minute to 12 hours). */
  readonly duration: Duration;
  /** Share of the targets' invocations affected, 1–100. */
  readonly invocationPercentage: number;
  /** The functions to target; each must carry the FIS extension (see `FaultInjectionExtension`). */
  readonly functions: readonly lambda.IFunction[];
  /** The bucket whose `FisConfigs/` folder the extension reads (import it by name from another stack). */
  readonly configBucket: s3.IBucket;
  /** Alarms that stop the experiment when they go to ALARM (1–5). */
  readonly stopConditions: readonly cloudwatch.IAlarm[];
}

/**
 * One AWS FIS experiment template injecting a fault into a share of the invocations of some functions, stopped by
 * alarms, run by a role that may do only what the Lambda actions need: write and delete fault configurations in the
 * configuration folder, read the target functions (`lambda:GetFunction`, for their configuration location) and
 * resolve targets (`tag:GetResources`, which has no resource-level permissions).
 */
export class LambdaFaultExperiment extends Construct {
  public readonly template: fis.CfnExperimentTemplate;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: LambdaFaultExperimentProps) {
    super(scope, id);
    validate(props);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
      description: `FIS experiment ${props.experimentName}: writes Lambda fault configurations`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteFaultConfigurations',
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [props.configBucket.arnForObjects(`${FIS_CONFIG_PREFIX}/*`)],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadTargetFunctions',
        actions: ['lambda:GetFunction'],
        resources: props.functions.map((fn) => fn.functionArn),
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ResolveTargets', actions: ['tag:GetResources'], resources: ['*'] }),
    );

    const parameters: Record<string, string> = {
      duration: props.duration.toIsoString(),
      invocationPercentage: String(props.invocationPercentage),
      ...faultParameters(props.fault),
    };
    this.template = new fis.CfnExperimentTemplate(this, 'Template', {
      description: props.description,
      roleArn: this.role.roleArn,
      stopConditions: props.stopConditions.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      targets: {
        Functions: {
          resourceType: 'aws:lambda:function',
          resourceArns: props.functions.map((fn) => fn.functionArn),
          selectionMode: 'ALL',
        },
      },
      actions: {
        InjectFault: {
          actionId: FAULT_ACTIONS[props.fault.kind],
          description: props.description,
          parameters,
          targets: { Functions: 'Functions' },
        },
      },
      // A missing target (a renamed function) fails the experiment instead of running it against nothing.
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: props.experimentName },
    });
  }
}

function faultParameters(fault: LambdaFault): Record<string, string> {
  switch (fault.kind) {
    case 'add-delay':
      return { startupDelayMilliseconds: String(fault.delay.toMilliseconds()) };
    case 'error':
      return { preventExecution: String(fault.preventExecution) };
    case 'http-response':
      return {
        statusCode: String(fault.statusCode),
        contentTypeHeader: fault.contentType,
        preventExecution: String(fault.preventExecution),
      };
  }
}

function validate(props: LambdaFaultExperimentProps): void {
  const { invocationPercentage: pct, duration, fault } = props;
  if (!Token.isUnresolved(pct) && !(Number.isInteger(pct) && pct >= 1 && pct <= 100)) {
    throw new Error(`LambdaFaultExperiment: invocationPercentage must be an integer from 1 to 100, got ${pct}`);
  }
  if (!duration.isUnresolved() && !(duration.toSeconds() >= 60 && duration.toSeconds() <= 12 * 3600)) {
    throw new Error(
      `LambdaFaultExperiment: duration must be from 1 minute to 12 hours, got ${duration.toHumanString()}`,
    );
  }
  if (props.functions.length === 0) {
    throw new Error('LambdaFaultExperiment: functions must name at least one target function');
  }
  if (props.stopConditions.length < 1 || props.stopConditions.length > MAX_STOP_CONDITIONS) {
    throw new Error(
      `LambdaFaultExperiment: stopConditions must hold 1 to ${MAX_STOP_CONDITIONS} alarms, got ${props.stopConditions.length}`,
    );
  }
  if (fault.kind === 'add-delay' && !fault.delay.isUnresolved()) {
    const ms = fault.delay.toMilliseconds();
    if (!(ms >= 0 && ms <= 900_000)) {
      throw new Error(`LambdaFaultExperiment: the add-delay fault's delay must be 0–900000 ms, got ${ms} ms`);
    }
  }
  if (
    fault.kind === 'http-response' &&
    !(Number.isInteger(fault.statusCode) && fault.statusCode >= 0 && fault.statusCode <= 999)
  ) {
    throw new Error(`LambdaFaultExperiment: statusCode must be an integer from 0 to 999, got ${fault.statusCode}`);
  }
}
