import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TracingRules, TracingRulesProps } from '../../../lib/telemetry/tracing-rules';

const SAMPLING_RULE = 'AWS::XRay::SamplingRule';
const GROUP = 'AWS::XRay::Group';
const baseProps: TracingRulesProps = {
  namePrefix: 'todo-test',
  apiServiceName: 'todo-test-api/test',
  sampleRate: 0.05,
  reservoirPerSecond: 2,
  slowRequestThresholdMs: 750,
};

function synth(props: Partial<TracingRulesProps> = {}): Template {
  const stack = new Stack(new App(), 'TestStack');
  new TracingRules(stack, 'Tracing', { ...baseProps, ...props });
  return Template.fromStack(stack);
}

/** Only constructs (validation runs in the constructor), without synthesizing. */
function construct(props: Partial<TracingRulesProps>): void {
  new TracingRules(new Stack(new App(), 'TestStack'), 'Tracing', { ...baseProps, ...props });
}

const template = synth();

function groupNamed(name: string) {
  const found = Object.values(template.findResources(GROUP, { Properties: { GroupName: name } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe('TracingRules', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one sampling rule and two groups', () => {
    template.resourceCountIs(SAMPLING_RULE, 1);
    template.resourceCountIs(GROUP, 2);
  });

  test('samples the API stage at the fixed rate beyond a per-second reservoir', () => {
    template.hasResourceProperties(SAMPLING_RULE, {
      SamplingRule: Match.objectLike({
        RuleName: 'todo-test-api',
        ServiceName: 'todo-test-api/test',
        FixedRate: 0.05,
        ReservoirSize: 2,
        Priority: 100,
        Version: 1,
      }),
    });
  });

  test('the sampling rule matches every request of that service', () => {
    template.hasResourceProperties(SAMPLING_RULE, {
      SamplingRule: Match.objectLike({ ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', ResourceARN: '*' }),
    });
  });

  test('the faults group keeps the traces of this service with a fault', () => {
    expect(groupNamed('todo-test-faults').FilterExpression).toBe('service("todo-test-api/test") { fault = true }');
  });

  test('the slow-requests group keeps traces slower than the threshold, in seconds', () => {
    expect(groupNamed('todo-test-slow-requests').FilterExpression).toBe(
      'service("todo-test-api/test") { responsetime > 0.75 }',
    );
  });

  test('both groups have X-Ray Insights and its notifications on', () => {
    for (const name of ['todo-test-faults', 'todo-test-slow-requests']) {
      expect(groupNamed(name).InsightsConfiguration).toEqual({ InsightsEnabled: true, NotificationsEnabled: true });
    }
  });

  test('accepts names of up to 32 characters and the sample-rate bounds 0 and 1', () => {
    // An 18-character prefix makes the longest name, `<prefix>-slow-requests`, exactly 32 characters.
    const longest = synth({ namePrefix: 'a'.repeat(18) });
    const names = [
      ...Object.values(longest.findResources(GROUP)).map((r) => r.Properties.GroupName),
      ...Object.values(longest.findResources(SAMPLING_RULE)).map((r) => r.Properties.SamplingRule.RuleName),
    ];
    expect(Math.max(...names.map((name: string) => name.length))).toBe(32);
    expect(() => construct({ sampleRate: 0 })).not.toThrow();
    expect(() => construct({ sampleRate: 1 })).not.toThrow();
  });

  test('fails when namePrefix makes the sampling rule name longer than 32 characters', () => {
    expect(() => construct({ namePrefix: 'a'.repeat(29) })).toThrow(
      `TracingRules: namePrefix "${'a'.repeat(29)}" makes "${'a'.repeat(29)}-slow-requests" longer than X-Ray's 32 characters (namePrefix: at most 18)`,
    );
  });

  test('accepts the longest namePrefix whose names all fit', () => {
    expect(() => construct({ namePrefix: 'a'.repeat(18) })).not.toThrow();
  });

  test.each([-0.01, 1.01, Number.NaN])('fails when sampleRate is out of range (%p)', (sampleRate) => {
    expect(() => construct({ sampleRate })).toThrow(
      `TracingRules: sampleRate must be between 0 and 1, got ${sampleRate}`,
    );
  });

  test('fails when namePrefix makes a group name longer than 32 characters', () => {
    expect(() => construct({ namePrefix: 'a'.repeat(19) })).toThrow(/namePrefix.*32 characters/);
  });
});
