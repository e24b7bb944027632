/**
 * The problem catalog across the three places that answer with problems: the handlers, API Gateway's own responses
 * (the synthesized TodoApi) and the local server standing in for API Gateway. RFC 9457: one title per type.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PROBLEM_KINDS, PROBLEM_TYPE_BASE, ProblemName, PROBLEMS, VALIDATION_REASONS } from '../../contract/problems';
import { API_FUNCTIONS } from '../../contract/routes';
import { HttpProblem } from '../../lambda/shared/problems';
import { TodoApi } from '../../lib/api/todo-api';
import { GatewayStatus, gatewayProblem } from '../../local/gateway/gateway-responses';

interface Answered {
  readonly by: string;
  readonly type: string;
  readonly title: string;
  readonly status?: number;
}

/** Every problem the deployed API Gateway answers by itself: gateway responses and the 405 mock integrations. */
function gatewayProblems(): Answered[] {
  const stack = new Stack(new App(), 'TestStack');
  const api = new TodoApi(stack, 'Api', {
    restApiName: 'todo-test-api',
    stageName: 'test',
    userPool: new cognito.UserPool(stack, 'UserPool'),
    corsAllowedOrigins: ['https://app.example.com'],
    throttlingRateLimit: 25,
    throttlingBurstLimit: 50,
  });
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  for (const route of API_FUNCTIONS.flatMap((fn) => fn.routes)) api.addRoute(route.method, route.path, handler);
  const template = Template.fromStack(stack);
  // Mapping templates: VTL lines start with '#'; $context variables become sample JSON values.
  const parse = (text: string) =>
    JSON.parse(
      text
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n')
        .replace(/\$context\.error\.messageString/g, '"message"')
        .replace(/"\$context\.[\w.]+"/g, '"value"')
        .replace(/\$context\.[\w.]+/g, '0'),
    );
  const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map((r) => ({
    by: `gateway response ${r.Properties.ResponseType}`,
    ...parse(r.Properties.ResponseTemplates['application/json']),
  }));
  const mocks = Object.values(template.findResources('AWS::ApiGateway::Method'))
    .filter((m) => m.Properties.HttpMethod === 'ANY')
    .map((m) => ({
      by: 'gateway 405 method',
      ...parse(m.Properties.Integration.IntegrationResponses[0].ResponseTemplates['application/json']),
    }));
  expect(responses.length).toBeGreaterThan(0);
  expect(mocks.length).toBeGreaterThan(0);
  return [...responses, ...mocks];
}

const LOCAL_STATUSES: GatewayStatus[] = [401, 404, 405, 413, 502];
const localProblems: Answered[] = LOCAL_STATUSES.map((status) => ({
  by: `local server ${status}`,
  ...JSON.parse(gatewayProblem({ status, detail: 'd', requestId: 'r', origin: undefined }).body),
}));

/** What the handlers answer: every validation reason and problem kind they can throw. */
const handlerProblems: Answered[] = [
  ...VALIDATION_REASONS.map((reason) => HttpProblem.invalid(reason, 'd')),
  ...PROBLEM_KINDS.map((kind) => HttpProblem.of(kind, 'd')),
].map((problem) => ({ by: `handler ${problem.slug}`, ...problem.body('r') }));

const answered = [...handlerProblems, ...gatewayProblems(), ...localProblems];

/** The catalog name of a type URI: `.../problems/not-found` is `not_found`. */
const nameOf = (type: string): string => type.slice(PROBLEM_TYPE_BASE.length).replace(/-/g, '_');

test.each(answered.map((a) => [a.by, a] as const))('%s answers with a catalog type, title and status', (_by, a) => {
  expect(a.type.startsWith(PROBLEM_TYPE_BASE)).toBe(true);
  const entry = PROBLEMS[nameOf(a.type) as ProblemName];
  expect(entry).toBeDefined();
  expect(a.title).toBe(entry.title);
  // Without a status in the catalog the gateway keeps its own (DEFAULT_4XX/5XX); the local server picks one.
  if (entry.status !== undefined) expect(a.status).toBe(entry.status);
});

test('handlers and the others answer some of the same types, so one title per type holds across them', () => {
  // Each answer's title is its type's catalog title (above); not vacuous: they share types (401, 404, 413, 415).
  const byHandler = new Set(handlerProblems.map((a) => a.type));
  expect(answered.filter((a) => !a.by.startsWith('handler') && byHandler.has(a.type)).length).toBeGreaterThan(0);
});
