import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextKey, loadStageConfig, physicalName } from '../../../lib/config/stage-config';

/** A context reader over a plain object, like `app.node.tryGetContext`. */
const context =
  (values: Partial<Record<ContextKey, unknown>>) =>
  (key: ContextKey): unknown =>
    values[key];

describe('loadStageConfig', () => {
  test('defaults to dev with short retention and destroyable resources', () => {
    const config = loadStageConfig(context({}));
    expect(config.stage).toBe('dev');
    expect(config.logRetention).toBe(RetentionDays.ONE_WEEK);
    expect(config.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(config.deletionProtection).toBe(false);
  });

  test('prod retains data, protects the table and keeps logs longer', () => {
    const config = loadStageConfig(context({ stage: 'prod' }));
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(config.deletionProtection).toBe(true);
    expect(config.logRetention).toBe(RetentionDays.THREE_MONTHS);
    expect(config.corsAllowedOrigins).not.toContain('*');
  });

  test('fails when stage is unknown', () => {
    expect(() => loadStageConfig(context({ stage: 'staging' }))).toThrow(
      'Invalid context value for "stage": "staging". Allowed: dev, prod.',
    );
  });

  test('a key set to null (as cdk.json may) takes the stage default', () => {
    expect(loadStageConfig(context({ stage: null, apiRateLimit: null, alarmEmails: null }))).toEqual(
      loadStageConfig(context({})),
    );
  });

  test('reads comma-separated origins from -c and arrays from cdk.json', () => {
    expect(
      loadStageConfig(context({ corsAllowedOrigins: 'https://a.example, https://b.example' })).corsAllowedOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(loadStageConfig(context({ corsAllowedOrigins: ['http://localhost:5173'] })).corsAllowedOrigins).toEqual([
      'http://localhost:5173',
    ]);
  });

  test('fails when a prod origin is "*"', () => {
    expect(() => loadStageConfig(context({ stage: 'prod', corsAllowedOrigins: '*' }))).toThrow(
      /Invalid context value for "corsAllowedOrigins": "\*". Allowed: https origins/,
    );
  });

  test('fails when an origin has a path or is not a URL', () => {
    expect(() => loadStageConfig(context({ corsAllowedOrigins: 'https://a.example/app' }))).toThrow(
      /corsAllowedOrigins/,
    );
    expect(() => loadStageConfig(context({ corsAllowedOrigins: 'not a url' }))).toThrow(/corsAllowedOrigins/);
  });

  test('fails when prod allows plain http', () => {
    expect(() => loadStageConfig(context({ stage: 'prod', corsAllowedOrigins: 'http://localhost:3000' }))).toThrow(
      /corsAllowedOrigins/,
    );
  });

  test('fails when an origin list is neither a string nor strings', () => {
    expect(() => loadStageConfig(context({ corsAllowedOrigins: [1, 2] }))).toThrow(
      'Invalid context value for "corsAllowedOrigins": [1,2]. Allowed: a comma-separated string or an array of strings.',
    );
  });

  test('fails when an alarm e-mail is malformed', () => {
    expect(() => loadStageConfig(context({ alarmEmails: 'oncall@example.com,nobody' }))).toThrow(
      'Invalid context value for "alarmEmails": "nobody". Allowed: e-mail addresses, comma-separated.',
    );
  });

  test('fails when the PagerDuty secret name has illegal characters', () => {
    expect(() => loadStageConfig(context({ pagerDutySecretName: 'bad name!' }))).toThrow(/pagerDutySecretName/);
    expect(loadStageConfig(context({ pagerDutySecretName: 'todo/prod/pagerduty' })).pagerDutySecretName).toBe(
      'todo/prod/pagerduty',
    );
  });

  test('fails when the runbook base URL is not https or ends with a slash', () => {
    expect(() => loadStageConfig(context({ runbookBaseUrl: 'http://wiki.example.com/runbooks' }))).toThrow(
      'Invalid context value for "runbookBaseUrl": "http://wiki.example.com/runbooks". Allowed: an https URL without a trailing slash.',
    );
    expect(() => loadStageConfig(context({ runbookBaseUrl: 'https://wiki.example.com/runbooks/' }))).toThrow(
      /runbookBaseUrl/,
    );
    expect(loadStageConfig(context({ runbookBaseUrl: 'https://wiki.example.com/rb' })).alarming.runbookBaseUrl).toBe(
      'https://wiki.example.com/rb',
    );
  });

  test('keeps the audit trail a year in prod', () => {
    expect(loadStageConfig(context({ stage: 'prod' })).auditLogRetention).toBe(RetentionDays.ONE_YEAR);
  });

  test('runs the canaries more often in prod (journey 5 min, heartbeat 1 min) than in dev (15 and 5)', () => {
    expect(loadStageConfig(context({ stage: 'prod' })).canary).toEqual({
      journeyRateMinutes: 5,
      heartbeatRateMinutes: 1,
    });
    expect(loadStageConfig(context({})).canary).toEqual({ journeyRateMinutes: 15, heartbeatRateMinutes: 5 });
    expect(loadStageConfig(context({ canaryJourneyRateMinutes: '10', canaryHeartbeatRateMinutes: 2 })).canary).toEqual({
      journeyRateMinutes: 10,
      heartbeatRateMinutes: 2,
    });
  });
});

describe('loadStageConfig: web client', () => {
  test('CORS: dev allows a local front end, prod nothing beyond the web client (which the service stack adds)', () => {
    expect(loadStageConfig(context({})).corsAllowedOrigins).toEqual(['http://localhost:3000']);
    expect(loadStageConfig(context({ stage: 'prod' })).corsAllowedOrigins).toEqual([]);
  });

  test('RUM records every dev session and a tenth of prod sessions unless rumSessionSampleRate says otherwise', () => {
    expect(loadStageConfig(context({})).web.rumSessionSampleRate).toBe(1);
    expect(loadStageConfig(context({ stage: 'prod' })).web.rumSessionSampleRate).toBe(0.1);
    expect(loadStageConfig(context({ stage: 'prod', rumSessionSampleRate: '0.5' })).web.rumSessionSampleRate).toBe(0.5);
    expect(loadStageConfig(context({ rumSessionSampleRate: 0 })).web.rumSessionSampleRate).toBe(0);
  });

  test('the sign-in domain prefix defaults to the stack (app, stage and account) and may be set', () => {
    expect(loadStageConfig(context({})).web.signInDomainPrefix).toBeUndefined();
    expect(loadStageConfig(context({ signInDomainPrefix: 'acme-todo' })).web.signInDomainPrefix).toBe('acme-todo');
  });

  test.each(['Acme', '-todo', 'todo-', 'my-aws-todo', 'amazon-todo', 'cognito1', 'a'.repeat(64), 42])(
    'fails when signInDomainPrefix is %p',
    (value) => {
      expect(() => loadStageConfig(context({ signInDomainPrefix: value }))).toThrow(
        /^Invalid context value for "signInDomainPrefix": .*Allowed: lowercase letters, digits and hyphens/,
      );
    },
  );
});

describe('physicalName', () => {
  test('carries app and stage', () => {
    expect(physicalName({ appName: 'todo', stage: 'prod' }, 'api', 'access')).toBe('todo-prod-api-access');
  });
});
