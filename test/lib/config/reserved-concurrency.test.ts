import { ContextKey, loadStageConfig } from '../../../lib/config/stage-config';
import {
  MAX_RESERVED_CONCURRENCY,
  maxReservedConcurrency,
  RESERVING_FUNCTIONS,
  reservedConcurrencyOf,
} from '../../../lib/config/reserved-concurrency';

const config = (values: Partial<Record<ContextKey, unknown>>) => loadStageConfig((key) => values[key]);

describe('reserved concurrency', () => {
  test('fits the default account quota of 1000 with 100 unreserved', () => {
    expect(MAX_RESERVED_CONCURRENCY * RESERVING_FUNCTIONS).toBeLessThanOrEqual(900);
    expect((MAX_RESERVED_CONCURRENCY + 1) * RESERVING_FUNCTIONS).toBeGreaterThan(900);
  });

  test.each([
    ['dev', 10],
    ['prod', 100],
  ])('defaults in %s to a tenth of a second of the API burst: %d', (stage, expected) => {
    expect(reservedConcurrencyOf(config({ stage }))).toBe(expected);
  });

  test('follows the throttle it is sized from', () => {
    expect(reservedConcurrencyOf(config({ stage: 'dev', apiBurstLimit: 300 }))).toBe(30);
    expect(reservedConcurrencyOf(config({ stage: 'dev', apiRateLimit: 400 }))).toBe(40);
  });

  test('defaults to no more than the account allows', () => {
    expect(reservedConcurrencyOf(config({ stage: 'prod', apiBurstLimit: 5000 }))).toBe(MAX_RESERVED_CONCURRENCY);
    expect(reservedConcurrencyOf(config({ stage: 'prod', lambdaAccountConcurrencyLimit: 500 }))).toBe(
      maxReservedConcurrency(500),
    );
  });

  test('takes the context value over the default', () => {
    expect(reservedConcurrencyOf(config({ stage: 'prod', reservedConcurrency: '42' }))).toBe(42);
  });

  test.each([['0'], ['-5'], ['1.5'], ['ten'], [String(MAX_RESERVED_CONCURRENCY + 1)]])(
    'fails when reservedConcurrency is %s, naming the key and what is allowed',
    (value) => {
      expect(() => config({ reservedConcurrency: value })).toThrow(
        `Invalid context value for "reservedConcurrency": ${JSON.stringify(value)}. Allowed: an integer from 1 to ${MAX_RESERVED_CONCURRENCY}.`,
      );
    },
  );

  test('fails when reservedConcurrency exceeds what a lower account limit leaves', () => {
    expect(() => config({ reservedConcurrency: '100', lambdaAccountConcurrencyLimit: '500' })).toThrow(
      /Invalid context value for "reservedConcurrency": 100\. Allowed: at most \(lambdaAccountConcurrencyLimit − 100\) \/ 7 per function/,
    );
  });
});

describe('table encryption', () => {
  test.each([['dev'], ['prod']])('defaults to a customer-managed key in %s', (stage) => {
    expect(config({ stage }).tableEncryption).toBe('customer-managed');
  });

  test('takes aws-managed from context', () => {
    expect(config({ stage: 'prod', tableEncryption: 'aws-managed' }).tableEncryption).toBe('aws-managed');
  });

  test('fails when tableEncryption is neither, naming the key and what is allowed', () => {
    expect(() => config({ tableEncryption: 'kms' })).toThrow(
      'Invalid context value for "tableEncryption": "kms". Allowed: aws-managed, customer-managed.',
    );
  });
});
