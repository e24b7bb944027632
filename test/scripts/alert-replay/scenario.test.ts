/**
 * The scenario format: a malformed file gets an error naming the file, the field and what is allowed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario, parseScenario, trafficProfile, TRAFFIC } from '../../../scripts/alert-replay/scenario';

const valid = {
  title: 't',
  description: 'd',
  durationMinutes: 120,
  faults: [{ kind: 'errors', from: 10, to: 20, ratio: 0.5 }],
};
const parse = (overrides: Record<string, unknown>) => () => parseScenario({ ...valid, ...overrides }, 'my.json');

test('a valid file parses with its defaults', () => {
  const scenario = parseScenario(valid, 'dir/my-incident.json');
  expect(scenario).toMatchObject({
    name: 'my-incident',
    startHourUtc: 14,
    seed: 1,
    historyDays: 14,
    expect: { notify: [], silent: [] },
  });
  expect(trafficProfile(scenario).requestsPerSecond).toBe(TRAFFIC.requestsPerSecond.default);
});

test.each([
  [{ colour: 'red' }, 'my.json: colour is not a scenario field (allowed: title, description'],
  [{ title: undefined }, 'my.json: title is required'],
  [{ durationMinutes: 5 }, 'my.json: durationMinutes must be between 10 and 44640, got 5'],
  [{ durationMinutes: '120' }, 'my.json: durationMinutes must be a number, got "120"'],
  [{ traffic: { rps: 3 } }, 'my.json: traffic.rps is not a traffic field (allowed: requestsPerSecond'],
  [{ traffic: { requestsPerSecond: -1 } }, 'my.json: traffic.requestsPerSecond must be between 0 and 500, got -1'],
  [{ faults: [{ kind: 'meteor', from: 1, to: 2 }] }, 'my.json: faults[0].kind must be one of errors, latency'],
  [{ faults: [{ kind: 'errors', from: 20, to: 10 }] }, 'my.json: faults[0].to must be after from (20)'],
  [{ faults: [{ kind: 'errors', from: 10, to: 500 }] }, 'my.json: faults[0].to must be between 0 and 120, got 500'],
  [
    { faults: [{ kind: 'errors', from: 1, to: 2, multiplier: 3 }] },
    'my.json: faults[0].multiplier is not a field of a errors fault (allowed: routes, ratio, cause)',
  ],
  [
    { faults: [{ kind: 'errors', from: 1, to: 2, ratio: 2 }] },
    'my.json: faults[0].ratio must be between 0 and 1, got 2',
  ],
  [
    { faults: [{ kind: 'latency', from: 1, to: 2, routes: 'GET /todos' }] },
    'my.json: faults[0].routes must be a list of strings',
  ],
  [{ expect: { notify: [{ alarm: 'x', after: 0 }] } }, 'my.json: expect.notify[0].within must be a number'],
  [
    { expect: { notify: [{ alarm: 'x', after: 0, within: 5, state: 'BAD' }] } },
    'my.json: expect.notify[0].state must be ALARM or OK, got "BAD"',
  ],
  [
    { expect: { page: [] } },
    'my.json: expect.page is not allowed (allowed: notify, states, silent, maxNotifications, explained)',
  ],
  [{ routeMix: { 'GET /todos': 2 } }, 'my.json: routeMix["GET /todos"] must be between 0 and 1, got 2'],
])('%j fails: %s', (overrides, message) => {
  expect(parse(overrides)).toThrow(message);
});

test('a file that is not JSON names the file', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-')), 'broken.json');
  fs.writeFileSync(file, '{ "title": ');
  expect(() => loadScenario(file)).toThrow(`${file}: not a readable JSON file`);
});
