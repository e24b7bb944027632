/**
 * The rules of the context-key table, checked key by key from the table itself: each key overrides the field it
 * names, accepts the bounds or values of its rule, and fails synth outside them with a message naming the key and
 * what the rule allows.
 */
import { CONTEXT_KEY_TABLE, ContextKeyDef, CROSS_KEY_RULES, valueAt } from '../../../lib/config/context-keys';
import { LIST_ALLOWED } from '../../../lib/config/context-rules';
import { ContextKey, loadStageConfig, STAGES } from '../../../lib/config/stage-config';

const config = (values: Partial<Record<ContextKey, unknown>>) => loadStageConfig((key) => values[key]);
const message = (key: string, value: unknown, allowed: string) =>
  `Invalid context value for "${key}": ${JSON.stringify(value)}. Allowed: ${allowed}.`;
const keys = CONTEXT_KEY_TABLE as readonly ContextKeyDef<ContextKey>[];
const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';
const CERTIFICATE = (region: string) =>
  `arn:aws:acm:${region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`;

/** A valid value for each key whose rule has no bounds or values to take one from. */
const SAMPLES: Partial<Record<ContextKey, [unknown, unknown]>> = {
  corsAllowedOrigins: ['https://a.example, https://b.example', ['https://a.example', 'https://b.example']],
  alarmEmails: [['oncall@example.com'], ['oncall@example.com']],
  pagerDutySecretName: ['todo/prod/pagerduty', 'todo/prod/pagerduty'],
  signInDomainPrefix: ['acme-todo', 'acme-todo'],
  runbookBaseUrl: ['https://wiki.example.com/rb', 'https://wiki.example.com/rb'],
  fisExtensionLayerArn: [LAYER, LAYER],
  webDomainName: ['todo.example.com', 'todo.example.com'],
  webCertificateArn: [CERTIFICATE('us-east-1'), CERTIFICATE('us-east-1')],
  apiDomainName: ['api.todo.example.com', 'api.todo.example.com'],
  apiCertificateArn: [CERTIFICATE('eu-west-1'), CERTIFICATE('eu-west-1')],
  hostedZoneId: ['Z0123456789ABCDEFGHIJ', 'Z0123456789ABCDEFGHIJ'],
};

/** The keys a key needs beside it to pass the rules across keys, with valid values. */
const API_DOMAIN = { apiDomainName: 'api.todo.example.com', apiCertificateArn: CERTIFICATE('eu-west-1') };
const COMPANIONS: Partial<Record<ContextKey, Partial<Record<ContextKey, unknown>>>> = {
  chaosEnabled: { fisExtensionLayerArn: LAYER },
  webDomainName: { webCertificateArn: CERTIFICATE('us-east-1') },
  webCertificateArn: { webDomainName: 'todo.example.com' },
  apiDomainName: API_DOMAIN,
  apiCertificateArn: API_DOMAIN,
  hostedZoneId: API_DOMAIN,
};

/** [key, context value, the value of the field it sets] a rule accepts: its bounds, its values, or its sample. */
function accepted(def: ContextKeyDef<ContextKey>): [ContextKey, unknown, unknown][] {
  const shape = def.rule.shape;
  switch (shape.type) {
    case 'integer':
    case 'number':
      return [shape.min, shape.max].map((n) => [def.key, String(n), n]);
    case 'one of':
    case 'days':
      return shape.values.map((v) => [def.key, v, v]);
    case 'boolean':
      return [
        [def.key, 'true', true],
        [def.key, false, false],
      ];
    default:
      return SAMPLES[def.key] ? [[def.key, ...SAMPLES[def.key]!]] : [];
  }
}

/** [key, context value, what the error says is allowed] a rule rejects: just outside its bounds or values. */
function rejected(def: ContextKeyDef<ContextKey>): [ContextKey, unknown, string][] {
  const shape = def.rule.shape;
  const wrongType: [ContextKey, unknown, string] = [
    def.key,
    {},
    shape.type === 'list' ? LIST_ALLOWED : def.rule.allowed,
  ];
  switch (shape.type) {
    case 'integer':
      return [
        wrongType,
        ...[shape.min - 1, shape.max + 1, shape.min + 0.5, 'ten'].map(
          (v) => [def.key, String(v), def.rule.allowed] as [ContextKey, unknown, string],
        ),
      ];
    case 'number':
      return [
        wrongType,
        ...[shape.min - 0.01, shape.max + 0.01, 'half', ''].map(
          (v) => [def.key, v, def.rule.allowed] as [ContextKey, unknown, string],
        ),
      ];
    case 'one of':
    case 'days': {
      let absent = 1;
      while (shape.values.includes(absent)) absent++;
      return [wrongType, [def.key, 'nope', def.rule.allowed], [def.key, absent, def.rule.allowed]];
    }
    case 'boolean':
      return [wrongType, [def.key, 'yes', def.rule.allowed], [def.key, 1, def.rule.allowed]];
    default:
      return [wrongType];
  }
}

describe('the context-key table', () => {
  test('names each key once, and each key sets its own field', () => {
    expect(new Set(keys.map((d) => d.key)).size).toBe(keys.length);
    expect(new Set(keys.map((d) => d.sets)).size).toBe(keys.length);
  });

  test('every key without bounds or values to test has a sample value here', () => {
    expect(keys.filter((d) => accepted(d).length === 0).map((d) => d.key)).toEqual([]);
  });

  test('every numeric rule allows what its bounds say, and every list of values names them all', () => {
    for (const { rule } of keys) {
      const shape = rule.shape;
      if (shape.type === 'integer' || shape.type === 'number') {
        expect(rule.allowed).toContain(`${shape.min} to ${shape.max}`);
      }
      if (shape.type === 'one of' || shape.type === 'days') {
        for (const v of shape.values) expect(rule.allowed).toContain(String(v));
      }
    }
  });
});

describe.each(STAGES)('in %s', (stage) => {
  const defaults = config({ stage });

  test.each(keys.filter((d) => d.key !== 'stage' && valueAt(defaults, d.sets) !== undefined).map((d) => [d.key, d]))(
    '%s accepts its own stage default',
    (_key, def) => {
      expect(config({ stage, [def.key]: valueAt(defaults, def.sets) })).toEqual(defaults);
    },
  );
});

describe('each key sets the field it names', () => {
  test.each(keys.flatMap(accepted))('%s=%p sets %p', (key, value, expected) => {
    const def = keys.find((d) => d.key === key)!;
    expect(valueAt(config({ ...COMPANIONS[key], [key]: value }), def.sets)).toEqual(expected);
  });
});

describe('each key fails synth outside its rule, naming the key and what is allowed', () => {
  test.each(keys.flatMap(rejected))('fails when %s is %p', (key, value, allowed) => {
    expect(() => config({ [key]: value })).toThrow(message(key, value, allowed));
  });
});

describe('rules across keys', () => {
  test.each(CROSS_KEY_RULES.map((r) => [r.key, r]))('each names a key of the table (%s)', (key) => {
    expect(keys.map((d) => d.key)).toContain(key);
  });
});
