/**
 * `order` accepts any finite JSON number DynamoDB can hold (validation.ts): integers beyond 2^53 and large exponents
 * are stored and read back as the same number, never a 500.
 */
import { Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test.each([2 ** 53 + 2, -(2 ** 60), 1e20, 9.5e124, 1.5e-129])(
  'order %d round-trips through create, patch and list',
  async (order) => {
    const created = await h.request({
      method: 'POST',
      path: '/todos',
      user: 'big-numbers',
      body: { title: 'n', order },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body.order).toBe(order);
    const patched = await h.request({
      method: 'PATCH',
      path: `/todos/${created.body.id}`,
      user: 'big-numbers',
      body: { order: -order },
    });
    expect([patched.statusCode, patched.body.order]).toEqual([200, -order]);
    const listed = await h.request({ method: 'GET', path: '/todos', user: 'big-numbers' });
    expect(listed.statusCode).toBe(200);
    expect(listed.body.map((t: { order: number }) => t.order)).toContain(-order);
  },
);
