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

  test('keeps the access and WAF logs a year in prod (audit-relevant), a week in dev', () => {
    const prod = loadStageConfig(context({ stage: 'prod' }));
    expect([prod.accessLogRetention, prod.wafLogRetention]).toEqual([RetentionDays.ONE_YEAR, RetentionDays.ONE_YEAR]);
    const dev = loadStageConfig(context({}));
    expect([dev.accessLogRetention, dev.wafLogRetention]).toEqual([RetentionDays.ONE_WEEK, RetentionDays.ONE_WEEK]);
  });

  test.each(['accessLogRetentionDays', 'wafLogRetentionDays'] as const)(
    'fails when %s would keep prod logs less than a year, naming the key and what is allowed',
    (key) => {
      expect(() => loadStageConfig(context({ stage: 'prod', [key]: '90' }))).toThrow(
        `Invalid context value for "${key}": "90". Allowed: in prod one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, ` +
          '2922, 3288, 3653 (days), at least 365: access and WAF logs are audit-relevant.',
      );
    },
  );

  test.each(['accessLogRetentionDays', 'wafLogRetentionDays'] as const)(
    '%s may be longer in prod, and anything valid outside prod',
    (key) => {
      const field = key === 'accessLogRetentionDays' ? 'accessLogRetention' : 'wafLogRetention';
      expect(loadStageConfig(context({ stage: 'prod', [key]: '731' }))[field]).toBe(RetentionDays.TWO_YEARS);
      expect(loadStageConfig(context({ stage: 'prod', [key]: 365 }))[field]).toBe(RetentionDays.ONE_YEAR);
      expect(loadStageConfig(context({ [key]: '1' }))[field]).toBe(RetentionDays.ONE_DAY);
    },
  );

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

describe('loadStageConfig: custom domains', () => {
  const certificate = (region: string, account = '123456789012') =>
    `arn:aws:acm:${region}:${account}:certificate/11111111-2222-3333-4444-555555555555`;
  const WEB = { webDomainName: 'todo.example.com', webCertificateArn: certificate('us-east-1') };
  const API = { apiDomainName: 'api.todo.example.com', apiCertificateArn: certificate('eu-west-1') };
  const error = (key: string, allowed: RegExp | string) =>
    new RegExp(`^Invalid context value for "${key}": .*Allowed: .*${allowed}`);

  test('none by default in either stage', () => {
    expect(loadStageConfig(context({})).domains).toEqual({});
    expect(loadStageConfig(context({ stage: 'prod' })).domains).toEqual({});
  });

  test('a domain with its certificate, and a zone for the records', () => {
    expect(loadStageConfig(context({ ...WEB, ...API, hostedZoneId: 'Z0123456789ABCDEFGHIJ' })).domains).toEqual({
      ...WEB,
      ...API,
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    });
  });

  test('fails when the CloudFront certificate is outside us-east-1', () => {
    expect(() => loadStageConfig(context({ ...WEB, webCertificateArn: certificate('eu-west-1') }))).toThrow(
      error('webCertificateArn', 'a certificate in us-east-1'),
    );
  });

  test.each([
    ['webCertificateArn', { webDomainName: WEB.webDomainName }, 'covering webDomainName'],
    ['webDomainName', { webCertificateArn: WEB.webCertificateArn }, 'webCertificateArn covers'],
    ['apiCertificateArn', { apiDomainName: API.apiDomainName }, 'covering apiDomainName'],
    ['apiDomainName', { apiCertificateArn: API.apiCertificateArn }, 'apiCertificateArn covers'],
  ])('fails naming %s when the other half of the pair is alone', (key, values, allowed) => {
    expect(() => loadStageConfig(context(values))).toThrow(error(key, allowed));
  });

  test.each([
    'arn:aws:acm:us-east-1:123456789012:certificate/not-a-uuid',
    'arn:aws:acm:us-east-1:1234:certificate/11111111-2222-3333-4444-555555555555',
    'arn:aws:iam::123456789012:server-certificate/todo',
    'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-55555555555X',
  ])('fails when a certificate ARN is malformed: %s', (arn) => {
    expect(() => loadStageConfig(context({ ...WEB, webCertificateArn: arn }))).toThrow(
      error('webCertificateArn', 'an ACM certificate ARN'),
    );
    expect(() => loadStageConfig(context({ ...API, apiCertificateArn: arn }))).toThrow(
      error('apiCertificateArn', 'an ACM certificate ARN'),
    );
  });

  test('accepts a certificate of another partition (GovCloud)', () => {
    const arn = 'arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    expect(loadStageConfig(context({ ...API, apiCertificateArn: arn })).domains.apiCertificateArn).toBe(arn);
  });

  test.each(['Todo.example.com', 'localhost', '*.example.com', 'todo.example.com.', '-todo.example.com', 'a..b', 42])(
    'fails when a domain name is %p',
    (name) => {
      expect(() => loadStageConfig(context({ ...WEB, webDomainName: name }))).toThrow(
        error('webDomainName', 'a lowercase host name'),
      );
      expect(() => loadStageConfig(context({ ...API, apiDomainName: name }))).toThrow(
        error('apiDomainName', 'a lowercase host name'),
      );
    },
  );

  test('fails when both custom domains are the same host', () => {
    expect(() => loadStageConfig(context({ ...WEB, ...API, apiDomainName: WEB.webDomainName }))).toThrow(
      error('apiDomainName', 'a host name other than webDomainName'),
    );
  });

  test('fails when hostedZoneId is set without any domain', () => {
    expect(() => loadStageConfig(context({ hostedZoneId: 'Z0123456789ABCDEFGHIJ' }))).toThrow(
      error('hostedZoneId', 'only with webDomainName or apiDomainName'),
    );
  });

  test.each(['/hostedzone/Z0123456789ABCDEFGHIJ', 'z0123', 'Z', 'Z0123456789ABCDEFGHIJ0123456789ABC'])(
    'fails when hostedZoneId is malformed: %s',
    (id) => {
      expect(() => loadStageConfig(context({ ...WEB, hostedZoneId: id }))).toThrow(
        error('hostedZoneId', 'a Route 53 hosted zone id'),
      );
    },
  );
});

describe('physicalName', () => {
  test('carries app and stage', () => {
    expect(physicalName({ appName: 'todo', stage: 'prod' }, 'api', 'access')).toBe('todo-prod-api-access');
  });
});
