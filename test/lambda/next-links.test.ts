/**
 * Every `next` link the list handler writes is accepted back, whatever the caller id (within its limit) and the
 * todos' order values: the cursor's length limit follows from the caller id's (lambda/shared/cursor.ts).
 */
import { MAX_CALLER_ID_LENGTH } from '../../lambda/shared/caller';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from '../../lambda/shared/cursor';
import { Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VISIBLE_ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
/** Characters JSON escapes: the caller ids whose cursors are longest. */
const ESCAPED = '"\\';

function callerId(length: number, alphabet: string, next: () => number): string {
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

/** Orders whose JSON form is longest (25 characters) or extreme, among those the handlers store. */
const ORDERS = [1, -0.0000012345678901234567, -1.2345678901234567e-130, -Number.MAX_SAFE_INTEGER];

describe('cursor length', () => {
  test('no cursor of a valid caller id and order exceeds the limit, and each decodes back for its caller', () => {
    const next = random(11);
    for (let i = 0; i < 2000; i++) {
      const alphabet = i % 3 === 0 ? ESCAPED : VISIBLE_ASCII;
      const user = callerId(1 + Math.floor(next() * MAX_CALLER_ID_LENGTH), alphabet, next);
      const order = i % 2 === 0 ? ORDERS[i % ORDERS.length] : (next() - 0.5) * 10 ** Math.floor(next() * 250 - 125);
      const key = { pk: `USER#${user}`, sk: 'TODO#5f0c1f6e-8a3b-4c2d-9e1f-0a1b2c3d4e5f', order };
      const cursor = encodeCursor(key);

      expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      expect(decodeCursor(cursor, user)).toEqual(key);
    }
  });
});

describe('GET /todos follows its own next links', () => {
  const next = random(7);
  const cases = [1, 36, 128, MAX_CALLER_ID_LENGTH - 1, MAX_CALLER_ID_LENGTH].flatMap((length) => [
    [`${length} escaped characters`, callerId(length, ESCAPED, next)],
    [`${length} visible ASCII characters`, callerId(length, VISIBLE_ASCII, next)],
  ]);

  test.each(cases)('for a caller id of %s', async (_case, user) => {
    for (const order of ORDERS) {
      const created = await h.request({ method: 'POST', path: '/todos', user, body: { title: `o${order}`, order } });
      expect(created.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let url: string | undefined = `https://example.test/todos?limit=1`;
    while (url !== undefined) {
      const query = Object.fromEntries(new URL(url).searchParams);
      const page = await h.request({ method: 'GET', path: '/todos', user, query });
      expect(page.statusCode).toBe(200);
      seen.push(...page.body.map((todo: { title: string }) => todo.title));
      url = page.headers.link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(page.headers.link)![1];
    }
    expect(seen.sort()).toEqual(ORDERS.map((order) => `o${order}`).sort());
    await h.request({ method: 'DELETE', path: '/todos', user });
  });
});
