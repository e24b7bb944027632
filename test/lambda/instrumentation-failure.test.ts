import * as metrics from '../../lambda/shared/metrics';
import { ALLOWED_ORIGIN, Harness, startHarness } from './support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

test('an error in the instrumentation itself is a 500 problem with CORS headers, not a bare Lambda error', async () => {
  const spy = jest.spyOn(metrics, 'recordRequestLatency').mockImplementation(() => {
    throw new RangeError('metric limit exceeded');
  });
  try {
    const result = await harness.request({ method: 'GET', path: '/todos', headers: { Origin: ALLOWED_ORIGIN } });
    expect(result.statusCode).toBe(500);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(result.body).toMatchObject({ status: 500, requestId: result.event.requestContext.requestId });
    expect(harness.output().some((line) => line.includes('"message":"instrumentation error"'))).toBe(true);
  } finally {
    spy.mockRestore();
  }
});
