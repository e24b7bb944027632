import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { BudgetGuard } from './cost/budget-guard';
import { ContextKey, loadStageConfig, physicalName, StageConfig } from './config/stage-config';
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
}

/**
 * Wires the stacks of one stage into `app`: config from context, env from CDK_DEFAULT_ACCOUNT/REGION (env-agnostic
 * when unset), resources passed between stacks as typed props, cdk-nag AwsSolutions and Serverless packs on all.
 */
export function createTodoApp(app: App): TodoAppStacks {
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
    Tags.of(stack).add('app', config.appName);
    Tags.of(stack).add('stage', config.stage);
  }
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    new BudgetGuard({ stage: config.stage, ...config.cost }),
  );
  return { config, stateful, service, monitoring, chaos };
}
