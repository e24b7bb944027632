import * as path from 'node:path';
import { Aws, CfnOutput, Duration, Lazy, Stack, StackProps } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroupName } from '../contract/log-groups';
import { API_FUNCTIONS, AUDIT_PROCESSOR, FunctionDefinition, HANDLER_ENV, routeName } from '../contract/routes';
import { TODO_TABLE_SCHEMA } from '../contract/table-schema';
import { API_SERVICE_NAME, METRICS_NAMESPACE } from '../contract/telemetry';
import { physicalName, StageConfig } from './config/stage-config';
import { reservedConcurrencyOf } from './config/reserved-concurrency';
import { webClientDirectory } from './config/web-build';
import { ApiFirewall } from './api/api-firewall';
import { AuditTrail } from './data/audit-trail';
import { FaultInjectionExtension } from './chaos/fault-injection-extension';
import { COGNITO_IDENTITY_ENDPOINT, RealUserMonitoring, RUM_DATA_PLANE_ENDPOINT } from './web/real-user-monitoring';
import { AlarmFactory } from './alarms/alarm-factory';
import { deploymentConfigOf } from './api/safe-deployment';
import { ApiDomain } from './domains/api-domain';
import { addCustomDomains } from './domains/custom-domains';
import { PublicUrls, publicUrls } from './domains/public-urls';
import { TodoApi } from './api/todo-api';
import { TodoFunction, TodoFunctionDeploymentOptions } from './api/todo-function';
import { WebClientDeployment } from './web/web-client-deployment';
import { WebHosting } from './web/web-hosting';
import { webInteractionMetricDefinitions } from './web/web-interaction-metrics';
import { WebSignInClient } from './web/web-sign-in-client';

/** What a reader and a writer of a table with a customer-managed key may do with the key. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [...KEY_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey'];
const TABLE_WRITE_ACTIONS = new Set<string>(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);

/** The web client's version in RUM events (`applicationVersion`). */
export const WEB_CLIENT_VERSION = '0.1.0';

export interface TodoServiceStackProps extends StackProps {
  readonly config: StageConfig;
  /** The todo table; its stream feeds the audit trail. */
  readonly todoTable: dynamodb.ITableV2;
  readonly idempotencyTable: dynamodb.ITableV2;
  /**
   * The customer-managed key of both tables and the stream; each function may use it as its table actions need.
   * @default - the tables use the AWS-managed key
   */
  readonly tableEncryptionKey?: kms.IKey;
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
  /** The API's web ACL and its request logs. */
  public readonly firewall: ApiFirewall;
  /** The API's functions by manifest name (`list-todos`, …). */
  public readonly functions: ReadonlyMap<string, TodoFunction>;
  /** The table stream's audit processor and its dead-letter queue (not in `functions`: it serves no route). */
  public readonly auditTrail: AuditTrail;
  /** The CodeDeploy application of every function's deployment group (`todo-<stage>-functions`). */
  public readonly deployments: codedeploy.LambdaApplication;
  /** The FIS Lambda extension on the API functions, when `config.chaos.enabled`. */
  public readonly faultInjection?: FaultInjectionExtension;
  /** Where the web client and the API are reached: their custom domains, else the AWS host names. */
  public readonly urls: PublicUrls;
  /** The API's custom domain, when `config.domains.apiDomainName` is set. */
  public readonly apiDomain?: ApiDomain;
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

    // Decided once, here; the AWS host names are known once the API and the distribution exist (see the class comment).
    this.urls = publicUrls(config.domains, {
      webDomainName: Lazy.string({ produce: () => this.web.distribution.distributionDomainName }),
      restApiId: Lazy.string({ produce: () => this.api.api.restApiId }),
      stageName: Lazy.string({ produce: () => this.api.api.deploymentStage.stageName }),
    });
    const corsAllowedOrigins = config.corsAllowedOrigins.includes('*')
      ? config.corsAllowedOrigins
      : [this.urls.webOrigin, ...config.corsAllowedOrigins];
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

    this.firewall = new ApiFirewall(this, 'Firewall', {
      name: physicalName(config, 'api'),
      stageArn: this.api.api.deploymentStage.stageArn,
      rateLimitPer5Minutes: config.apiThrottle.rateLimitPerIpPer5Minutes,
      logEncryptionKey: props.logEncryptionKey,
      logRetention: config.wafLogRetention,
      logRemovalPolicy: config.removalPolicy,
    });

    this.deployments = new codedeploy.LambdaApplication(this, 'Deployments', {
      applicationName: physicalName(config, 'functions'),
    });
    const deploymentRole = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: `CodeDeploy: shifts the live aliases of ${physicalName(config)} functions`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited')],
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
      tableEncryptionKey: props.tableEncryptionKey,
      auditLogGroup: props.auditLogGroup,
      functionName: physicalName(config, AUDIT_PROCESSOR.name),
      deadLetterQueueName: physicalName(config, 'audit-failures'),
      metricsNamespace: METRICS_NAMESPACE,
      logLevel: config.functions.logLevel,
      reservedConcurrency: reservedConcurrencyOf(config),
      deployment: deployment(AUDIT_PROCESSOR.name),
    });

    new CfnOutput(this, 'ApiUrl', { value: `${this.urls.apiRoot}/todos`, description: 'Root of the Todo API' });

    // The CSP names the API by its origin (custom domain or REST API id), never its stage: the distribution must not
    // wait for the deployment, which waits for the CORS methods, which name the distribution.
    const signInUrl = props.signInDomain.baseUrl();
    this.web = new WebHosting(this, 'Web', {
      namePrefix: physicalName(config),
      connectSources: [this.urls.apiOrigin, signInUrl, COGNITO_IDENTITY_ENDPOINT, RUM_DATA_PLANE_ENDPOINT],
      accessLogRetention: config.accessLogRetention,
      removalPolicy: config.removalPolicy,
      customDomain:
        config.domains.webDomainName !== undefined && config.domains.webCertificateArn !== undefined
          ? { domainName: config.domains.webDomainName, certificateArn: config.domains.webCertificateArn }
          : undefined,
    });
    this.apiDomain = addCustomDomains(this, {
      domains: config.domains,
      distribution: this.web.distribution,
      stage: this.api.api.deploymentStage,
    });
    this.webSignIn = new WebSignInClient(this, 'WebSignIn', {
      userPool: props.userPool,
      clientName: this.webAppMonitorName,
      siteUrl: this.urls.webUrl,
    });
    this.realUserMonitoring = new RealUserMonitoring(this, 'RealUserMonitoring', {
      appMonitorName: this.webAppMonitorName,
      domain: this.urls.webDomainName,
      sessionSampleRate: config.web.rumSessionSampleRate,
      customMetrics: webInteractionMetricDefinitions(this.webAppMonitorName),
    });
    new WebClientDeployment(this, 'WebDeployment', {
      bucket: this.web.bucket,
      siteDirectory: webClientDirectory(),
      runtimeConfig: {
        apiUrl: this.urls.apiRoot,
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

    new CfnOutput(this, 'WebUrl', { value: this.urls.webUrl, description: 'The Todo web client' });
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
    const routes = definition.routes.map(routeName).join(', ');
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
      reservedConcurrency: reservedConcurrencyOf(config),
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
    // A customer-managed table key must allow the caller too: reads decrypt, writes also encrypt new data keys
    // (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html; CDK's table grants do the same).
    const writes = definition.tableActions.some((action) => TABLE_WRITE_ACTIONS.has(action));
    props.tableEncryptionKey?.grant(
      fn.role,
      ...(writes || definition.idempotency ? KEY_WRITE_ACTIONS : KEY_READ_ACTIONS),
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
