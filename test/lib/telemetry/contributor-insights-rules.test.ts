import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ContributorInsightsRules } from '../../../lib/telemetry/contributor-insights-rules';
import { ACCESS_LOG_FIELDS } from '../../../lib/api/todo-api';

const RULE = 'AWS::CloudWatch::InsightRule';
const ACCESS = '/aws/apigateway/todo-test-api/access';
const APPLICATION = ['/aws/lambda/todo-test-list-todos', '/aws/lambda/todo-test-create-todo'];

const stack = new Stack(new App(), 'TestStack');
new ContributorInsightsRules(stack, 'ContributorInsights', {
  namePrefix: 'todo-test',
  accessLogGroup: new logs.LogGroup(stack, 'AccessLogs', { logGroupName: ACCESS }),
  applicationLogGroups: APPLICATION.map(
    (logGroupName, i) => new logs.LogGroup(stack, `FunctionLogs${i}`, { logGroupName }),
  ),
});
const template = Template.fromStack(stack);

/** Log group logical ID → its name, to read `Ref`s inside rule bodies as the names they deploy as. */
const logGroupNames: Record<string, string> = Object.fromEntries(
  Object.entries(template.findResources('AWS::Logs::LogGroup')).map(([id, r]) => [id, r.Properties.LogGroupName]),
);

/** A CloudFormation string (literal or Fn::Join of literals and log group Refs) as deployed. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flatten).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref && logGroupNames[ref]) return logGroupNames[ref];
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}

interface RuleBody {
  Schema: unknown;
  LogGroupNames: string[];
  LogFormat: string;
  Contribution: { Keys: string[]; Filters: Array<Record<string, unknown>>; ValueOf?: string };
  AggregateOn: string;
}

/** The parsed RuleBody of the rule named `name` (must be valid JSON once deployed). */
function body(name: string): RuleBody {
  const found = Object.values(template.findResources(RULE, { Properties: { RuleName: name } }));
  expect(found).toHaveLength(1);
  return JSON.parse(flatten(found[0].Properties.RuleBody));
}

const NAMES = [
  'todo-test-top-callers',
  'todo-test-top-source-ips',
  'todo-test-top-5xx-routes',
  'todo-test-active-users',
];

/** The filter operators the Contributor Insights rule syntax documents. */
const OPERATORS = ['In', 'NotIn', 'StartsWith', 'GreaterThan', 'LessThan', 'EqualTo', 'NotEqualTo', 'IsPresent'];

/** Whether a JSON log event passes a rule's filters (all of them), per the Contributor Insights rule syntax. */
function passes(filters: Array<Record<string, unknown>>, event: Record<string, unknown>): boolean {
  return filters.every(({ Match, ...rest }) => {
    const [[operator, operand]] = Object.entries(rest);
    const value = String(Match)
      .replace(/^\$\./, '')
      .split('.')
      .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], event);
    switch (operator) {
      case 'In':
        return (operand as unknown[]).map(String).includes(String(value));
      case 'NotIn':
        return value !== undefined && !(operand as unknown[]).map(String).includes(String(value));
      case 'IsPresent':
        return (value !== undefined) === operand;
      case 'GreaterThan':
        return typeof value === 'number' && value > (operand as number);
      default:
        throw new Error(`Operator ${operator} is not in the rule syntax (or not modelled here)`);
    }
  });
}

describe('ContributorInsightsRules', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates the four rules, enabled, named after the prefix', () => {
    template.resourceCountIs(RULE, 4);
    for (const RuleName of NAMES) template.hasResourceProperties(RULE, { RuleName, RuleState: 'ENABLED' });
  });

  test('every rule body is a schema-1 CloudWatchLogRule over JSON logs, counting occurrences', () => {
    for (const name of NAMES) {
      expect(body(name)).toMatchObject({
        Schema: { Name: 'CloudWatchLogRule', Version: 1 },
        LogFormat: 'JSON',
        AggregateOn: 'Count',
      });
      expect(body(name).Contribution.ValueOf).toBeUndefined();
    }
  });

  test('every rule stays within the syntax limits: 1 to 4 keys, at most 4 filters', () => {
    for (const name of NAMES) {
      const { Keys, Filters } = body(name).Contribution;
      expect(Keys.length).toBeGreaterThanOrEqual(1);
      expect(Keys.length).toBeLessThanOrEqual(4);
      expect(Filters.length).toBeLessThanOrEqual(4);
    }
  });

  test('top callers counts $.user on the access log, for authenticated requests only', () => {
    expect(body('todo-test-top-callers')).toMatchObject({
      LogGroupNames: [ACCESS],
      Contribution: {
        Keys: ['$.user'],
        Filters: [
          { Match: '$.user', IsPresent: true },
          { Match: '$.user', NotIn: ['-'] },
        ],
      },
    });
  });

  test('top source IPs counts $.sourceIp on the access log, unfiltered', () => {
    expect(body('todo-test-top-source-ips')).toMatchObject({
      LogGroupNames: [ACCESS],
      Contribution: { Keys: ['$.sourceIp'], Filters: [] },
    });
  });

  test('top 5xx routes counts method and route on the access log, filtered on status', () => {
    const rule = body('todo-test-top-5xx-routes');
    expect(rule.LogGroupNames).toEqual([ACCESS]);
    expect(rule.Contribution.Keys).toEqual(['$.method', '$.route']);
    expect(rule.Contribution.Filters.map((f) => f.Match)).toEqual(['$.status']);
  });

  test('active users counts $.user on every application log group, one "request completed" line per request', () => {
    expect(body('todo-test-active-users')).toMatchObject({
      LogGroupNames: APPLICATION,
      Contribution: { Keys: ['$.user'], Filters: [{ Match: '$.message', In: ['request completed'] }] },
    });
  });

  test('access-log keys and filters name fields of the access log format', () => {
    const fields = Object.keys(ACCESS_LOG_FIELDS).map((name) => `$.${name}`);
    for (const name of ['todo-test-top-callers', 'todo-test-top-source-ips', 'todo-test-top-5xx-routes']) {
      const { Keys, Filters } = body(name).Contribution;
      for (const selector of [...Keys, ...Filters.map((f) => String(f.Match))]) expect(fields).toContain(selector);
    }
  });

  test('numeric filters compare numeric access log fields', () => {
    for (const filter of body('todo-test-top-5xx-routes').Contribution.Filters) {
      expect(ACCESS_LOG_FIELDS[String(filter.Match).replace('$.', '')].numeric).toBe(true);
    }
  });

  // Contributor Insights filters know In, NotIn, StartsWith, GreaterThan, LessThan, EqualTo, NotEqualTo, IsPresent.
  test('every filter uses an operator of the rule syntax', () => {
    for (const name of NAMES) {
      for (const { Match, ...rest } of body(name).Contribution.Filters) {
        expect(Match).toEqual(expect.stringMatching(/^\$\./));
        expect(Object.keys(rest)).toHaveLength(1);
        expect(OPERATORS).toContain(Object.keys(rest)[0]);
      }
    }
  });

  test('top 5xx routes counts exactly the 5xx access lines', () => {
    const { Filters } = body('todo-test-top-5xx-routes').Contribution;
    const statuses = [200, 201, 400, 401, 403, 404, 429, 499, 500, 502, 504];
    expect(statuses.filter((status) => passes(Filters, { status }))).toEqual([500, 502, 504]);
  });

  test('active users passes only "request completed" lines, top callers only lines with a user', () => {
    const active = body('todo-test-active-users').Contribution.Filters;
    expect(passes(active, { message: 'request completed', user: 'u' })).toBe(true);
    expect(passes(active, { message: 'request rejected', user: 'u' })).toBe(false);
    expect(passes(active, { message: 'dynamodb call', user: 'u' })).toBe(false);
    const callers = body('todo-test-top-callers').Contribution.Filters;
    expect(passes(callers, { user: 'u' })).toBe(true);
    expect(passes(callers, { sourceIp: '203.0.113.42' })).toBe(false);
    expect(passes(callers, { user: '-' })).toBe(false);
  });
});
