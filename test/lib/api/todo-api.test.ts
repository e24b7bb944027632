import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { TodoApi } from '../../../lib/api/todo-api';
import { PROBLEM_TYPE_BASE } from '../../../contract/problems';
import { API_FUNCTIONS, RoutePath } from '../../../contract/routes';

const METHOD = 'AWS::ApiGateway::Method';
const GATEWAY_RESPONSE = 'AWS::ApiGateway::GatewayResponse';
const ORIGIN = 'https://app.example.com';
const ROUTES = API_FUNCTIONS.flatMap((fn) => fn.routes);

/** A TodoApi with every manifest route wired to one inline function, in a fresh stack. */
function synth(corsAllowedOrigins: string[], logRetention?: logs.RetentionDays): Template {
  const stack = new Stack(new App(), 'TestStack');
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  const api = new TodoApi(stack, 'Api', {
    restApiName: 'todo-test-api',
    stageName: 'test',
    userPool: new cognito.UserPool(stack, 'UserPool'),
    corsAllowedOrigins,
    throttlingRateLimit: 25,
    throttlingBurstLimit: 50,
    logRetention,
  });
  for (const route of ROUTES) api.addRoute(route.method, route.path, handler);
  return Template.fromStack(stack);
}

const template = synth([ORIGIN], logs.RetentionDays.TWO_WEEKS);
const severalOrigins = synth(['https://a.example.com', 'https://b.example.com']);
const anyOrigin = synth(['*']);

const methods = template.findResources(METHOD);
const [authorizerId] = Object.keys(template.findResources('AWS::ApiGateway::Authorizer'));
const [validatorId] = Object.keys(template.findResources('AWS::ApiGateway::RequestValidator'));

/** Logical ID of the API resource serving `path`, from its PathPart and parent. */
function resourceIdOf(path: RoutePath): string {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const todos = Object.keys(resources).find((id) => resources[id].Properties.PathPart === 'todos')!;
  if (path === '/todos') return todos;
  return Object.keys(resources).find(
    (id) => resources[id].Properties.PathPart === '{id}' && resources[id].Properties.ParentId.Ref === todos,
  )!;
}

function methodOn(httpMethod: string, path: RoutePath) {
  const found = Object.values(methods).filter(
    (m) => m.Properties.HttpMethod === httpMethod && m.Properties.ResourceId.Ref === resourceIdOf(path),
  );
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

function modelIdTitled(title: string): string {
  const models = template.findResources('AWS::ApiGateway::Model');
  return Object.keys(models).find((id) => models[id].Properties.Schema.title === title)!;
}

/**
 * Replaces API Gateway `$context.*` placeholders with sample values the way API Gateway does: quoted ones become
 * strings, unquoted ones numbers, and `$context.error.messageString` (already a quoted JSON string) a quoted string.
 */
function substitute(template: string): string {
  return template
    .replace(/\$context\.error\.messageString/g, '"Sample message"')
    .replace(/"\$context\.[\w.]+"/g, '"sample-value"')
    .replace(/\$context\.[\w.]+/g, '42');
}

describe('TodoApi', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates the API inventory: 12 methods, 9 gateway responses, 3 models, one validator and authorizer', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    // 7 routes + 2 ANY (405) + 2 OPTIONS (/todos, /todos/{id}; the root serves nothing)
    template.resourceCountIs(METHOD, ROUTES.length + 2 + 2);
    template.resourceCountIs(GATEWAY_RESPONSE, 9);
    template.resourceCountIs('AWS::ApiGateway::Model', 3);
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
  });

  test('is a regional API', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'todo-test-api',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  test('traces the stage with X-Ray', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'test', TracingEnabled: true });
  });

  test('enables detailed metrics, ERROR execution logs and stage throttling on every method', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          MetricsEnabled: true,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 25,
          ThrottlingBurstLimit: 50,
        }),
      ],
    });
  });

  test('writes access logs to its access log group', () => {
    const [accessLogGroup] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: '/aws/apigateway/todo-test-api/access' },
      }),
    );
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    // The log group's ARN, built from its name (cdk.json's feature flags make it a join, not a GetAtt).
    expect(JSON.stringify(stage.Properties.AccessLogSetting.DestinationArn)).toContain(`{"Ref":"${accessLogGroup}"}`);
  });

  test('access log lines are JSON with ids, user, route, status and latencies once substituted', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    const line = JSON.parse(substitute(stage.Properties.AccessLogSetting.Format));
    expect(line).toEqual(
      expect.objectContaining({
        requestId: expect.any(String),
        traceId: expect.any(String),
        user: expect.any(String),
        route: expect.any(String),
        status: expect.any(Number),
        latency: expect.any(Number),
        integrationLatency: expect.anything(),
      }),
    );
  });

  test('access log fields map to the right context variables', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    const format: string = stage.Properties.AccessLogSetting.Format;
    expect(format).toContain('"requestId":"$context.requestId"');
    expect(format).toContain('"traceId":"$context.xrayTraceId"');
    expect(format).toContain('"user":"$context.authorizer.claims.sub"');
    expect(format).toContain('"route":"$context.resourcePath"');
    expect(format).toContain('"status":$context.status');
    expect(format).toContain('"latency":$context.responseLatency');
  });

  test('keeps access and execution logs as long as logRetention says', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/apigateway/todo-test-api/access',
      RetentionInDays: 14,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: Match.anyValue() }, '/test']] },
      RetentionInDays: 14,
    });
  });

  test('keeps its two log groups a month and retains them by default', () => {
    // The test stack's handler brings its own log group; the API's two are named after it.
    const apiLogGroups = Object.values(severalOrigins.findResources('AWS::Logs::LogGroup')).filter((group) =>
      JSON.stringify(group.Properties.LogGroupName ?? '').match(/todo-test-api|API-Gateway-Execution-Logs/),
    );
    expect(apiLogGroups).toHaveLength(2);
    for (const group of apiLogGroups) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  test('authorizes with the Cognito user pool from the Authorization header', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^UserPool'), 'Arn'] }],
    });
  });

  test('every non-OPTIONS method, the 405 ANY methods included, requires the Cognito authorizer', () => {
    const guarded = Object.values(methods).filter((m) => m.Properties.HttpMethod !== 'OPTIONS');
    expect(guarded.map((m) => m.Properties.HttpMethod).sort()).toEqual(
      [...ROUTES.map((r) => r.method), 'ANY', 'ANY'].sort(),
    );
    for (const method of guarded) {
      expect(method.Properties).toEqual(
        expect.objectContaining({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: authorizerId } }),
      );
    }
  });

  test('CORS preflight (OPTIONS) methods need no authorization', () => {
    const preflight = Object.values(methods).filter((m) => m.Properties.HttpMethod === 'OPTIONS');
    expect(preflight).toHaveLength(2);
    for (const method of preflight) {
      expect(method.Properties.AuthorizationType).toBe('NONE');
      expect(method.Properties.AuthorizerId).toBeUndefined();
    }
  });

  test.each(ROUTES.map((r) => [r.method, r.path] as const))(
    '%s %s is a Lambda proxy integration',
    (httpMethod, path) => {
      expect(methodOn(httpMethod, path).Integration).toEqual(
        expect.objectContaining({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
      );
    },
  );

  test('the request validator checks bodies and parameters', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  test.each([
    ['POST', '/todos', 'CreateTodo'],
    ['PUT', '/todos/{id}', 'ReplaceTodo'],
    ['PATCH', '/todos/{id}', 'PatchTodo'],
  ] as const)('%s %s validates its JSON body against the %s model', (httpMethod, path, title) => {
    expect(methodOn(httpMethod, path)).toEqual(
      expect.objectContaining({
        RequestValidatorId: { Ref: validatorId },
        RequestModels: { 'application/json': { Ref: modelIdTitled(title) } },
      }),
    );
  });

  test.each([
    ['GET', '/todos'],
    ['DELETE', '/todos'],
    ['GET', '/todos/{id}'],
    ['DELETE', '/todos/{id}'],
  ] as const)('%s %s has no body validation', (httpMethod, path) => {
    const method = methodOn(httpMethod, path);
    expect(method.RequestValidatorId).toBeUndefined();
    expect(method.RequestModels).toBeUndefined();
  });

  test('the create and replace models require a title and refuse unknown members', () => {
    for (const title of ['CreateTodo', 'ReplaceTodo']) {
      template.hasResourceProperties('AWS::ApiGateway::Model', {
        ContentType: 'application/json',
        Schema: Match.objectLike({ title, type: 'object', required: ['title'], additionalProperties: false }),
      });
    }
  });

  test('the patch model requires nothing and refuses unknown members', () => {
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Schema: Match.objectLike({ title: 'PatchTodo', required: Match.absent(), additionalProperties: false }),
    });
  });

  test.each([
    ['MISSING_AUTHENTICATION_TOKEN', '404', '404'],
    ['UNAUTHORIZED', '401', '401'],
    ['ACCESS_DENIED', '403', '403'],
    ['BAD_REQUEST_BODY', '400', '400'],
    ['UNSUPPORTED_MEDIA_TYPE', '415', '415'],
    ['REQUEST_TOO_LARGE', '413', '413'],
    ['THROTTLED', '429', '429'],
    ['DEFAULT_4XX', "the gateway's own status", undefined],
    ['DEFAULT_5XX', "the gateway's own status", undefined],
  ] as const)('gateway response %s answers %s with CORS headers and a problem+json body', (type, _label, status) => {
    const found = template.findResources(GATEWAY_RESPONSE, { Properties: { ResponseType: type } });
    const [response] = Object.values(found);
    expect(Object.keys(found)).toHaveLength(1);
    expect(response.Properties.StatusCode).toBe(status);
    expect(response.Properties.ResponseParameters).toEqual(
      expect.objectContaining({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Access-Control-Allow-Origin': `'${ORIGIN}'`,
      }),
    );
    const body = JSON.parse(substitute(response.Properties.ResponseTemplates['application/json']));
    expect(body.type.startsWith(PROBLEM_TYPE_BASE)).toBe(true);
    expect(body).toEqual(expect.objectContaining({ title: expect.any(String), detail: expect.any(String) }));
    expect(body.status).toBe(status === undefined ? undefined : Number(status));
  });

  test('with one explicit origin, gateway responses vary on Origin', () => {
    template.allResourcesProperties(GATEWAY_RESPONSE, {
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Vary': "'Origin'" }),
    });
  });

  test('with several origins, gateway responses echo the request Origin', () => {
    severalOrigins.allResourcesProperties(GATEWAY_RESPONSE, {
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.origin',
        'gatewayresponse.header.Vary': "'Origin'",
      }),
    });
  });

  test("with '*', gateway responses allow any origin and don't vary", () => {
    anyOrigin.allResourcesProperties(GATEWAY_RESPONSE, {
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
        'gatewayresponse.header.Vary': Match.absent(),
      }),
    });
  });

  test('CORS preflight allows the Idempotency-Key and If-Match request headers', () => {
    const preflight = Object.values(methods).filter((m) => m.Properties.HttpMethod === 'OPTIONS');
    for (const method of preflight) {
      const allowHeaders: string =
        method.Properties.Integration.IntegrationResponses[0].ResponseParameters[
          'method.response.header.Access-Control-Allow-Headers'
        ];
      expect(allowHeaders.replace(/'/g, '').split(',')).toEqual(
        expect.arrayContaining(['Authorization', 'Idempotency-Key', 'If-Match']),
      );
    }
  });

  test('CORS preflight allows the configured origin', () => {
    template.hasResourceProperties(METHOD, {
      HttpMethod: 'OPTIONS',
      Integration: Match.objectLike({
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': `'${ORIGIN}'`,
            }),
          }),
        ],
      }),
    });
  });

  test.each(['/todos', '/todos/{id}'] as const)(
    'an unrouted method on %s gets 405 with an Allow header listing the routed methods',
    (path) => {
      const any = methodOn('ANY', path);
      expect(any.Integration).toEqual(expect.objectContaining({ Type: 'MOCK', PassthroughBehavior: 'NEVER' }));
      const [response] = any.Integration.IntegrationResponses;
      expect(response.StatusCode).toBe('405');
      const allow: string = response.ResponseParameters['method.response.header.Allow'];
      const routed = ROUTES.filter((r) => r.path === path).map((r) => r.method);
      expect(allow.replace(/'/g, '').split(', ').sort()).toEqual([...routed].sort());
      expect(any.MethodResponses).toEqual([
        {
          StatusCode: '405',
          ResponseParameters: expect.objectContaining({ 'method.response.header.Allow': true }),
        },
      ]);
    },
  );

  /** The 405 response template: VTL directives (lines starting with #) then the JSON body. */
  const template405 = (path: '/todos' | '/todos/{id}'): { directives: string[]; body: string } => {
    const lines: string[] = methodOn('ANY', path).Integration.IntegrationResponses[0].ResponseTemplates[
      'application/json'
    ].split('\n');
    return {
      directives: lines.filter((l) => l.startsWith('#')),
      body: lines.filter((l) => !l.startsWith('#')).join('\n'),
    };
  };

  test('the 405 body is a method-not-allowed problem', () => {
    const body = JSON.parse(substitute(template405('/todos').body));
    expect(body).toEqual(expect.objectContaining({ type: `${PROBLEM_TYPE_BASE}method-not-allowed`, status: 405 }));
  });

  test('the 405 response is problem+json and readable by an allowed origin', () => {
    const { directives } = template405('/todos/{id}');
    expect(directives).toContain("#set($context.responseOverride.header.Content-Type = 'application/problem+json')");
    expect(directives.join('\n')).toContain(`$origin == "${ORIGIN}"`);
    expect(directives).toContain('#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)');
  });

  test('the 405 mock accepts non-JSON request bodies too, so a wrong method is 405 rather than 415', () => {
    expect(Object.keys(methodOn('ANY', '/todos').Integration.RequestTemplates)).toEqual(
      expect.arrayContaining(['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
    );
  });

  test.each(['/todos', '/todos/{id}'] as const)(
    'preflight on %s advertises only the methods the path serves',
    (path) => {
      const allowMethods: string = methodOn('OPTIONS', path).Integration.IntegrationResponses[0].ResponseParameters[
        'method.response.header.Access-Control-Allow-Methods'
      ];
      const routed = ROUTES.filter((r) => r.path === path).map((r) => r.method);
      expect(allowMethods.replace(/'/g, '').split(',').sort()).toEqual([...routed].sort());
    },
  );

  test('fails when corsAllowedOrigins is empty', () => {
    expect(() => synth([])).toThrow(/corsAllowedOrigins must list at least one origin/);
  });

  test("fails when corsAllowedOrigins mixes '*' with explicit origins", () => {
    expect(() => synth(['*', ORIGIN])).toThrow(/corsAllowedOrigins cannot mix "\*" with explicit origins/);
  });
});
