import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from '../../contract/http';
import { problemTemplate, addGatewayResponses, corsOriginTemplate, MOCK_CONTENT_TYPES } from './api-error-responses';
import { allowedMethods, HttpMethod, RoutePath } from '../../contract/routes';
import { personalDataProtectionPolicy } from '../security/log-encryption-key';
import { CREATE_TODO_SCHEMA, PATCH_TODO_SCHEMA, REPLACE_TODO_SCHEMA } from './todo-api-schemas';

export interface TodoApiProps {
  /** Physical name of the REST API. */
  readonly restApiName: string;
  /** Stage name, also the first path segment of the execute-api URL. */
  readonly stageName: string;
  /** Users allowed to call the API (Cognito authorizer on every route except CORS preflight). */
  readonly userPool: cognito.IUserPool;
  /** Origins allowed by CORS: `['*']` or explicit origins. */
  readonly corsAllowedOrigins: readonly string[];
  /** Stage-wide steady-state requests per second. */
  readonly throttlingRateLimit: number;
  /** Stage-wide burst. */
  readonly throttlingBurstLimit: number;
  /**
   * Retention of the access and execution log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Customer-managed key encrypting the access and execution logs (they hold caller IPs and user ids).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * The API Gateway fields written for every request, as one JSON object per line. `status` and `latency` are numbers
 * so metric filters can compare them; the ids join an access log line to the function's logs (`requestId` is the
 * handler's correlation id) and to its X-Ray trace.
 */
export const ACCESS_LOG_FIELDS: Record<string, { value: string; numeric?: boolean }> = {
  requestId: { value: '$context.requestId' },
  extendedRequestId: { value: '$context.extendedRequestId' },
  traceId: { value: '$context.xrayTraceId' },
  requestTime: { value: '$context.requestTime' },
  requestTimeEpoch: { value: '$context.requestTimeEpoch', numeric: true },
  sourceIp: { value: '$context.identity.sourceIp' },
  userAgent: { value: '$context.identity.userAgent' },
  user: { value: '$context.authorizer.claims.sub' },
  method: { value: '$context.httpMethod' },
  route: { value: '$context.resourcePath' },
  path: { value: '$context.path' },
  protocol: { value: '$context.protocol' },
  status: { value: '$context.status', numeric: true },
  responseLength: { value: '$context.responseLength' },
  latency: { value: '$context.responseLatency', numeric: true },
  integrationLatency: { value: '$context.integrationLatency' },
  integrationStatus: { value: '$context.integrationStatus' },
  errorType: { value: '$context.error.responseType' },
  errorMessage: { value: '$context.error.message' },
  authorizerError: { value: '$context.authorizer.error' },
};

function accessLogFormat(): apigateway.AccessLogFormat {
  const fields = Object.entries(ACCESS_LOG_FIELDS).map(([name, field]) =>
    field.numeric ? `"${name}":${field.value}` : `"${name}":"${field.value}"`,
  );
  return apigateway.AccessLogFormat.custom(`{${fields.join(',')}}`);
}

/**
 * The Todo REST API: Cognito-authorized Lambda proxy routes, JSON-schema request validation, CORS on every response
 * (errors from API Gateway itself included), RFC 9457 problem bodies for gateway errors, 404 for unknown routes and
 * 405 for wrong methods, X-Ray tracing, detailed per-method metrics, throttling and JSON access logs.
 */
export class TodoApi extends Construct {
  public readonly api: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly executionLogGroup: logs.LogGroup;
  private readonly authorizer: apigateway.CognitoUserPoolsAuthorizer;
  private readonly requestValidator: apigateway.RequestValidator;
  private readonly models = new Map<HttpMethod, apigateway.Model>();
  private readonly resources: Record<RoutePath, apigateway.Resource>;

  constructor(scope: Construct, id: string, props: TodoApiProps) {
    super(scope, id);
    validateOrigins(props.corsAllowedOrigins);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const logRemovalPolicy = props.logRemovalPolicy ?? RemovalPolicy.RETAIN;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.restApiName}/access`,
      retention: logRetention,
      removalPolicy: logRemovalPolicy,
      encryptionKey: props.logEncryptionKey,
      dataProtectionPolicy: personalDataProtectionPolicy(`${props.restApiName}-access-personal-data`),
    });

    this.api = new apigateway.RestApi(this, 'RestApi', {
      restApiName: props.restApiName,
      description: 'Todo-Backend compatible Todo API',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });

    // API Gateway creates this group on first error unless it already exists; owning it sets its retention.
    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${props.stageName}`,
      retention: logRetention,
      removalPolicy: logRemovalPolicy,
      encryptionKey: props.logEncryptionKey,
      dataProtectionPolicy: personalDataProtectionPolicy(`${props.restApiName}-execution-personal-data`),
    });
    // The stage must not log before this group exists, or API Gateway creates it (without retention) first.
    this.api.deploymentStage.node.addDependency(this.executionLogGroup);

    this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      resultsCacheTtl: Duration.minutes(5),
    });
    this.requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.addModel('POST', 'CreateTodoModel', CREATE_TODO_SCHEMA);
    this.addModel('PUT', 'ReplaceTodoModel', REPLACE_TODO_SCHEMA);
    this.addModel('PATCH', 'PatchTodoModel', PATCH_TODO_SCHEMA);

    const todos = this.api.root.addResource('todos');
    this.resources = { '/todos': todos, '/todos/{id}': todos.addResource('{id}') };
    for (const path of Object.keys(this.resources) as RoutePath[]) {
      // Preflight per path, advertising only the methods the path serves.
      this.resources[path].addCorsPreflight({
        allowOrigins: [...props.corsAllowedOrigins],
        allowMethods: allowedMethods(path),
        allowHeaders: [...CORS_ALLOW_HEADERS],
        exposeHeaders: [...CORS_EXPOSE_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
      });
      this.addMethodNotAllowed(path, props.corsAllowedOrigins);
    }
    addGatewayResponses(this.api, props.corsAllowedOrigins);
  }

  /** Routes `method path` to `handler` through a Lambda proxy integration, authorized and validated. */
  public addRoute(method: HttpMethod, path: RoutePath, handler: lambda.IFunction): apigateway.Method {
    const model = this.models.get(method);
    return this.resources[path].addMethod(method, new apigateway.LambdaIntegration(handler), {
      authorizer: this.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      requestValidator: model ? this.requestValidator : undefined,
      requestModels: model ? { 'application/json': model } : undefined,
    });
  }

  /** The invoke URL of the stage, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/prod/`. */
  public get url(): string {
    return this.api.url;
  }

  private addModel(method: HttpMethod, id: string, schema: apigateway.JsonSchema): void {
    this.models.set(method, this.api.addModel(id, { contentType: 'application/json', schema }));
  }

  /**
   * API Gateway answers a method a resource doesn't define with 403 "Missing Authentication Token"; an ANY method
   * (explicit methods win over it) answers 405 with the `Allow` header instead. Authorized like the real routes.
   */
  private addMethodNotAllowed(path: RoutePath, origins: readonly string[]): void {
    const allow = allowedMethods(path).join(', ');
    const body = problemTemplate(
      'method_not_allowed',
      `$context.httpMethod is not allowed on ${path}; allowed: ${allow}`,
    );
    // Mock integrations need a request template per content type; these cover what clients send (others get 415).
    const requestTemplates = Object.fromEntries(MOCK_CONTENT_TYPES.map((type) => [type, '{"statusCode": 405}']));
    this.resources[path].addMethod(
      'ANY',
      new apigateway.MockIntegration({
        passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
        requestTemplates,
        integrationResponses: [
          {
            statusCode: '405',
            responseParameters: {
              'method.response.header.Allow': `'${allow}'`,
              'method.response.header.Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
            },
            responseTemplates: { 'application/json': `${corsOriginTemplate(origins)}\n${body}` },
          },
        ],
      }),
      {
        authorizer: this.authorizer,
        authorizationType: apigateway.AuthorizationType.COGNITO,
        methodResponses: [
          {
            statusCode: '405',
            responseParameters: {
              'method.response.header.Allow': true,
              'method.response.header.Access-Control-Expose-Headers': true,
            },
          },
        ],
      },
    );
  }
}

function validateOrigins(origins: readonly string[]): void {
  if (origins.length === 0) {
    throw new Error('TodoApi: corsAllowedOrigins must list at least one origin, got []');
  }
  if (origins.includes('*') && origins.length > 1) {
    throw new Error(`TodoApi: corsAllowedOrigins cannot mix "*" with explicit origins, got ${JSON.stringify(origins)}`);
  }
}
