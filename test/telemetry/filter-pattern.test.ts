/**
 * The evaluator of the CloudWatch Logs JSON filter-pattern subset (scripts/alert-replay/filter-pattern.ts) that the metric
 * filter tests rely on: if it were wrong, those tests would prove nothing. Semantics follow "Filter pattern syntax
 * for JSON log events" in the CloudWatch Logs user guide.
 */
import { matchesFilterPattern, metricValueOf, parseFilterPattern } from '../../scripts/alert-replay/filter-pattern';

const line = (event: unknown) => JSON.stringify(event);
const matches = (pattern: string, event: unknown) => matchesFilterPattern(pattern, line(event));

describe('string comparisons', () => {
  test('= matches an equal string field exactly, case-sensitively', () => {
    expect(matches('{ $.level = "ERROR" }', { level: 'ERROR' })).toBe(true);
    expect(matches('{ $.level = "ERROR" }', { level: 'error' })).toBe(false);
    expect(matches('{ $.level = "ERROR" }', { level: 'ERRORS' })).toBe(false);
    expect(matches('{ $.level = "ERROR" }', { level: 'AN ERROR' })).toBe(false);
  });

  test('!= matches a present string field with a different value', () => {
    expect(matches('{ $.level != "ERROR" }', { level: 'INFO' })).toBe(true);
    expect(matches('{ $.level != "ERROR" }', { level: 'ERROR' })).toBe(false);
  });

  test('* is a wildcard for any run of characters, anywhere in the value', () => {
    expect(matches('{ $.type = "platform.*" }', { type: 'platform.report' })).toBe(true);
    expect(matches('{ $.type = "platform.*" }', { type: 'platform.' })).toBe(true);
    expect(matches('{ $.type = "*.report" }', { type: 'platform.report' })).toBe(true);
    expect(matches('{ $.ip != "10.0.*" }', { ip: '192.168.1.1' })).toBe(true);
    expect(matches('{ $.ip != "10.0.*" }', { ip: '10.0.3.4' })).toBe(false);
    expect(matches('{ $.type = "platform.*" }', { type: 'function.platform.x' })).toBe(false);
  });

  test('regular-expression characters in the value are literal', () => {
    expect(matches('{ $.type = "platform.report" }', { type: 'platformXreport' })).toBe(false);
    expect(matches('{ $.route = "GET /todos/{id}" }', { route: 'GET /todos/{id}' })).toBe(true);
    expect(matches('{ $.v = "a+b" }', { v: 'aab' })).toBe(false);
  });

  test('escaped quotes in the value are unescaped', () => {
    expect(matches('{ $.message = "say \\"hi\\"" }', { message: 'say "hi"' })).toBe(true);
  });
});

describe('numeric comparisons', () => {
  test.each([
    ['=', 500, true],
    ['=', 501, false],
    ['!=', 501, true],
    ['!=', 500, false],
    ['>', 499, true],
    ['>', 500, false],
    ['<', 501, true],
    ['<', 500, false],
    ['>=', 500, true],
    ['>=', 501, false],
    ['<=', 500, true],
    ['<=', 499, false],
  ])('$.status %s %d on 500 is %s', (operator, value, expected) => {
    expect(matches(`{ $.status ${operator} ${value} }`, { status: 500 })).toBe(expected);
  });

  test('decimals and negative numbers compare numerically', () => {
    expect(matches('{ $.ms > 0 }', { ms: 0.01 })).toBe(true);
    expect(matches('{ $.ms > 0.5 }', { ms: 0.25 })).toBe(false);
    expect(matches('{ $.delta < -1 }', { delta: -2 })).toBe(true);
    expect(matches('{ $.n = 1 }', { n: 1.0 })).toBe(true);
  });
});

describe('types never mix', () => {
  test('a numeric pattern never matches a string field, even one holding digits', () => {
    expect(matches('{ $.status = 401 }', { status: '401' })).toBe(false);
    expect(matches('{ $.status >= 400 }', { status: '500' })).toBe(false);
    expect(matches('{ $.status != 401 }', { status: '200' })).toBe(false);
  });

  test('a string pattern never matches a numeric field', () => {
    expect(matches('{ $.status = "401" }', { status: 401 })).toBe(false);
    expect(matches('{ $.status != "401" }', { status: 200 })).toBe(false);
  });

  test('neither matches booleans, objects, arrays or null', () => {
    for (const value of [true, { a: 1 }, [401], null]) {
      expect(matches('{ $.v = 401 }', { v: value })).toBe(false);
      expect(matches('{ $.v != 401 }', { v: value })).toBe(false);
      expect(matches('{ $.v = "*" }', { v: value })).toBe(false);
      expect(matches('{ $.v != "x" }', { v: value })).toBe(false);
    }
  });
});

describe('missing selectors', () => {
  test('never match, whatever the operator, != included', () => {
    for (const pattern of ['{ $.x = "a" }', '{ $.x != "a" }', '{ $.x = "*" }', '{ $.x > 0 }', '{ $.x != 0 }']) {
      expect(matches(pattern, { y: 'a' })).toBe(false);
    }
  });
});

describe('nested selectors', () => {
  const report = { type: 'platform.report', record: { metrics: { initDurationMs: 312.5, maxMemoryUsedMB: 88 } } };

  test('follow objects level by level', () => {
    expect(matches('{ $.record.metrics.initDurationMs > 0 }', report)).toBe(true);
    expect(matches('{ $.record.metrics.maxMemoryUsedMB = 88 }', report)).toBe(true);
    expect(matches('{ $.error.name = "TypeError" }', { error: { name: 'TypeError' } })).toBe(true);
  });

  test('stop at a missing level or a non-object', () => {
    expect(matches('{ $.record.metrics.initDurationMs > 0 }', { record: {} })).toBe(false);
    expect(matches('{ $.record.metrics.initDurationMs > 0 }', { record: 'metrics' })).toBe(false);
    expect(matches('{ $.error.name = "x" }', { error: null })).toBe(false);
  });

  test('do not reach into arrays with dots (CloudWatch indexes arrays with [n])', () => {
    expect(matches('{ $.items.length > 0 }', { items: ['a', 'b'] })).toBe(false);
    expect(matches('{ $.items.0 = "a" }', { items: ['a', 'b'] })).toBe(false);
  });

  test('a dotted key is not a path', () => {
    expect(matches('{ $.error.name = "x" }', { 'error.name': 'x' })).toBe(false);
  });
});

describe('&& and ||', () => {
  test('&& needs both sides, || either side', () => {
    const pattern = '{ $.status >= 400 && $.status < 500 }';
    expect(matches(pattern, { status: 404 })).toBe(true);
    expect(matches(pattern, { status: 500 })).toBe(false);
    expect(matches(pattern, { status: 399 })).toBe(false);
    const either = '{ $.status = 401 || $.status = 403 }';
    expect(matches(either, { status: 401 })).toBe(true);
    expect(matches(either, { status: 403 })).toBe(true);
    expect(matches(either, { status: 402 })).toBe(false);
  });

  test('&& binds tighter than ||', () => {
    // Read as a || (b && c): true when a alone holds; as (a || b) && c it would be false.
    const pattern = '{ $.a = 1 || $.b = 1 && $.c = 1 }';
    expect(matches(pattern, { a: 1, b: 0, c: 0 })).toBe(true);
    expect(matches(pattern, { a: 0, b: 1, c: 0 })).toBe(false);
    expect(matches(pattern, { a: 0, b: 1, c: 1 })).toBe(true);
    expect(parseFilterPattern(pattern)).toMatchObject({ kind: 'or', right: { kind: 'and' } });
  });

  test('parentheses override precedence', () => {
    const pattern = '{ ($.a = 1 || $.b = 1) && $.c = 1 }';
    expect(matches(pattern, { a: 1, b: 0, c: 0 })).toBe(false);
    expect(matches(pattern, { a: 1, b: 0, c: 1 })).toBe(true);
    expect(matches('{ (($.a = 1)) }', { a: 1 })).toBe(true);
  });

  test('a missing field on one side does not stop the other side of ||', () => {
    expect(matches('{ $.missing = 1 || $.status = 401 }', { status: 401 })).toBe(true);
  });
});

describe('lines that are not JSON objects', () => {
  test.each([
    'START RequestId: 4f3b Version: $LATEST',
    'REPORT RequestId: 4f3b Duration: 2.24 ms Billed Duration: 3 ms Memory Size: 128 MB Max Memory Used: 68 MB',
    '2024-05-14T09:12:40.123Z 4f3b ERROR {"level":"ERROR"}',
    '{"level":"ERROR"',
    '',
    '"ERROR"',
    '42',
    '[{"level":"ERROR"}]',
  ])('never match: %j', (raw) => {
    expect(matchesFilterPattern('{ $.level = "ERROR" }', raw)).toBe(false);
    expect(matchesFilterPattern('{ $.level != "INFO" }', raw)).toBe(false);
  });
});

describe('unsupported syntax throws instead of silently not matching', () => {
  test.each([
    ['a text pattern', 'ERROR'],
    ['an unquoted string value', '{ $.level = ERROR }'],
    ['IS NULL', '{ $.user IS NULL }'],
    ['NOT EXISTS', '{ $.user NOT EXISTS }'],
    ['an array index', '{ $.items[0] = "a" }'],
    ['a regular expression', '{ $.message = %timeout% }'],
    ['a string with >', '{ $.level > "A" }'],
    ['a missing value', '{ $.level = }'],
    ['a missing operator', '{ $.level "ERROR" }'],
    ['a bare value', '{ "ERROR" }'],
    ['an unbalanced parenthesis', '{ ($.a = 1 }'],
    ['a dangling &&', '{ $.a = 1 && }'],
    ['a single &', '{ $.a = 1 & $.b = 2 }'],
    ['an exponent', '{ $.a > 1e3 }'],
  ])('%s', (_, pattern) => {
    expect(() => parseFilterPattern(pattern)).toThrow();
    expect(() => matchesFilterPattern(pattern, line({ level: 'ERROR', a: 1, b: 2 }))).toThrow();
  });
});

describe('metricValueOf', () => {
  const report = line({ record: { metrics: { maxMemoryUsedMB: 88, initDurationMs: 312.5 } }, note: '12' });

  test('a literal metric value is that number', () => {
    expect(metricValueOf('1', report)).toBe(1);
  });

  test('a $.selector is the numeric field it selects', () => {
    expect(metricValueOf('$.record.metrics.maxMemoryUsedMB', report)).toBe(88);
    expect(metricValueOf('$.record.metrics.initDurationMs', report)).toBe(312.5);
  });

  test('a missing or non-numeric field publishes nothing', () => {
    expect(metricValueOf('$.record.metrics.durationMs', report)).toBeUndefined();
    expect(metricValueOf('$.note', report)).toBeUndefined();
    expect(metricValueOf('$.record', report)).toBeUndefined();
  });
});
