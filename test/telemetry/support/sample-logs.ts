/**
 * Real log lines of the three sources the telemetry reads, for evaluating metric filters and saved queries:
 *
 * - application lines: written by the real handlers (Powertools JSON), captured through the handler harness;
 * - Lambda platform records: `platform.report` and friends exactly as Lambda's JSON log format writes them into the
 *   function's log group (system log level INFO);
 * - API Gateway access lines: the stage's `ACCESS_LOG_FIELDS` format with `$context` variables substituted the way
 *   API Gateway does (numeric fields unquoted, unavailable values as `-`).
 */
import { ACCESS_LOG_FIELDS } from '../../../lib/api/todo-api';
import { Harness, jsonLines } from '../../lambda/support/harness';

export interface ApplicationLines {
  /** GET /todos (200) and POST /todos (201). */
  readonly success: string[];
  /** GET /todos?limit=many: rejected by validation (400). */
  readonly validationFailure: string[];
  /** GET /todos without claims: rejected in the handler (401). */
  readonly unauthenticated: string[];
  /** GET /todos while the table does not exist: DynamoDB fails, the handler answers 500. */
  readonly unhandledError: string[];
  /** Every line above, in order. */
  readonly all: string[];
}

export const SAMPLE_USER = 'telemetry-user-7c1d';

/** Drives the real handlers through one request of each outcome and returns the lines each wrote. */
export async function applicationLines(h: Harness): Promise<ApplicationLines> {
  const capture = async (send: () => Promise<unknown>): Promise<string[]> => {
    h.clearOutput();
    await send();
    return h.output();
  };
  const success = [
    ...(await capture(() => h.request({ method: 'GET', path: '/todos', user: SAMPLE_USER }))),
    ...(await capture(() =>
      h.request({ method: 'POST', path: '/todos', user: SAMPLE_USER, body: { title: 'sample' } }),
    )),
  ];
  const validationFailure = await capture(() =>
    h.request({ method: 'GET', path: '/todos', user: SAMPLE_USER, query: { limit: 'many' } }),
  );
  const unauthenticated = await capture(() => h.request({ method: 'GET', path: '/todos', user: null }));
  const saved = process.env.TODO_TABLE_NAME;
  process.env.TODO_TABLE_NAME = 'table-that-does-not-exist';
  let unhandledError: string[];
  try {
    unhandledError = await capture(() => h.request({ method: 'GET', path: '/todos', user: SAMPLE_USER }));
  } finally {
    process.env.TODO_TABLE_NAME = saved;
  }
  // Guard the premise: each scenario produced the outcome it stands for.
  const statuses = (lines: string[]) =>
    jsonLines(lines)
      .filter((l) => l.message === 'request completed')
      .map((l) => l.statusCode);
  expect(statuses(success)).toEqual([200, 201]);
  expect(statuses(validationFailure)).toEqual([400]);
  expect(statuses(unauthenticated)).toEqual([401]);
  expect(statuses(unhandledError)).toEqual([500]);
  return {
    success,
    validationFailure,
    unauthenticated,
    unhandledError,
    all: [...success, ...validationFailure, ...unauthenticated, ...unhandledError],
  };
}

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e812345678';
const TRACE = 'Root=1-664325d8-7b6d5b8a1c2e3f4a5b6c7d8e;Parent=53995c3f42cd8ad8;Sampled=1';

/** `platform.report` of the first invocation of an execution environment: carries `initDurationMs`. */
export const COLD_REPORT = JSON.stringify({
  time: '2024-05-14T09:12:40.421Z',
  type: 'platform.report',
  record: {
    requestId: REQUEST_ID,
    metrics: {
      durationMs: 187.24,
      billedDurationMs: 188,
      memorySizeMB: 256,
      maxMemoryUsedMB: 91,
      initDurationMs: 412.56,
    },
    tracing: { spanId: '2b8c7d1e9f0a3b4c', type: 'X-Amzn-Trace-Id', value: TRACE },
    status: 'success',
  },
});

/** `platform.report` of a later invocation in the same environment: no `initDurationMs`. */
export const WARM_REPORT = JSON.stringify({
  time: '2024-05-14T09:12:41.007Z',
  type: 'platform.report',
  record: {
    requestId: 'd2e1f4a0-7b61-11e6-9a41-93e812345678',
    metrics: { durationMs: 12.8, billedDurationMs: 13, memorySizeMB: 256, maxMemoryUsedMB: 93 },
    tracing: { spanId: '3c9d8e2f0a1b4c5d', type: 'X-Amzn-Trace-Id', value: TRACE },
    status: 'success',
  },
});

/** The other INFO-level platform records Lambda writes next to the report; no report-based filter may match them. */
export const OTHER_PLATFORM_RECORDS = [
  JSON.stringify({
    time: '2024-05-14T09:12:39.990Z',
    type: 'platform.initStart',
    record: {
      initializationType: 'on-demand',
      phase: 'init',
      runtimeVersion: 'nodejs:20.v33',
      runtimeVersionArn:
        'arn:aws:lambda:eu-west-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd4cba17d61dea0686b404502a0c9ce83931b9',
      functionName: 'todo-test-list-todos',
      functionVersion: '$LATEST',
    },
  }),
  JSON.stringify({
    time: '2024-05-14T09:12:40.233Z',
    type: 'platform.start',
    record: {
      requestId: REQUEST_ID,
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:x',
      version: '$LATEST',
    },
  }),
];

export const PLATFORM_LINES = [COLD_REPORT, WARM_REPORT, ...OTHER_PLATFORM_RECORDS];

/** The `$context` values of one API Gateway request; anything not given is unavailable (`-`). */
export interface AccessContext {
  readonly status: number;
  readonly user?: string;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly integrationStatus?: string;
}

/** The stage's access log format, as TodoApi builds it from ACCESS_LOG_FIELDS. */
export const ACCESS_LOG_FORMAT = `{${Object.entries(ACCESS_LOG_FIELDS)
  .map(([name, field]) => (field.numeric ? `"${name}":${field.value}` : `"${name}":"${field.value}"`))
  .join(',')}}`;

/** One access log line as API Gateway writes it for a request with the given outcome. */
export function accessLine(context: AccessContext): string {
  const reachedIntegration = context.integrationStatus !== undefined;
  const values: Record<string, string> = {
    '$context.requestId': `0d6b2f3e-${String(context.status).padStart(4, '0')}-4c1a-9e55-1f2a3b4c5d6e`,
    '$context.extendedRequestId': 'Yx3mWFhxoAMEbLQ=',
    '$context.xrayTraceId': '1-664325d8-7b6d5b8a1c2e3f4a5b6c7d8e',
    '$context.requestTime': '14/May/2024:09:12:40 +0000',
    '$context.requestTimeEpoch': '1715677960421',
    '$context.identity.sourceIp': '203.0.113.42',
    '$context.identity.userAgent': 'Mozilla/5.0 (X11; Linux x86_64)',
    '$context.authorizer.claims.sub': context.user ?? '-',
    '$context.httpMethod': 'GET',
    '$context.resourcePath': '/todos/{id}',
    '$context.path': '/dev/todos/8f14e45f',
    '$context.protocol': 'HTTP/1.1',
    '$context.status': String(context.status),
    '$context.responseLength': '187',
    '$context.responseLatency': String(reachedIntegration ? 54 : 3),
    '$context.integrationLatency': reachedIntegration ? '51' : '-',
    '$context.integrationStatus': context.integrationStatus ?? '-',
    '$context.error.responseType': context.errorType ?? '-',
    '$context.error.message': context.errorMessage ?? '-',
    '$context.authorizer.error': '-',
  };
  const line = ACCESS_LOG_FORMAT.replace(/\$context\.[A-Za-z.]+/g, (variable) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`No sample value for ${variable}`);
    return value;
  });
  JSON.parse(line); // must be valid JSON, as CloudWatch parses it
  return line;
}

/**
 * One access line per status the API answers, with the gateway error type where API Gateway sets one. Lambda proxy
 * responses all have integration status 200 (the invoke succeeded), whatever status the function returned.
 */
export const ACCESS_LINES: Record<number, string> = {
  200: accessLine({ status: 200, user: SAMPLE_USER, integrationStatus: '200' }),
  201: accessLine({ status: 201, user: SAMPLE_USER, integrationStatus: '200' }),
  400: accessLine({
    status: 400,
    user: SAMPLE_USER,
    errorType: 'BAD_REQUEST_BODY',
    errorMessage: 'Invalid request body',
  }),
  401: accessLine({ status: 401, errorType: 'UNAUTHORIZED', errorMessage: 'Unauthorized' }),
  403: accessLine({ status: 403, errorType: 'ACCESS_DENIED', errorMessage: 'Forbidden' }),
  404: accessLine({ status: 404, user: SAMPLE_USER, integrationStatus: '200' }),
  429: accessLine({ status: 429, user: SAMPLE_USER, errorType: 'THROTTLED', errorMessage: 'Too Many Requests' }),
  500: accessLine({ status: 500, user: SAMPLE_USER, integrationStatus: '200' }),
  502: accessLine({
    status: 502,
    user: SAMPLE_USER,
    integrationStatus: '200',
    errorType: 'INTEGRATION_FAILURE',
    errorMessage: 'Internal server error',
  }),
  504: accessLine({
    status: 504,
    user: SAMPLE_USER,
    errorType: 'INTEGRATION_TIMEOUT',
    errorMessage: 'Endpoint request timed out',
  }),
};

/** The value a `$.a.b` selector picks from a JSON log line, or undefined. */
export function fieldOf(line: string, selector: string): unknown {
  let current: unknown = JSON.parse(line);
  for (const key of selector.replace(/^\$\./, '').split('.')) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
