/**
 * The metric filters, evaluated against real log lines: what the handlers write (through the handler harness), the
 * Lambda platform reports and the API Gateway access lines. The patterns evaluated are read from the synthesized
 * template, so what is tested is what is deployed.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FILTER_PATTERNS, LogMetricFilters } from '../../lib/telemetry/log-metric-filters';
import { Harness, jsonLines, startHarness } from '../lambda/support/harness';
import { matchesFilterPattern, metricValueOf } from '../../scripts/alert-replay/filter-pattern';
import {
  ACCESS_LINES,
  applicationLines,
  ApplicationLines,
  COLD_REPORT,
  fieldOf,
  OTHER_PLATFORM_RECORDS,
  PLATFORM_LINES,
  WARM_REPORT,
} from './support/sample-logs';

const METRIC_FILTER = 'AWS::Logs::MetricFilter';
const NAMESPACE = 'TodoTest/Logs';
const FUNCTIONS = ['list-todos', 'create-todo'];
const M = LogMetricFilters.METRICS;

const stack = new Stack(new App(), 'TestStack');
const functionLogGroups = FUNCTIONS.map((name) => ({
  name,
  logGroup: new logs.LogGroup(stack, `${name}-logs`, { logGroupName: `/aws/lambda/todo-test-${name}` }),
}));
const accessLogGroup = new logs.LogGroup(stack, 'AccessLogs', { logGroupName: '/aws/apigateway/todo-test-api/access' });
new LogMetricFilters(stack, 'LogMetrics', { namespace: NAMESPACE, functionLogGroups, accessLogGroup });
const template = Template.fromStack(stack);

const logGroupRef = (logGroupName: string) => ({
  Ref: Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: logGroupName } }))[0],
});
const accessRef = logGroupRef('/aws/apigateway/todo-test-api/access');

interface Transformation {
  MetricName: string;
  MetricNamespace: string;
  MetricValue: string;
  DefaultValue?: number;
  Dimensions?: Array<{ Key: string; Value: string }>;
}
interface DeployedFilter {
  FilterPattern: string;
  LogGroupName: unknown;
  MetricTransformations: Transformation[];
}
const deployed: DeployedFilter[] = Object.values(template.findResources(METRIC_FILTER)).map((r) => r.Properties);

/** The one deployed filter publishing `metricName` (on the given log group when there are several). */
function filterFor(metricName: string, logGroupName?: unknown): DeployedFilter & { transformation: Transformation } {
  const found = deployed.filter(
    (f) =>
      f.MetricTransformations[0].MetricName === metricName &&
      (logGroupName === undefined || JSON.stringify(f.LogGroupName) === JSON.stringify(logGroupName)),
  );
  expect(found).toHaveLength(1);
  return { ...found[0], transformation: found[0].MetricTransformations[0] };
}

const matching = (pattern: string, lines: readonly string[]) => lines.filter((l) => matchesFilterPattern(pattern, l));
const accessStatuses = (pattern: string) =>
  Object.entries(ACCESS_LINES)
    .filter(([, line]) => matchesFilterPattern(pattern, line))
    .map(([status]) => Number(status));

let h: Harness;
let app: ApplicationLines;
beforeAll(async () => {
  h = await startHarness();
  app = await applicationLines(h);
});
afterAll(async () => {
  await h.close();
});

describe('the deployed filters', () => {
  test('are four per function and three on the access log', () => {
    template.resourceCountIs(METRIC_FILTER, 4 * FUNCTIONS.length + 3);
  });

  test('every FilterPattern is one of FILTER_PATTERNS, so the patterns tested here are the deployed ones', () => {
    const known: string[] = Object.values(FILTER_PATTERNS);
    for (const filter of deployed) expect(known).toContain(filter.FilterPattern);
  });

  test('every metric lands in the configured namespace, one transformation per filter', () => {
    for (const filter of deployed) {
      expect(filter.MetricTransformations).toHaveLength(1);
      expect(filter.MetricTransformations[0].MetricNamespace).toBe(NAMESPACE);
    }
  });

  test('per function: errors, errors by route, memory high-water mark and init duration on its own log group', () => {
    for (const name of FUNCTIONS) {
      const LogGroupName = logGroupRef(`/aws/lambda/todo-test-${name}`);
      template.hasResourceProperties(METRIC_FILTER, {
        LogGroupName,
        FilterPattern: FILTER_PATTERNS.applicationError,
        MetricTransformations: [
          { MetricNamespace: NAMESPACE, MetricName: 'ApplicationErrors', MetricValue: '1', DefaultValue: 0 },
        ],
      });
      template.hasResourceProperties(METRIC_FILTER, {
        LogGroupName,
        FilterPattern: FILTER_PATTERNS.applicationError,
        MetricTransformations: [
          Match.objectLike({
            MetricName: 'ApplicationErrorsByRoute',
            MetricValue: '1',
            Dimensions: Match.arrayWith([
              { Key: 'route', Value: '$.route' },
              { Key: 'errorName', Value: '$.error.name' },
            ]),
          }),
        ],
      });
      template.hasResourceProperties(METRIC_FILTER, {
        LogGroupName,
        FilterPattern: FILTER_PATTERNS.platformReport,
        MetricTransformations: [
          Match.objectLike({ MetricName: `MaxMemoryUsedMB-${name}`, MetricValue: '$.record.metrics.maxMemoryUsedMB' }),
        ],
      });
      template.hasResourceProperties(METRIC_FILTER, {
        LogGroupName,
        FilterPattern: FILTER_PATTERNS.coldStartReport,
        MetricTransformations: [
          Match.objectLike({ MetricName: `InitDurationMs-${name}`, MetricValue: '$.record.metrics.initDurationMs' }),
        ],
      });
    }
  });

  test('the 4xx, 5xx and auth-failure counts read the access log, with 0 when nothing matches', () => {
    for (const [metricName, pattern] of [
      ['Http4xx', FILTER_PATTERNS.clientError],
      ['Http5xx', FILTER_PATTERNS.serverError],
      ['AuthFailures', FILTER_PATTERNS.authFailure],
    ]) {
      template.hasResourceProperties(METRIC_FILTER, {
        LogGroupName: accessRef,
        FilterPattern: pattern,
        MetricTransformations: [
          { MetricNamespace: NAMESPACE, MetricName: metricName, MetricValue: '1', DefaultValue: 0 },
        ],
      });
    }
  });

  test('dimensions are only the low-cardinality $.route and $.error.name', () => {
    const values = deployed.flatMap((f) =>
      f.MetricTransformations.flatMap((t) => t.Dimensions ?? []).map((d) => d.Value),
    );
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set(['$.route', '$.error.name']));
  });
});

describe('application errors, against the lines the handlers write', () => {
  const pattern = () => filterFor(M.applicationErrors, logGroupRef('/aws/lambda/todo-test-list-todos')).FilterPattern;

  test('match exactly the ERROR lines of the failed request: the repository failure and the unhandled error', () => {
    const matched = matching(pattern(), app.all);
    expect(jsonLines(matched).map((l) => [l.level, l.message])).toEqual([
      ['ERROR', 'dynamodb call failed'],
      ['ERROR', 'unhandled error'],
    ]);
    expect(matched.every((l) => app.unhandledError.includes(l))).toBe(true);
    expect(matched).toEqual(app.all.filter((l) => jsonLines([l])[0]?.level === 'ERROR'));
  });

  test('match none of the success, validation-failure or unauthenticated lines', () => {
    expect(matching(pattern(), app.success)).toEqual([]);
    expect(matching(pattern(), app.validationFailure)).toEqual([]);
    expect(matching(pattern(), app.unauthenticated)).toEqual([]);
  });

  test('match a handler line at ERROR only, not at the other levels Powertools writes', () => {
    const [completed] = app.success.filter((l) => jsonLines([l])[0]?.message === 'request completed');
    const atLevel = (level: string) => completed.replace('"level":"INFO"', `"level":"${level}"`);
    expect(
      ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].filter((level) => matchesFilterPattern(pattern(), atLevel(level))),
    ).toEqual(['ERROR']);
  });

  test('match no platform record', () => {
    expect(matching(pattern(), PLATFORM_LINES)).toEqual([]);
  });

  test('every matched line carries the ApplicationErrorsByRoute dimensions: route and error name', () => {
    const byRoute = filterFor(M.applicationErrorsByRoute, logGroupRef('/aws/lambda/todo-test-list-todos'));
    const matched = matching(byRoute.FilterPattern, app.all);
    expect(matched.length).toBeGreaterThan(0);
    for (const line of matched) {
      const dims = Object.fromEntries(
        (byRoute.transformation.Dimensions ?? []).map((d) => [d.Key, fieldOf(line, d.Value)]),
      );
      expect(dims).toEqual({ route: 'GET /todos', errorName: 'ResourceNotFoundException' });
      expect(metricValueOf(byRoute.transformation.MetricValue, line)).toBe(1);
    }
  });
});

describe('platform reports', () => {
  const maxMemory = () => filterFor(M.maxMemoryUsed('list-todos'));
  const initDuration = () => filterFor(M.initDuration('list-todos'));

  test('the memory filter matches every report, cold or warm, and nothing else', () => {
    const { FilterPattern } = maxMemory();
    expect(matching(FilterPattern, PLATFORM_LINES)).toEqual([COLD_REPORT, WARM_REPORT]);
    expect(matching(FilterPattern, app.all)).toEqual([]);
  });

  test('the memory metric is each report’s maxMemoryUsedMB', () => {
    const { transformation } = maxMemory();
    expect(metricValueOf(transformation.MetricValue, COLD_REPORT)).toBe(91);
    expect(metricValueOf(transformation.MetricValue, WARM_REPORT)).toBe(93);
  });

  test('the init-duration filter matches the cold report only', () => {
    const { FilterPattern } = initDuration();
    expect(matching(FilterPattern, PLATFORM_LINES)).toEqual([COLD_REPORT]);
    expect(matching(FilterPattern, OTHER_PLATFORM_RECORDS)).toEqual([]);
    expect(matching(FilterPattern, app.all)).toEqual([]);
  });

  test('the init-duration metric is the cold report’s initDurationMs', () => {
    expect(metricValueOf(initDuration().transformation.MetricValue, COLD_REPORT)).toBe(412.56);
  });

  test('FILTER_PATTERNS.platformReport and coldStartReport split cold from warm', () => {
    expect(matchesFilterPattern(FILTER_PATTERNS.platformReport, COLD_REPORT)).toBe(true);
    expect(matchesFilterPattern(FILTER_PATTERNS.platformReport, WARM_REPORT)).toBe(true);
    expect(matchesFilterPattern(FILTER_PATTERNS.coldStartReport, COLD_REPORT)).toBe(true);
    expect(matchesFilterPattern(FILTER_PATTERNS.coldStartReport, WARM_REPORT)).toBe(false);
  });
});

describe('access log counts, against lines in the stage access log format', () => {
  test('Http4xx counts exactly 400, 401, 403, 404 and 429', () => {
    expect(accessStatuses(filterFor(M.clientErrors).FilterPattern)).toEqual([400, 401, 403, 404, 429]);
  });

  test('Http5xx counts exactly 500, 502 and 504', () => {
    expect(accessStatuses(filterFor(M.serverErrors).FilterPattern)).toEqual([500, 502, 504]);
  });

  test('AuthFailures counts exactly 401 and 403', () => {
    expect(accessStatuses(filterFor(M.authFailures).FilterPattern)).toEqual([401, 403]);
  });

  test('each FILTER_PATTERNS access pattern selects the same statuses', () => {
    expect(accessStatuses(FILTER_PATTERNS.clientError)).toEqual([400, 401, 403, 404, 429]);
    expect(accessStatuses(FILTER_PATTERNS.serverError)).toEqual([500, 502, 504]);
    expect(accessStatuses(FILTER_PATTERNS.authFailure)).toEqual([401, 403]);
  });

  test('the access log writes status as a number, which the numeric patterns need', () => {
    expect(fieldOf(ACCESS_LINES[500], '$.status')).toBe(500);
    const quoted = ACCESS_LINES[500].replace('"status":500', '"status":"500"');
    expect(matchesFilterPattern(FILTER_PATTERNS.serverError, quoted)).toBe(false);
  });

  test('no access pattern matches application or platform lines, nor application patterns access lines', () => {
    for (const pattern of [FILTER_PATTERNS.clientError, FILTER_PATTERNS.serverError, FILTER_PATTERNS.authFailure]) {
      expect(matching(pattern, [...app.all, ...PLATFORM_LINES])).toEqual([]);
    }
    for (const pattern of [FILTER_PATTERNS.applicationError, FILTER_PATTERNS.platformReport]) {
      expect(matching(pattern, Object.values(ACCESS_LINES))).toEqual([]);
    }
  });
});
