import { templateInventory } from '../../../scripts/template-inventory';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';

const TABLE = 'AWS::DynamoDB::GlobalTable';
const POOL = 'AWS::Cognito::UserPool';

/**
 * The real app for `stage`. Bundling is skipped (`aws:cdk:bundling-stacks`): this file asserts the stateful stack
 * only, and the service stack's handlers are bundled by its own test.
 */
function appFor(stage: 'dev' | 'prod') {
  return createTodoApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
}

const dev = appFor('dev');
const prod = appFor('prod');
const template = Template.fromStack(dev.stateful);
const prodTemplate = Template.fromStack(prod.stateful);

const todoTableMatch = { LocalSecondaryIndexes: Match.anyValue() };
const idempotencyTableMatch = { TimeToLiveSpecification: Match.objectLike({ AttributeName: 'expiration' }) };

describe('TodoStatefulStack', () => {
  test('resource inventory (types, logical ids, physical names) matches the snapshot', () => {
    expect(templateInventory(template.toJSON())).toMatchSnapshot();
  });

  test('holds the todo table, the idempotency table and the user pool with its sign-in domain', () => {
    template.resourceCountIs(TABLE, 2);
    template.resourceCountIs(POOL, 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  test('is named after app and stage', () => {
    expect(dev.stateful.stackName).toBe('todo-dev-stateful');
  });

  test('the todo table has the byOrder index and the audit stream', () => {
    template.hasResourceProperties(TABLE, {
      LocalSecondaryIndexes: [Match.objectLike({ IndexName: 'byOrder' })],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  test('the idempotency table expires records by TTL', () => {
    template.hasResourceProperties(TABLE, {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test('outputs the todo table name, the user pool id and the managed-login URL', () => {
    const [tableId] = Object.keys(template.findResources(TABLE, { Properties: todoTableMatch }));
    const [poolId] = Object.keys(template.findResources(POOL));
    const [domainId] = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'));
    template.hasOutput('TodoTableName', { Value: { Ref: tableId } });
    template.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    template.hasOutput('SignInUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']],
      },
    });
  });

  test('the managed-login domain prefix is app, stage and account unless signInDomainPrefix sets it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['todo-dev-', { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
    });
    const custom = createTodoApp(
      new App({ context: { stage: 'dev', signInDomainPrefix: 'acme-todo-dev', 'aws:cdk:bundling-stacks': [] } }),
    );
    Template.fromStack(custom.stateful).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'acme-todo-dev',
    });
  });

  test('holds no app client: each lives with its app (web client in the service stack, canary in monitoring)', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  test('dev deletes the todo table with the stack and leaves it unprotected', () => {
    template.hasResource(TABLE, {
      Properties: Match.objectLike({
        ...todoTableMatch,
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
      }),
      DeletionPolicy: 'Delete',
    });
  });

  test('dev deletes the user pool with the stack and leaves it unprotected', () => {
    template.hasResource(POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      DeletionPolicy: 'Delete',
    });
  });

  test('dev stays on the Essentials plan without threat protection', () => {
    template.hasResourceProperties(POOL, { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent() });
  });

  test('dev has no termination protection', () => {
    expect(dev.stateful.terminationProtection).toBe(false);
  });

  test('prod retains the todo table and protects it from deletion', () => {
    prodTemplate.hasResource(TABLE, {
      Properties: Match.objectLike({
        ...todoTableMatch,
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('prod retains the user pool and protects it from deletion', () => {
    prodTemplate.hasResource(POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('prod enforces threat protection on the Plus plan', () => {
    prodTemplate.hasResourceProperties(POOL, {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('prod turns termination protection on', () => {
    expect(prod.stateful.terminationProtection).toBe(true);
  });

  test('idempotency records are disposable in every stage', () => {
    template.hasResource(TABLE, { Properties: Match.objectLike(idempotencyTableMatch), DeletionPolicy: 'Delete' });
    prodTemplate.hasResource(TABLE, { Properties: Match.objectLike(idempotencyTableMatch), DeletionPolicy: 'Delete' });
  });

  test('tags every table with app and stage', () => {
    prodTemplate.allResourcesProperties(TABLE, {
      Replicas: [
        Match.objectLike({
          Tags: Match.arrayWith([
            { Key: 'app', Value: 'todo' },
            { Key: 'stage', Value: 'prod' },
          ]),
        }),
      ],
    });
  });
});
