import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from '../../lambda/shared/cors';
import { PROBLEM_TYPE_BASE } from '../../lambda/shared/problem-types';
import { allowedMethods, HttpMethod, RoutePath } from '../../lambda/routes';
import { personalDataProtectionPolicy } from './log-encryption-key';
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

    const stage = this.api.deploymentStage.node.defaultChild as apigateway.CfnStage;
    Validations.of(stage).acknowledge({
      id: 'Serverless::Serverless-APIGWStructuredLogging',
      reason:
        'The access log format is JSON with unquoted numbers (status, latency) for numeric metric filters; the rule cannot parse the template, every substituted line is valid JSON (tested).',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-level role for execution logs; AWS maintains this managed policy for exactly that purpose.",
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
    this.addGatewayResponses(props.corsAllowedOrigins);
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
      405,
      'method-not-allowed',
      'Method Not Allowed',
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

  /** Errors raised by API Gateway itself get problem+json bodies and CORS headers, like the handlers' errors. */
  private addGatewayResponses(origins: readonly string[]): void {
    const responses: Array<[string, apigateway.ResponseType, number | undefined, string, string, string]> = [
      [
        'NotFound',
        apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
        404,
        'not-found',
        'Not Found',
        'No route matches $context.httpMethod $context.path',
      ],
      [
        'Unauthorized',
        apigateway.ResponseType.UNAUTHORIZED,
        401,
        'unauthorized',
        'Unauthorized',
        'A valid bearer token from the user pool is required',
      ],
      ['AccessDenied', apigateway.ResponseType.ACCESS_DENIED, 403, 'forbidden', 'Forbidden', MESSAGE],
      [
        'BadRequestBody',
        apigateway.ResponseType.BAD_REQUEST_BODY,
        400,
        'invalid-body',
        'Invalid request body',
        'The body is not JSON or does not match the todo schema',
      ],
      [
        'UnsupportedMediaType',
        apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE,
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        'Send application/json',
      ],
      [
        'RequestTooLarge',
        apigateway.ResponseType.REQUEST_TOO_LARGE,
        413,
        'payload-too-large',
        'Payload Too Large',
        MESSAGE,
      ],
      [
        'Throttled',
        apigateway.ResponseType.THROTTLED,
        429,
        'too-many-requests',
        'Too Many Requests',
        'Slow down and retry with backoff',
      ],
      ['Default4xx', apigateway.ResponseType.DEFAULT_4XX, undefined, 'client-error', 'Client error', MESSAGE],
      [
        'Default5xx',
        apigateway.ResponseType.DEFAULT_5XX,
        undefined,
        'server-error',
        'Internal Server Error',
        'The request failed on our side; retry later',
      ],
    ];
    const headers = gatewayCorsHeaders(origins);
    for (const [id, type, status, slug, title, detail] of responses) {
      this.api.addGatewayResponse(id, {
        type,
        statusCode: status === undefined ? undefined : String(status),
        responseHeaders: headers,
        templates: { 'application/json': problemTemplate(status, slug, title, detail) },
      });
    }
  }
}

/** Request content types the 405 mock integration accepts. */
const MOCK_CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
];

/**
 * VTL for a mock integration response: sets `Access-Control-Allow-Origin` the way the handlers do (`*`, or the
 * caller's Origin when it is allowed) and the problem+json content type.
 */
function corsOriginTemplate(origins: readonly string[]): string {
  const lines = ["#set($context.responseOverride.header.Content-Type = 'application/problem+json')"];
  if (origins.includes('*')) {
    lines.push("#set($context.responseOverride.header.Access-Control-Allow-Origin = '*')");
  } else {
    lines.push(
      '#set($origin = $input.params().header.get("Origin"))',
      `#if(${origins.map((origin) => `$origin == "${origin}"`).join(' || ')})`,
      '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
      '#end',
      "#set($context.responseOverride.header.Vary = 'Origin')",
    );
  }
  return lines.join('\n');
}

/** The gateway's own error message, already quoted and JSON-escaped (gateway templates are not VTL). */
const MESSAGE = '$context.error.messageString';

/**
 * An RFC 9457 body as a gateway mapping template. Gateway templates can't read the status code, so responses that
 * keep the gateway's own status omit the (optional) `status` member.
 */
function problemTemplate(status: number | undefined, slug: string, title: string, detail: string): string {
  const statusMember = status === undefined ? '' : `"status":${status},`;
  const detailValue = detail === MESSAGE ? MESSAGE : `"${detail}"`;
  return `{"type":"${PROBLEM_TYPE_BASE}${slug}","title":"${title}",${statusMember}"detail":${detailValue},"requestId":"$context.requestId"}`;
}

/**
 * Gateway responses can't run the handlers' origin check: one origin (or `*`) is sent as is; with several, the
 * caller's Origin is echoed, which only ever exposes an error body.
 */
function gatewayCorsHeaders(origins: readonly string[]): Record<string, string> {
  const allowOrigin = origins.length === 1 ? `'${origins[0]}'` : 'method.request.header.origin';
  return {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
    'Content-Type': "'application/problem+json'",
    ...(origins.includes('*') ? {} : { Vary: "'Origin'" }),
  };
}

function validateOrigins(origins: readonly string[]): void {
  if (origins.length === 0) {
    throw new Error('TodoApi: corsAllowedOrigins must list at least one origin, got []');
  }
  if (origins.includes('*') && origins.length > 1) {
    throw new Error(`TodoApi: corsAllowedOrigins cannot mix "*" with explicit origins, got ${JSON.stringify(origins)}`);
  }
}
