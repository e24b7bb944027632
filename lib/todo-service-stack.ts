import * as path from 'node:path';
import { CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_FUNCTIONS, AUDIT_PROCESSOR, FunctionDefinition, HANDLER_ENV } from '../lambda/routes';
import { TODO_TABLE_SCHEMA } from '../lambda/shared/table-schema';
import { physicalName, StageConfig } from './config/stage-config';
import { ApiFirewall } from './constructs/api-firewall';
import { AuditTrail } from './constructs/audit-trail';
import { FaultInjectionExtension } from './constructs/fault-injection-extension';
import { deploymentConfigOf } from './constructs/safe-deployment';
import { TodoApi } from './constructs/todo-api';
import { TodoFunction, TodoFunctionDeploymentOptions } from './constructs/todo-function';

/** Powertools service name and metric namespace shared by every handler. */
export const SERVICE_NAME = 'todo-api';
export const METRICS_NAMESPACE = 'TodoObservability';

export interface TodoServiceStackProps extends StackProps {
  readonly config: StageConfig;
  /** The todo table; its stream feeds the audit trail. */
  readonly todoTable: dynamodb.ITableV2;
  readonly idempotencyTable: dynamodb.ITableV2;
  readonly userPool: cognito.IUserPool;
  readonly logEncryptionKey: kms.IKey;
  /** Where the audit trail writes its entries (retention and encryption set by the stateful stack). */
  readonly auditLogGroup: logs.ILogGroup;
}

/** What is redeployed often: the REST API and one function per route, each allowed only the table actions it uses. */
export class TodoServiceStack extends Stack {
  public readonly api: TodoApi;
  /** The API's functions by manifest name (`list-todos`, …). */
  public readonly functions: ReadonlyMap<string, TodoFunction>;
  /** The table stream's audit processor and its dead-letter queue (not in `functions`: it serves no route). */
  public readonly auditTrail: AuditTrail;
  /** The CodeDeploy application of every function's deployment group (`todo-<stage>-functions`). */
  public readonly deployments: codedeploy.LambdaApplication;
  /** The FIS Lambda extension on the API functions, when `config.chaos.enabled`. */
  public readonly faultInjection?: FaultInjectionExtension;

  constructor(scope: Construct, id: string, props: TodoServiceStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.api = new TodoApi(this, 'Api', {
      restApiName: physicalName(config, 'api'),
      stageName: config.stage,
      userPool: props.userPool,
      corsAllowedOrigins: config.corsAllowedOrigins,
      throttlingRateLimit: config.apiThrottle.rateLimit,
      throttlingBurstLimit: config.apiThrottle.burstLimit,
      logRetention: config.accessLogRetention,
      logRemovalPolicy: config.removalPolicy,
      logEncryptionKey: props.logEncryptionKey,
    });

    new ApiFirewall(this, 'Firewall', {
      name: physicalName(config, 'api'),
      stageArn: this.api.api.deploymentStage.stageArn,
      rateLimitPer5Minutes: config.apiThrottle.rateLimitPerIpPer5Minutes,
    });

    this.deployments = new codedeploy.LambdaApplication(this, 'Deployments', {
      applicationName: physicalName(config, 'functions'),
    });
    const deploymentRole = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: `CodeDeploy: shifts the live aliases of ${physicalName(config)} functions`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited')],
    });
    Validations.of(deploymentRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason:
        'The AWS-maintained policy for CodeDeploy on Lambda (read alarms, get/update aliases, invoke CodeDeployHook_* functions only); one role shared by every deployment group of the stack.',
    });
    const deployment = (name: string): TodoFunctionDeploymentOptions => ({
      application: this.deployments,
      deploymentConfig: deploymentConfigOf(config.deployment.strategy),
      role: deploymentRole,
      namePrefix: physicalName(config, 'lambda', name),
      runbookUrl: `${config.alarming.runbookBaseUrl}/incident/recovery-rollback.md`,
      dashboardName: physicalName(config, 'troubleshooting'),
      p99ThresholdMs: config.slo.latencyThresholdMs,
    });

    if (config.chaos.enabled && config.chaos.fisExtensionLayerArn !== undefined) {
      this.faultInjection = new FaultInjectionExtension(this, 'FaultInjection', {
        namePrefix: physicalName(config),
        layerArn: config.chaos.fisExtensionLayerArn,
      });
    }

    const functions = new Map<string, TodoFunction>();
    for (const definition of API_FUNCTIONS) {
      const fn = this.createFunction(definition, props, deployment(definition.name));
      this.faultInjection?.attach(fn);
      // API Gateway invokes the live alias (the integration's Lambda permission is on the alias too), never $LATEST.
      for (const route of definition.routes) this.api.addRoute(route.method, route.path, fn.alias);
      functions.set(definition.name, fn);
    }
    this.functions = functions;

    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      table: props.todoTable,
      auditLogGroup: props.auditLogGroup,
      functionName: physicalName(config, AUDIT_PROCESSOR.name),
      deadLetterQueueName: physicalName(config, 'audit-failures'),
      metricsNamespace: METRICS_NAMESPACE,
      logLevel: config.functions.logLevel,
      deployment: deployment(AUDIT_PROCESSOR.name),
    });

    new CfnOutput(this, 'ApiUrl', { value: `${this.api.url}todos`, description: 'Root of the Todo API' });
  }

  private createFunction(
    definition: FunctionDefinition,
    props: TodoServiceStackProps,
    deployment: TodoFunctionDeploymentOptions,
  ): TodoFunction {
    const { config } = props;
    const routes = definition.routes.map((r) => `${r.method} ${r.path}`).join(', ');
    const fn = new TodoFunction(this, `${definition.id}Function`, {
      entry: path.join(__dirname, '..', 'lambda', 'handlers', `${definition.name}.ts`),
      functionName: physicalName(config, definition.name),
      description: `Todo API: ${routes}`,
      serviceName: SERVICE_NAME,
      metricsNamespace: METRICS_NAMESPACE,
      memorySizeMb: config.functions.memorySizeMb,
      timeout: Duration.seconds(config.functions.timeoutSeconds),
      logLevel: config.functions.logLevel,
      debugLogSampleRate: config.functions.debugLogSampleRate,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      logEncryptionKey: props.logEncryptionKey,
      deployment,
      environment: {
        [HANDLER_ENV.todoTableName]: props.todoTable.tableName,
        [HANDLER_ENV.corsAllowedOrigins]: config.corsAllowedOrigins.join(','),
        [HANDLER_ENV.stage]: config.stage,
        ...(definition.idempotency ? { [HANDLER_ENV.idempotencyTableName]: props.idempotencyTable.tableName } : {}),
      },
    });

    // Exactly the actions the handler calls; Query is the only one that reads the order index.
    const indexArn = `${props.todoTable.tableArn}/index/${TODO_TABLE_SCHEMA.orderIndexName}`;
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TodoTable',
        actions: [...definition.tableActions],
        resources: definition.tableActions.includes('dynamodb:Query')
          ? [props.todoTable.tableArn, indexArn]
          : [props.todoTable.tableArn],
      }),
    );
    if (definition.idempotency) {
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'IdempotencyRecords',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          resources: [props.idempotencyTable.tableArn],
        }),
      );
    }
    return fn;
  }
}
