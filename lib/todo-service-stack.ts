import * as path from 'node:path';
import { Aws, CfnOutput, Duration, Lazy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroupName } from '../contract/log-groups';
import { API_FUNCTIONS, AUDIT_PROCESSOR, FunctionDefinition, HANDLER_ENV } from '../contract/routes';
import { TODO_TABLE_SCHEMA } from '../contract/table-schema';
import { API_SERVICE_NAME, METRICS_NAMESPACE } from '../contract/telemetry';
import { physicalName, StageConfig } from './config/stage-config';
import { webClientDirectory } from './config/web-build';
import { ApiFirewall } from './api/api-firewall';
import { AuditTrail } from './data/audit-trail';
import { FaultInjectionExtension } from './chaos/fault-injection-extension';
import { COGNITO_IDENTITY_ENDPOINT, RealUserMonitoring, RUM_DATA_PLANE_ENDPOINT } from './web/real-user-monitoring';
import { AlarmFactory } from './alarms/alarm-factory';
import { deploymentConfigOf } from './api/safe-deployment';
import { TodoApi } from './api/todo-api';
import { TodoFunction, TodoFunctionDeploymentOptions } from './api/todo-function';
import { WebClientDeployment } from './web/web-client-deployment';
import { WebHosting } from './web/web-hosting';
import { webInteractionMetricDefinitions } from './web/web-interaction-metrics';
import { WebSignInClient } from './web/web-sign-in-client';

/** The web client's version in RUM events (`applicationVersion`). */
export const WEB_CLIENT_VERSION = '0.1.0';

export interface TodoServiceStackProps extends StackProps {
  readonly config: StageConfig;
  /** The todo table; its stream feeds the audit trail. */
  readonly todoTable: dynamodb.ITableV2;
  readonly idempotencyTable: dynamodb.ITableV2;
  readonly userPool: cognito.IUserPool;
  /** The users' managed-login domain, where the web client signs them in. */
  readonly signInDomain: cognito.UserPoolDomain;
  readonly logEncryptionKey: kms.IKey;
  /** Where the audit trail writes its entries (retention and encryption set by the stateful stack). */
  readonly auditLogGroup: logs.ILogGroup;
}

/**
 * What is redeployed often: the REST API, one function per route (each allowed only the table actions it uses), and
 * the web client that calls it (CloudFront, its sign-in client and real-user monitoring). The web client lives here
 * because it and the API name each other: the API's CORS origins hold the CloudFront domain and the page's CSP holds
 * the API's. In one stack CloudFormation orders that (REST API → CSP → distribution → CORS methods and functions);
 * across two stacks it would be a cycle.
 */
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
  /** The web client's bucket and CloudFront distribution. */
  public readonly web: WebHosting;
  public readonly webSignIn: WebSignInClient;
  public readonly realUserMonitoring: RealUserMonitoring;
  /** The CloudWatch RUM app monitor of the web client (`todo-<stage>-web`); its metrics carry this name. */
  public readonly webAppMonitorName: string;

  constructor(scope: Construct, id: string, props: TodoServiceStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.webAppMonitorName = physicalName(config, 'web');

    // The web client's origin, known once its distribution exists below (see the class comment).
    const webOrigin = Lazy.string({ produce: () => this.web.origin });
    const corsAllowedOrigins = config.corsAllowedOrigins.includes('*')
      ? config.corsAllowedOrigins
      : [webOrigin, ...config.corsAllowedOrigins];
    this.api = new TodoApi(this, 'Api', {
      restApiName: physicalName(config, 'api'),
      stageName: config.stage,
      userPool: props.userPool,
      corsAllowedOrigins,
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
    // Rollback alarms notify no one (CodeDeploy polls them): a factory without topics.
    const rollbackAlarms = new AlarmFactory({
      namePrefix: physicalName(config),
      runbookBaseUrl: config.alarming.runbookBaseUrl,
    });
    const deployment = (name: string): TodoFunctionDeploymentOptions => ({
      application: this.deployments,
      deploymentConfig: deploymentConfigOf(config.deployment.strategy),
      role: deploymentRole,
      alarms: rollbackAlarms,
      component: `lambda-${name}`,
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
      const fn = this.createFunction(definition, props, corsAllowedOrigins, deployment(definition.name));
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

    // Only the REST API's id, never its stage: the distribution must not wait for the deployment, which waits for
    // the CORS methods, which name the distribution.
    const apiOrigin = `https://${this.api.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const signInUrl = props.signInDomain.baseUrl();
    this.web = new WebHosting(this, 'Web', {
      namePrefix: physicalName(config),
      connectSources: [apiOrigin, signInUrl, COGNITO_IDENTITY_ENDPOINT, RUM_DATA_PLANE_ENDPOINT],
      accessLogRetention: config.accessLogRetention,
      removalPolicy: config.removalPolicy,
    });
    this.webSignIn = new WebSignInClient(this, 'WebSignIn', {
      userPool: props.userPool,
      clientName: this.webAppMonitorName,
      siteUrl: `${this.web.origin}/`,
    });
    this.realUserMonitoring = new RealUserMonitoring(this, 'RealUserMonitoring', {
      appMonitorName: this.webAppMonitorName,
      domain: this.web.distribution.distributionDomainName,
      sessionSampleRate: config.web.rumSessionSampleRate,
      customMetrics: webInteractionMetricDefinitions(this.webAppMonitorName),
    });
    new WebClientDeployment(this, 'WebDeployment', {
      bucket: this.web.bucket,
      siteDirectory: webClientDirectory(),
      runtimeConfig: {
        apiUrl: `${apiOrigin}/${this.api.api.deploymentStage.stageName}`,
        auth: {
          mode: 'cognito',
          domainUrl: signInUrl,
          clientId: this.webSignIn.client.userPoolClientId,
          scopes: this.webSignIn.scopes,
        },
        rum: {
          applicationId: this.realUserMonitoring.appMonitorId,
          applicationVersion: WEB_CLIENT_VERSION,
          region: Aws.REGION,
          identityPoolId: this.realUserMonitoring.identityPool.ref,
          endpoint: RUM_DATA_PLANE_ENDPOINT,
          sessionSampleRate: config.web.rumSessionSampleRate,
        },
      },
      logGroupName: logGroupName(config, 'web-deployment'),
      logRetention: config.logRetention,
      logEncryptionKey: props.logEncryptionKey,
      logRemovalPolicy: config.removalPolicy,
    });

    new CfnOutput(this, 'WebUrl', { value: `${this.web.origin}/`, description: 'The Todo web client' });
    new CfnOutput(this, 'WebBucketName', { value: this.web.bucket.bucketName, description: 'Versioned site bucket' });
    new CfnOutput(this, 'WebClientId', { value: this.webSignIn.client.userPoolClientId });
    new CfnOutput(this, 'RumAppMonitorId', { value: this.realUserMonitoring.appMonitorId });
  }

  private createFunction(
    definition: FunctionDefinition,
    props: TodoServiceStackProps,
    corsAllowedOrigins: readonly string[],
    deployment: TodoFunctionDeploymentOptions,
  ): TodoFunction {
    const { config } = props;
    const routes = definition.routes.map((r) => `${r.method} ${r.path}`).join(', ');
    const fn = new TodoFunction(this, `${definition.id}Function`, {
      entry: path.join(__dirname, '..', 'lambda', 'handlers', `${definition.name}.ts`),
      functionName: physicalName(config, definition.name),
      description: `Todo API: ${routes}`,
      serviceName: API_SERVICE_NAME,
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
        [HANDLER_ENV.corsAllowedOrigins]: corsAllowedOrigins.join(','),
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
