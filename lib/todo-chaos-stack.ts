import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { physicalName, StageConfig } from './config/stage-config';
import { FaultInjectionExtension } from './chaos/fault-injection-extension';
import { LambdaFault, LambdaFaultExperiment } from './chaos/lambda-fault-experiment';
import { TodoFunction } from './api/todo-function';

/** One game-day experiment: what it injects where, and the alarms that must fire (runbooks/incident/game-day.md). */
export interface GameDayExperiment {
  /** Kebab-case id: the template's `Name` tag is `todo-<stage>-<id>`. */
  readonly id: string;
  /** PascalCase construct id. */
  readonly constructId: string;
  /** Manifest names of the target functions (`contract/routes.ts`). */
  readonly functions: readonly string[];
  readonly fault: LambdaFault;
  readonly invocationPercentage: number;
  readonly duration: Duration;
  /** Alarm ids (`{component}-{signal}-{severity}`) that must go to ALARM, and within how many minutes of the start. */
  readonly expectedAlarms: ReadonlyArray<{ readonly id: string; readonly withinMinutes: number }>;
}

/**
 * The load a game day runs under (runbooks/incident/game-day.md): requests per second and the share of each route.
 * The expected alarm times below assume it; the alert replay runs each experiment under it and checks them.
 */
export const GAME_DAY_LOAD = {
  requestsPerSecond: 10,
  routeMix: { 'GET /todos': 0.5, 'GET /todos/{id}': 0.2, 'POST /todos': 0.2, 'PATCH /todos/{id}': 0.1 },
} as const;

/**
 * The game days of runbooks/incident/game-day.md. Expected times hold under GAME_DAY_LOAD: the alert replay
 * (scripts/alert-replay/game-days.ts) runs every experiment and fails when an alarm misses its time.
 */
export const GAME_DAY_EXPERIMENTS: readonly GameDayExperiment[] = [
  {
    id: 'read-latency',
    constructId: 'ReadLatency',
    functions: ['list-todos', 'get-todo'],
    fault: { kind: 'add-delay', delay: Duration.millis(1500) },
    invocationPercentage: 50,
    duration: Duration.minutes(30),
    expectedAlarms: [
      { id: 'api-route-p99-warning', withinMinutes: 22 },
      { id: 'api-latency-burn-fast-critical', withinMinutes: 29 },
    ],
  },
  {
    id: 'create-errors',
    constructId: 'CreateErrors',
    functions: ['create-todo'],
    fault: { kind: 'error', preventExecution: true },
    invocationPercentage: 30,
    duration: Duration.minutes(20),
    expectedAlarms: [
      { id: 'lambda-errors-warning', withinMinutes: 14 },
      { id: 'api-availability-burn-fast-critical', withinMinutes: 19 },
    ],
  },
];

export interface TodoChaosStackProps extends StackProps {
  readonly config: StageConfig;
  /** The API functions by manifest name (the service stack's `functions`). */
  readonly functions: ReadonlyMap<string, TodoFunction>;
  /** The extension the functions carry and its configuration bucket (the service stack's `faultInjection`). */
  readonly faultInjection: FaultInjectionExtension;
  /** Alarms that stop every experiment: the critical SLO burn-rate alarms of the monitoring stack (1–5). */
  readonly stopConditions: readonly cloudwatch.IAlarm[];
  /**
   * @default GAME_DAY_EXPERIMENTS
   */
  readonly experiments?: readonly GameDayExperiment[];
}

/**
 * AWS FIS experiment templates for game days: faults injected into the Todo functions through the FIS Lambda
 * extension, each stopped by the critical alarms. Deployed only where `chaos.enabled`; nothing here runs by itself
 * (`aws fis start-experiment` starts an experiment).
 */
export class TodoChaosStack extends Stack {
  /** The experiments by id. */
  public readonly experiments: ReadonlyMap<string, LambdaFaultExperiment>;

  constructor(scope: Construct, id: string, props: TodoChaosStackProps) {
    super(scope, id, props);
    // By name, not by reference: the name is all the experiment roles need, and no export ties the stacks.
    const configBucket = s3.Bucket.fromBucketName(this, 'ConfigBucket', props.faultInjection.bucketName);
    const experiments = new Map<string, LambdaFaultExperiment>();
    for (const experiment of props.experiments ?? GAME_DAY_EXPERIMENTS) {
      const functions = experiment.functions.map((name) => {
        const fn = props.functions.get(name);
        if (fn === undefined) {
          throw new Error(
            `TodoChaosStack: experiment ${experiment.id} targets "${name}", which is not one of ${[...props.functions.keys()].join(', ')}`,
          );
        }
        if (!props.faultInjection.functions.includes(fn)) {
          throw new Error(
            `TodoChaosStack: experiment ${experiment.id} targets "${name}", which does not carry the FIS extension`,
          );
        }
        return fn.function;
      });
      const expected = experiment.expectedAlarms.map((a) => `${a.id} within ${a.withinMinutes} min`).join(', ');
      const built = new LambdaFaultExperiment(this, experiment.constructId, {
        experimentName: physicalName(props.config, experiment.id),
        description: `Game day ${experiment.id}: ${describeFault(experiment)}. Expect ${expected}. Runbook: incident/game-day.md`,
        fault: experiment.fault,
        duration: experiment.duration,
        invocationPercentage: experiment.invocationPercentage,
        functions,
        configBucket,
        stopConditions: props.stopConditions,
      });
      experiments.set(experiment.id, built);
      new CfnOutput(this, `${experiment.constructId}TemplateId`, {
        value: built.template.attrId,
        description: `aws fis start-experiment --experiment-template-id <this> (${experiment.id})`,
      });
    }
    this.experiments = experiments;
  }
}

function describeFault(experiment: GameDayExperiment): string {
  const on = `${experiment.invocationPercentage}% of ${experiment.functions.join(' and ')} invocations for ${experiment.duration.toMinutes()} min`;
  switch (experiment.fault.kind) {
    case 'add-delay':
      return `+${experiment.fault.delay.toMilliseconds()} ms on ${on}`;
    case 'error':
      return `errors on ${on}`;
    case 'http-response':
      return `HTTP ${experiment.fault.statusCode} on ${on}`;
  }
}
