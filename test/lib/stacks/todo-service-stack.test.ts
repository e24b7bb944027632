import { App, CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';
import { API_FUNCTIONS, AUDIT_PROCESSOR, FunctionDefinition, RoutePath } from '../../../lambda/routes';

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

/** Path of an API resource, rebuilt from PathPart and ParentId. */
function pathOf(resourceId: string): string {
  const resource = resources[resourceId];
  if (resource?.Type !== 'AWS::ApiGateway::Resource') return '';
  return `${pathOf(resource.Properties.ParentId.Ref)}/${resource.Properties.PathPart}`;
}

describe('TodoServiceStack', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one Lambda function per API_FUNCTIONS entry, plus the audit processor', () => {
    template.resourceCountIs(FUNCTION, API_FUNCTIONS.length + 1);
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
            TODO_TABLE_NAME: { 'Fn::ImportValue': Match.stringLikeRegexp(todoTableId) },
            CORS_ALLOWED_ORIGINS: '*',
          }),
        },
      });
    },
  );

  test('only create-todo knows the idempotency table', () => {
    const withVariable = Object.values(template.findResources(FUNCTION))
      .filter((fn) => fn.Properties.Environment.Variables.IDEMPOTENCY_TABLE_NAME !== undefined)
      .map((fn) => fn.Properties.FunctionName);
    expect(withVariable).toEqual(['todo-dev-create-todo']);
  });

  test('functions log at DEBUG and keep logs a week in dev', () => {
    template.allResourcesProperties(FUNCTION, {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
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
      LoggingConfig: Match.objectLike({ LogGroup: { 'Fn::ImportValue': Match.stringLikeRegexp(auditLogGroupId) } }),
    });
    template.resourceCountIs('AWS::Logs::LogGroup', API_FUNCTIONS.length + 2); // + access log and execution log
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
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp(`${todoTableId}StreamArn`) },
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
