import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SAVED_QUERIES, SavedQueries } from '../../../lib/telemetry/saved-queries';

// Which log groups each query reads, and that its fields exist in real log lines: test/telemetry/saved-queries.test.ts.
const QUERY = 'AWS::Logs::QueryDefinition';

const stack = new Stack(new App(), 'TestStack');
new SavedQueries(stack, 'Queries', {
  folder: 'todo-test',
  applicationLogGroups: [new logs.LogGroup(stack, 'FunctionLogs', { logGroupName: '/aws/lambda/todo-test-fn' })],
  accessLogGroup: new logs.LogGroup(stack, 'AccessLogs', { logGroupName: '/aws/apigateway/todo-test-api/access' }),
  auditLogGroup: new logs.LogGroup(stack, 'AuditLog', { logGroupName: '/todo/test/audit' }),
  wafLogGroup: new logs.LogGroup(stack, 'WafLogs', { logGroupName: 'aws-waf-logs-todo-test-api' }),
});
const template = Template.fromStack(stack);
const definitions = Object.values(template.findResources(QUERY)).map((r) => r.Properties);

describe('SavedQueries', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('saves one query definition per SAVED_QUERIES entry', () => {
    template.resourceCountIs(QUERY, SAVED_QUERIES.length);
    expect(SAVED_QUERIES.length).toBeGreaterThan(0);
  });

  test('names every query <folder>/<name>, unique within the folder', () => {
    const names = definitions.map((d) => d.Name).sort();
    expect(names).toEqual(SAVED_QUERIES.map((q) => `todo-test/${q.name}`).sort());
    expect(new Set(names).size).toBe(names.length);
  });

  test('saves each query string exactly as written', () => {
    for (const q of SAVED_QUERIES) {
      template.hasResourceProperties(QUERY, { Name: `todo-test/${q.name}`, QueryString: q.query });
    }
  });

  test('every query is bound to at least one log group, by reference', () => {
    for (const d of definitions) {
      expect(d.LogGroupNames.length).toBeGreaterThan(0);
      for (const group of d.LogGroupNames) expect(group).toEqual({ Ref: expect.any(String) });
    }
  });

  test('saves a query for the requests the WAF blocked, on the WAF log group only', () => {
    const [wafGroupId] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: 'aws-waf-logs-todo-test-api' } }),
    );
    const query = definitions.find((d) => d.Name === 'todo-test/waf-blocked-requests');
    expect(query.LogGroupNames).toEqual([{ Ref: wafGroupId }]);
    expect(query.QueryString).toContain('filter action = "BLOCK"');
    expect(query.QueryString).toContain('by terminatingRuleId, httpRequest.clientIp');
  });

  test('names are kebab-case and queries leave on-call only the quoted REPLACE_ME placeholder to fill in', () => {
    for (const q of SAVED_QUERIES) {
      expect(q.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(q.query.replace(/"REPLACE_ME"/g, '')).not.toContain('REPLACE_ME');
    }
  });
});
