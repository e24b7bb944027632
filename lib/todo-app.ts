import { App, AspectPriority, Aspects, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { BudgetGuard } from './cost/budget-guard';
import { ExplicitFunctionLogs } from './security/explicit-function-logs';
import { ContextKey, loadStageConfig, physicalName, StageConfig } from './config/stage-config';
import { AcknowledgementUse, ACKNOWLEDGEMENTS, applyAcknowledgements } from './security/acknowledgements';
import { TodoChaosStack } from './todo-chaos-stack';
import { TodoMonitoringStack } from './todo-monitoring-stack';
import { TodoServiceStack } from './todo-service-stack';
import { TodoStatefulStack } from './todo-stateful-stack';

export interface TodoAppStacks {
  readonly config: StageConfig;
  readonly stateful: TodoStatefulStack;
  readonly service: TodoServiceStack;
  readonly monitoring: TodoMonitoringStack;
  /** FIS experiment templates for game days; only where `chaos.enabled`. */
  readonly chaos?: TodoChaosStack;
  /** Which resources each reviewed exemption covers in this app (lib/security/acknowledgements). */
  readonly acknowledgements: AcknowledgementUse;
}

/**
 * Wires the stacks of one stage into `app`: config from context, env from CDK_DEFAULT_ACCOUNT/REGION (env-agnostic
 * when unset), resources passed between stacks as typed props, cdk-nag AwsSolutions, Serverless and NIST 800-53 r5
 * packs on all, with the reviewed exemptions of lib/security/acknowledgements applied once the app is built.
 */
export interface TodoAppOptions {
  /**
   * Run the cdk-nag packs at synth. Like aws-cdk-lib's own CloudFormation checks, `CDK_VALIDATION=false` turns them
   * off (the test environment does, and the app-wide test turns them back on); the budget guard always runs.
   * @default - on unless CDK_VALIDATION=false
   */
  readonly compliancePacks?: boolean;
}

export function createTodoApp(app: App, options: TodoAppOptions = {}): TodoAppStacks {
  const config = loadStageConfig((key: ContextKey) => app.node.tryGetContext(key));
  const env =
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined;
  const prefix = physicalName(config);

  const stateful = new TodoStatefulStack(app, 'Stateful', {
    stackName: `${prefix}-stateful`,
    env,
    config,
    description: `Todo ${config.stage}: table, idempotency records and users (stateful, retained in prod)`,
    terminationProtection: config.stage === 'prod',
  });
  const service = new TodoServiceStack(app, 'Service', {
    stackName: `${prefix}-service`,
    env,
    config,
    description: `Todo ${config.stage}: REST API, functions and the web client`,
    todoTable: stateful.todoTable,
    idempotencyTable: stateful.idempotencyTable,
    tableEncryptionKey: stateful.tableEncryptionKey,
    userPool: stateful.userPool,
    signInDomain: stateful.signInDomain,
    logEncryptionKey: stateful.logEncryptionKey,
    auditLogGroup: stateful.auditLogGroup,
  });
  const monitoring = new TodoMonitoringStack(app, 'Monitoring', {
    stackName: `${prefix}-monitoring`,
    env,
    config,
    description: `Todo ${config.stage}: alert routing, alarms and dashboards`,
    stateful,
    service,
  });

  // Game days: FIS experiments on the service's functions, stopped by the monitoring stack's critical SLO alarms.
  const chaos =
    service.faultInjection === undefined
      ? undefined
      : new TodoChaosStack(app, 'Chaos', {
          stackName: `${prefix}-chaos`,
          env,
          config,
          description: `Todo ${config.stage}: FIS experiment templates for game days`,
          functions: service.functions,
          faultInjection: service.faultInjection,
          stopConditions: [...monitoring.availability.tiers, ...monitoring.latency.tiers]
            .filter((t) => t.tier.severity === 'critical')
            .map((t) => t.composite),
        });

  for (const stack of [stateful, service, monitoring, ...(chaos ? [chaos] : [])]) {
    // Every function, CDK's helpers included, logs to a group with retention and the log key.
    Aspects.of(stack).add(
      new ExplicitFunctionLogs({
        encryptionKey: stateful.logEncryptionKey,
        retention: config.logRetention,
        removalPolicy: config.removalPolicy,
      }),
      { priority: AspectPriority.MUTATING },
    );
    Tags.of(stack).add('app', config.appName);
    Tags.of(stack).add('stage', config.stage);
  }
  const acknowledgements = applyAcknowledgements(app, ACKNOWLEDGEMENTS);
  if (options.compliancePacks ?? process.env.CDK_VALIDATION !== 'false') {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), new NIST80053R5Checks(app));
  }
  Validations.of(app).addPlugins(new BudgetGuard({ stage: config.stage, ...config.cost }));
  return { config, stateful, service, monitoring, chaos, acknowledgements };
}
