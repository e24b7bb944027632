import { templateInventory } from '../../../scripts/template-inventory';
import { App } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { TodoChaosStack, GAME_DAY_EXPERIMENTS } from '../../../lib/todo-chaos-stack';
import { createTodoApp } from '../../../lib/todo-app';
import { API_FUNCTIONS } from '../../../contract/routes';

const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';
const TEMPLATE = 'AWS::FIS::ExperimentTemplate';

// Bundling skipped: the templates reference the functions, not their code.
const context = { stage: 'dev', chaosEnabled: 'true', fisExtensionLayerArn: LAYER, 'aws:cdk:bundling-stacks': [] };
const stacks = createTodoApp(new App({ context }));
const chaos = stacks.chaos as TodoChaosStack;
const template = Template.fromStack(chaos);
const service = Template.fromStack(stacks.service);

/** The experiment template tagged `Name = name`. */
function experiment(name: string): Record<string, unknown> {
  const found = Object.values(template.findResources(TEMPLATE, { Properties: { Tags: { Name: name } } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe('TodoChaosStack', () => {
  test('resource inventory (types, logical ids, physical names) matches the snapshot', () => {
    expect(templateInventory(template.toJSON())).toMatchSnapshot();
  });

  test('is named todo-<stage>-chaos and holds one experiment template per game day', () => {
    expect(chaos.stackName).toBe('todo-dev-chaos');
    template.resourceCountIs(TEMPLATE, GAME_DAY_EXPERIMENTS.length);
    expect([...chaos.experiments.keys()]).toEqual(['read-latency', 'create-errors']);
  });

  test('read-latency adds 1500 ms to half the list-todos and get-todo invocations for 30 minutes', () => {
    const props = experiment('todo-dev-read-latency');
    expect(props.Actions).toEqual({
      InjectFault: expect.objectContaining({
        ActionId: 'aws:lambda:invocation-add-delay',
        Parameters: { duration: 'PT30M', invocationPercentage: '50', startupDelayMilliseconds: '1500' },
      }),
    });
    expect(JSON.stringify(props.Targets)).toMatch(/ListTodosFunction.*GetTodoFunction/);
    expect(JSON.stringify(props.Targets)).not.toMatch(/CreateTodoFunction/);
  });

  test('create-errors fails 30 % of create-todo invocations for 20 minutes without running the handler', () => {
    const props = experiment('todo-dev-create-errors');
    expect(props.Actions).toEqual({
      InjectFault: expect.objectContaining({
        ActionId: 'aws:lambda:invocation-error',
        Parameters: { duration: 'PT20M', invocationPercentage: '30', preventExecution: 'true' },
      }),
    });
    expect(JSON.stringify(props.Targets)).toMatch(/CreateTodoFunction/);
    expect(JSON.stringify(props.Targets)).not.toMatch(/ListTodosFunction|GetTodoFunction/);
  });

  test('every experiment stops on the four critical SLO burn-rate alarms of the monitoring stack', () => {
    const stops = new Capture();
    template.allResourcesProperties(TEMPLATE, { StopConditions: stops });
    const names = (stops.asArray() as Array<{ Source: string; Value: unknown }>).map((s) => {
      expect(s.Source).toBe('aws:cloudwatch:alarm');
      return JSON.stringify(s.Value).match(/(Availability|Latency)Slo(Fast|Slow)Alarm/)?.[0];
    });
    expect(names).toEqual([
      'AvailabilitySloFastAlarm',
      'AvailabilitySloSlowAlarm',
      'LatencySloFastAlarm',
      'LatencySloSlowAlarm',
    ]);
  });

  test('descriptions name the alarms each experiment must trigger and the runbook', () => {
    expect(experiment('todo-dev-read-latency').Description).toMatch(
      /Expect api-route-p99-warning within 22 min, api-latency-burn-fast-critical within 29 min\. Runbook: incident\/game-day\.md/,
    );
    expect(experiment('todo-dev-create-errors').Description).toMatch(
      /Expect lambda-errors-warning within 14 min, api-availability-burn-fast-critical within 19 min/,
    );
  });

  test('experiment roles write only under FisConfigs/ of the stage bucket, found by name', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:DeleteObject', 's3:PutObject'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':s3:::todo-dev-fis-config-',
                  { Ref: 'AWS::AccountId' },
                  '-',
                  { Ref: 'AWS::Region' },
                  '/FisConfigs/*',
                ],
              ],
            },
          }),
        ]),
      },
    });
  });

  test('the service stack attaches the extension to the six API functions, not the audit processor', () => {
    const withLayer = Object.values(
      service.findResources('AWS::Lambda::Function', { Properties: { Layers: [LAYER] } }),
    ).map((f) => f.Properties.FunctionName);
    expect(withLayer.sort()).toEqual(API_FUNCTIONS.map((fn) => `todo-dev-${fn.name}`).sort());
  });

  test('fails when an experiment targets a function that is not an API function', () => {
    const app = new App({ context });
    const built = createTodoApp(app);
    expect(
      () =>
        new TodoChaosStack(app, 'Broken', {
          config: built.config,
          functions: built.service.functions,
          faultInjection: built.service.faultInjection!,
          stopConditions: [built.monitoring.availability.tiers[0].composite],
          experiments: [{ ...GAME_DAY_EXPERIMENTS[0], functions: ['audit-stream-processor'] }],
        }),
    ).toThrow(/experiment read-latency targets "audit-stream-processor", which is not one of list-todos/);
  });

  test('is not created when chaos is disabled (the default of both stages)', () => {
    expect(createTodoApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } })).chaos).toBeUndefined();
    expect(createTodoApp(new App({ context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] } })).chaos).toBeUndefined();
  });
});
