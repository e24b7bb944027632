import { templateInventory } from '../../../scripts/template-inventory';
import { App, CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTodoApp } from '../../../lib/todo-app';
import { parseRuntimeConfig } from '../../../web/src/runtime-config';
import { API_FUNCTIONS, AUDIT_PROCESSOR, FunctionDefinition, RoutePath } from '../../../contract/routes';

const FUNCTION = 'AWS::Lambda::Function';
const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
];

// The real dev app, handlers bundled with esbuild: synthesized once for the whole file.
const { stateful, service } = createTodoApp(new App({ context: { stage: 'dev' } }));
const template = Template.fromStack(service);
const resources: ReturnType<Template['findResources']> = template.toJSON().Resources;

/** Logical IDs (in the stateful stack) of the two tables, as they appear in the service stack's imports. */
const todoTableId = stateful.getLogicalId(stateful.todoTable.node.defaultChild as CfnElement);
const idempotencyTableId = stateful.getLogicalId(stateful.idempotencyTable.node.defaultChild as CfnElement);
const auditLogGroupId = stateful.getLogicalId(stateful.auditLogGroup.node.defaultChild as CfnElement);

function functionIdOf(definition: FunctionDefinition): string {
  const found = Object.keys(
    template.findResources(FUNCTION, { Properties: { FunctionName: `todo-dev-${definition.name}` } }),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/** Statements of every identity policy attached to the role of `definition`'s function. */
function statementsOf(definition: FunctionDefinition): Array<{ Action: string | string[]; Resource: unknown }> {
  const roleId = resources[functionIdOf(definition)].Properties.Role['Fn::GetAtt'][0];
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: { Action: string | string[] }): string[] => [statement.Action].flat();

/** DynamoDB statements whose resources mention `tableId` (a table ARN import, or an index ARN built from it). */
function dynamoStatementsOn(definition: FunctionDefinition, tableId: string) {
  return statementsOf(definition).filter(
    (s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && JSON.stringify(s.Resource).includes(tableId),
  );
}

const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
const [restApiId] = Object.keys(template.findResources('AWS::ApiGateway::RestApi'));
const signInDomainId = stateful.getLogicalId(stateful.signInDomain.node.defaultChild as CfnElement);

/** A value of the stateful stack read as a weak reference (cdk.json: `@aws-cdk/core:defaultCrossStackReferences`). */
function statefulOutput(logicalIdPattern: string) {
  return {
    'Fn::GetStackOutput': Match.objectLike({
      StackName: 'todo-dev-stateful',
      OutputName: Match.stringLikeRegexp(logicalIdPattern),
    }),
  };
}

/** Path of an API resource, rebuilt from PathPart and ParentId. */
function pathOf(resourceId: string): string {
  const resource = resources[resourceId];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${pathOf(resource.Properties.ParentId.Ref)}/${resource.Properties.PathPart}`;
}

describe('TodoServiceStack', () => {
  test('resource inventory (types, logical ids, physical names) matches the snapshot', () => {
    expect(templateInventory(template.toJSON())).toMatchSnapshot();
  });

  test('creates one Lambda function per API_FUNCTIONS entry, plus the audit processor', () => {
    const named = template.findResources(FUNCTION, {
      Properties: { FunctionName: Match.stringLikeRegexp('^todo-dev-') },
    });
    expect(Object.keys(named)).toHaveLength(API_FUNCTIONS.length + 1);
    // + CDK's deploy-time helpers: the web client's bucket deployment and (dev only) emptying buckets on delete.
    template.resourceCountIs(FUNCTION, API_FUNCTIONS.length + 3);
  });

  test.each(API_FUNCTIONS.map((f) => [f.name, f] as const))(
    'names the %s function todo-dev-<name>',
    (_name, definition) => {
      functionIdOf(definition);
    },
  );

  test.each(
    API_FUNCTIONS.flatMap((f) => f.routes.map((r) => [`${r.method} ${r.path}`, f.name, r.method, r.path] as const)),
  )('%s is integrated with the %s function', (_route, name, httpMethod, path: RoutePath) => {
    const definition = API_FUNCTIONS.find((f) => f.name === name)!;
    const methods = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: httpMethod } }),
    ).filter((m) => pathOf(m.Properties.ResourceId.Ref) === path);
    expect(methods).toHaveLength(1);
    // Through the function's live alias (CodeDeploy shifts it), never $LATEST.
    const [aliasId] = Object.keys(
      template.findResources('AWS::Lambda::Alias', {
        Properties: { Name: 'live', FunctionName: { Ref: functionIdOf(definition) } },
      }),
    );
    expect(JSON.stringify(methods[0].Properties.Integration.Uri)).toContain(`{"Ref":"${aliasId}"}`);
  });

  test.each(API_FUNCTIONS.map((f) => [f.name, f] as const))(
    'grants %s exactly its manifest tableActions on the todo table',
    (_name, definition) => {
      const granted = dynamoStatementsOn(definition, todoTableId).flatMap(actionsOf);
      expect([...new Set(granted)].sort()).toEqual([...definition.tableActions].sort());
    },
  );

  test.each(API_FUNCTIONS.map((f) => [f.name, f.tableActions.includes('dynamodb:Query'), f] as const))(
    'grants %s the byOrder index only when it may Query (%p)',
    (_name, queries, definition) => {
      const onIndex = dynamoStatementsOn(definition, todoTableId).some((s) =>
        JSON.stringify(s.Resource).includes('/index/byOrder'),
      );
      expect(onIndex).toBe(queries);
    },
  );

  test.each(API_FUNCTIONS.map((f) => [f.name, f] as const))(
    'grants %s no DynamoDB action on every resource (*)',
    (_name, definition) => {
      const wildcard = statementsOf(definition).filter(
        (s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && JSON.stringify(s.Resource).includes('"*"'),
      );
      expect(wildcard).toEqual([]);
    },
  );

  test.each(['list-todos', 'get-todo'])('%s may only read the todo table', (name) => {
    const definition = API_FUNCTIONS.find((f) => f.name === name)!;
    const granted = dynamoStatementsOn(definition, todoTableId).flatMap(actionsOf);
    expect(granted.length).toBeGreaterThan(0);
    expect(granted.filter((action) => !READ_ACTIONS.includes(action))).toEqual([]);
  });

  test('only create-todo may use the idempotency table', () => {
    const withAccess = API_FUNCTIONS.filter((f) => dynamoStatementsOn(f, idempotencyTableId).length > 0).map(
      (f) => f.name,
    );
    expect(withAccess).toEqual(['create-todo']);
  });

  test('create-todo may get, put, update and delete idempotency records', () => {
    const create = API_FUNCTIONS.find((f) => f.name === 'create-todo')!;
    const granted = dynamoStatementsOn(create, idempotencyTableId).flatMap(actionsOf);
    expect(granted.sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
  });

  test.each(API_FUNCTIONS.map((f) => [f.name] as const))(
    'the %s function knows the todo table and the allowed CORS origins',
    (name) => {
      template.hasResourceProperties(FUNCTION, {
        FunctionName: `todo-dev-${name}`,
        Environment: {
          Variables: Match.objectLike({
            TODO_TABLE_NAME: statefulOutput(todoTableId),
            CORS_ALLOWED_ORIGINS: {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, ',http://localhost:3000'],
              ],
            },
          }),
        },
      });
    },
  );

  test('only create-todo knows the idempotency table', () => {
    const withVariable = Object.values(template.findResources(FUNCTION))
      .filter((fn) => fn.Properties.Environment?.Variables?.IDEMPOTENCY_TABLE_NAME !== undefined)
      .map((fn) => fn.Properties.FunctionName);
    expect(withVariable).toEqual(['todo-dev-create-todo']);
  });

  test('functions log at DEBUG and keep logs a week in dev', () => {
    const named = template.findResources(FUNCTION, {
      Properties: { FunctionName: Match.stringLikeRegexp('^todo-dev-') },
    });
    for (const fn of Object.values(named))
      expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    for (const definition of API_FUNCTIONS) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/todo-dev-${definition.name}`,
        RetentionInDays: 7,
      });
    }
  });

  test('names the REST API after app and stage, with the stage named dev', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'todo-dev-api' });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev', TracingEnabled: true });
  });

  test('protects the API stage with the WAF web ACL', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    const [stageId] = Object.keys(template.findResources('AWS::ApiGateway::Stage'));
    const [aclId] = Object.keys(template.findResources('AWS::WAFv2::WebACL'));
    const [association] = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'));
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
  });

  test('rate-limits each client IP at the dev limit', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 1000 }) } }),
      ]),
    });
  });

  test('outputs the URL of the todos collection', () => {
    const [apiId] = Object.keys(template.findResources('AWS::ApiGateway::RestApi'));
    const output = template.findOutputs('ApiUrl');
    expect(Object.keys(output)).toEqual(['ApiUrl']);
    const [separator, parts] = output.ApiUrl.Value['Fn::Join'];
    expect(separator).toBe('');
    expect(parts[0]).toBe('https://');
    expect(parts).toContainEqual({ Ref: apiId });
    expect(parts[parts.length - 1]).toBe('/todos');
  });
});

describe('TodoServiceStack audit trail', () => {
  const processorName = `todo-dev-${AUDIT_PROCESSOR.name}`;
  const [processorId] = Object.keys(template.findResources(FUNCTION, { Properties: { FunctionName: processorName } }));
  const processorStatements = (): Array<{ Action: string | string[]; Resource: unknown }> => {
    const roleId = resources[processorId].Properties.Role['Fn::GetAtt'][0];
    return Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  };

  test('exposes the processor and its dead-letter queue for the monitoring stack', () => {
    const resolve = (value: string) => JSON.stringify(service.resolve(value));
    expect(resolve(service.auditTrail.processor.function.functionName)).toBe(JSON.stringify({ Ref: processorId }));
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0];
    expect(JSON.stringify(mapping.Properties.DestinationConfig.OnFailure.Destination)).toBe(
      resolve(service.auditTrail.deadLetterQueue.queueArn),
    );
  });

  test('is not one of the API functions', () => {
    expect(service.functions.has(AUDIT_PROCESSOR.name)).toBe(false);
  });

  test('writes its entries into the stateful stack audit log group', () => {
    template.hasResourceProperties(FUNCTION, {
      FunctionName: processorName,
      LoggingConfig: Match.objectLike({ LogGroup: statefulOutput(auditLogGroupId) }),
    });
    // + access log, execution log, the web deployment's log, the WAF log and CDK's S3 auto-delete helper's log (dev)
    template.resourceCountIs('AWS::Logs::LogGroup', API_FUNCTIONS.length + 5);
  });

  test('reads the todo table stream with retries, bisecting and a dead-letter queue', () => {
    const [queueId] = Object.keys(
      template.findResources('AWS::SQS::Queue', { Properties: { QueueName: 'todo-dev-audit-failures' } }),
    );
    const [aliasId] = Object.keys(
      template.findResources('AWS::Lambda::Alias', { Properties: { FunctionName: { Ref: processorId } } }),
    );
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      // The processor's live alias: `<function name>:live`.
      FunctionName: {
        'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: aliasId }] }] }, ':live']],
      },
      EventSourceArn: statefulOutput(`${todoTableId}StreamArn`),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  test('may read the stream only: no action on the todo table or the idempotency table', () => {
    const dynamo = processorStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).toMatch(/StreamArn/);
      expect(JSON.stringify(statement.Resource)).not.toContain(idempotencyTableId);
    }
  });
});

describe('TodoServiceStack web client', () => {
  const prodService = createTodoApp(new App({ context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] } })).service;
  const prod = Template.fromStack(prodService);
  const [prodDistributionId] = Object.keys(prod.findResources('AWS::CloudFront::Distribution'));

  test('one distribution, one RUM app monitor, one sign-in client, two bucket deployments', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::RUM::AppMonitor', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.resourceCountIs('Custom::CDKBucketDeployment', 2);
  });

  test('dev CORS allows the CloudFront origin (the preflight default) and the configured localhost', () => {
    const preflight = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }),
    );
    expect(preflight.length).toBeGreaterThan(0);
    for (const method of preflight) {
      const [response] = method.Properties.Integration.IntegrationResponses;
      expect(response.ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toEqual({
        'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distributionId, 'DomainName'] }, "'"]],
      });
      expect(response.ResponseTemplates['application/json']).toContain('$origin == "http://localhost:3000"');
    }
  });

  test('prod CORS allows exactly the CloudFront origin: no wildcard, no localhost', () => {
    const apiFunctions = Object.values(
      prod.findResources(FUNCTION, {
        Properties: { FunctionName: Match.stringLikeRegexp('^todo-prod-(list|create|get|update|delete)') },
      }),
    );
    expect(apiFunctions).toHaveLength(API_FUNCTIONS.length);
    for (const fn of apiFunctions) {
      expect(fn.Properties.Environment.Variables.CORS_ALLOWED_ORIGINS).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [prodDistributionId, 'DomainName'] }]],
      });
    }
    const responses = Object.values(prod.findResources('AWS::ApiGateway::GatewayResponse'));
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      expect(response.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toEqual({
        'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [prodDistributionId, 'DomainName'] }, "'"]],
      });
    }
    expect(JSON.stringify(prod.toJSON())).not.toMatch(/Access-Control-Allow-Origin":"'\*'/);
  });

  test('CORS lets the RUM web client send its X-Ray trace header to the API', () => {
    const [method] = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }),
    );
    expect(
      method.Properties.Integration.IntegrationResponses[0].ResponseParameters[
        'method.response.header.Access-Control-Allow-Headers'
      ],
    ).toMatch(/X-Amzn-Trace-Id/);
  });

  test("the page's CSP may call the API (by its REST API id), the sign-in domain, Cognito identity and RUM only", () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp =
      policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const text = JSON.stringify(csp);
    expect(text).toContain(JSON.stringify({ Ref: restApiId }));
    expect(text).toContain('.execute-api.');
    expect(text).toContain(signInDomainId);
    expect(text).toContain('https://cognito-identity.');
    expect(text).toContain('https://dataplane.rum.');
    // The REST API id only: a stage or deployment reference would make the distribution wait for the CORS methods.
    expect(text).not.toMatch(/Deployment|Stage/);
  });

  test('the sign-in client redirects to the CloudFront URL only', () => {
    const url = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [url],
      LogoutURLs: [url],
      ClientName: 'todo-dev-web',
    });
  });

  test('the RUM app monitor watches the CloudFront domain with the stage sample rate (dev 1, prod 0.1)', () => {
    template.hasResourceProperties('AWS::RUM::AppMonitor', {
      Name: 'todo-dev-web',
      Domain: { 'Fn::GetAtt': [distributionId, 'DomainName'] },
      AppMonitorConfiguration: Match.objectLike({ SessionSampleRate: 1, EnableXRay: true }),
    });
    prod.hasResourceProperties('AWS::RUM::AppMonitor', {
      Name: 'todo-prod-web',
      AppMonitorConfiguration: Match.objectLike({ SessionSampleRate: 0.1 }),
    });
    expect(service.webAppMonitorName).toBe('todo-dev-web');
  });

  test('the app monitor turns the custom events into CloudWatch metrics of this monitor', () => {
    const [monitor] = Object.values(template.findResources('AWS::RUM::AppMonitor'));
    const [destination] = monitor.Properties.AppMonitorConfiguration.MetricDestinations;
    expect(destination.Destination).toBe('CloudWatch');
    expect(destination.MetricDefinitions.map((d: { Name: string }) => d.Name)).toEqual([
      'TodosAdded',
      'TodosCompleted',
      'TodosDeleted',
      'SignIns',
    ]);
    for (const d of destination.MetricDefinitions)
      expect(JSON.parse(d.EventPattern).application_name).toEqual(['todo-dev-web']);
  });

  test('config.json gets the API, client, app monitor and identity pool ids at deploy time', () => {
    const [documents] = Object.values(
      template.findResources('Custom::CDKBucketDeployment', { Properties: { Prune: true } }),
    );
    const markers = JSON.stringify(documents.Properties.SourceMarkers);
    const [clientId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    const [monitorId] = Object.keys(template.findResources('AWS::RUM::AppMonitor'));
    const [identityPoolId] = Object.keys(template.findResources('AWS::Cognito::IdentityPool'));
    expect(markers).toContain(JSON.stringify({ Ref: restApiId }));
    expect(markers).toContain(JSON.stringify({ Ref: clientId }));
    expect(markers).toContain(JSON.stringify({ 'Fn::GetAtt': [monitorId, 'Id'] }));
    expect(markers).toContain(JSON.stringify({ Ref: identityPoolId }));
    expect(markers).toContain(signInDomainId);
  });

  test('the deployed config.json parses as the web client expects once CloudFormation fills in its values', () => {
    const [documents] = Object.values(
      template.findResources('Custom::CDKBucketDeployment', { Properties: { Prune: true } }),
    );
    const configAsset = (documents.Properties.SourceObjectKeys as string[])[1].replace(/\.zip$/, '');
    const raw = fs.readFileSync(
      path.join((service.node.root as App).outdir, `asset.${configAsset}`, 'config.json'),
      'utf8',
    );
    const sample = (value: unknown): string => {
      const ref = (value as { Ref?: string }).Ref;
      const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (ref === 'AWS::Region') return 'eu-west-1';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
      const type = resources[ref ?? getAtt?.[0] ?? '']?.Type;
      if (type === 'AWS::ApiGateway::RestApi') return 'abc123def4';
      if (type === 'AWS::ApiGateway::Stage') return 'dev'; // a stage's Ref is its name
      if (type === 'AWS::Cognito::UserPoolClient') return '1example23456789abcdefghij';
      if (type === 'AWS::Cognito::IdentityPool') return 'eu-west-1:11111111-2222-3333-4444-555555555555';
      if (type === 'AWS::RUM::AppMonitor' && getAtt?.[1] === 'Id') return 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
      if ((value as Record<string, unknown>)['Fn::GetStackOutput']) return 'todo-dev-123456789012'; // sign-in domain
      throw new Error(`No sample for ${JSON.stringify(value)}`);
    };
    const markers = Object.entries(documents.Properties.SourceMarkers[1] as Record<string, unknown>);
    const deployed = markers.reduce((text, [marker, value]) => text.split(marker).join(sample(value)), raw);
    expect(parseRuntimeConfig(JSON.parse(deployed))).toEqual({
      apiUrl: 'https://abc123def4.execute-api.eu-west-1.amazonaws.com/dev',
      auth: {
        mode: 'cognito',
        domainUrl: 'https://todo-dev-123456789012.auth.eu-west-1.amazoncognito.com',
        clientId: '1example23456789abcdefghij',
        scopes: ['openid', 'email'],
      },
      rum: {
        applicationId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        applicationVersion: '0.1.0',
        region: 'eu-west-1',
        identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
        endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com',
        sessionSampleRate: 1,
      },
    });
  });

  test('outputs the web URL, the site bucket, the sign-in client id and the app monitor id', () => {
    const [siteBucketId] = Object.keys(
      template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }),
    );
    template.hasOutput('WebBucketName', { Value: { Ref: siteBucketId } });
    template.hasOutput('WebUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] },
    });
    template.hasOutput('WebClientId', {
      Value: { Ref: Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] },
    });
    template.hasOutput('RumAppMonitorId', {
      Value: { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::RUM::AppMonitor'))[0], 'Id'] },
    });
  });
});
