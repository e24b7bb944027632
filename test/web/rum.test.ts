import type { AwsRumConfig } from 'aws-rum-web';
import { apiUrlPattern, MAX_QUEUED_EVENTS, RUM_EVENTS, rumClientConfig, RumModule, startRum } from '../../web/src/rum';
import type { RumConfig } from '../../web/src/runtime-config';

const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';
const CONFIG: RumConfig = {
  applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  applicationVersion: '1.4.2',
  region: 'eu-west-1',
  identityPoolId: 'eu-west-1:7c9e6679-7425-40de-944b-e07fc1f90ae7',
  endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com',
  sessionSampleRate: 0.25,
};

/** A stand-in for aws-rum-web: records the constructor arguments and the events. */
function fakeRumModule(): { module: RumModule; created: unknown[][]; events: [string, object][] } {
  const created: unknown[][] = [];
  const events: [string, object][] = [];
  class AwsRum {
    constructor(...args: unknown[]) {
      created.push(args);
    }
    recordEvent(type: string, data: object): void {
      events.push([type, data]);
    }
  }
  return { module: { AwsRum }, created, events };
}

describe('RUM off', () => {
  test('never loads the client and records nothing', async () => {
    const load = jest.fn();
    for (const config of [null, undefined]) {
      const rum = startRum(config, { apiRoot: API, load });
      rum.recordInteraction(RUM_EVENTS.todoAdded);
      expect(rum.enabled).toBe(false);
      expect(await rum.ready).toBe(false);
    }
    expect(load).not.toHaveBeenCalled();
  });
});

describe('RUM on', () => {
  test('starts AwsRum with the app monitor, version, region and client config', async () => {
    const fake = fakeRumModule();
    const rum = startRum(CONFIG, { apiRoot: API, load: async () => fake.module });
    expect(await rum.ready).toBe(true);
    expect(fake.created).toEqual([[CONFIG.applicationId, '1.4.2', 'eu-west-1', rumClientConfig(CONFIG, API)]]);
  });

  test('queues events until the client has loaded, then sends them in order', async () => {
    const fake = fakeRumModule();
    let resolve!: (module: RumModule) => void;
    const rum = startRum(CONFIG, { apiRoot: API, load: () => new Promise((r) => (resolve = r)) });
    rum.recordInteraction(RUM_EVENTS.signInCompleted);
    rum.recordInteraction(RUM_EVENTS.todoAdded);
    expect(fake.events).toEqual([]);
    resolve(fake.module);
    await rum.ready;
    rum.recordInteraction(RUM_EVENTS.todoDeleted, { count: 2, bulk: true });
    expect(fake.events).toEqual([
      ['todo.sign_in_completed', {}],
      ['todo.todo_added', {}],
      ['todo.todo_deleted', { count: 2, bulk: true }],
    ]);
  });

  test('keeps at most MAX_QUEUED_EVENTS before the client loads', async () => {
    const fake = fakeRumModule();
    let resolve!: (module: RumModule) => void;
    const rum = startRum(CONFIG, { apiRoot: API, load: () => new Promise((r) => (resolve = r)) });
    for (let i = 0; i < MAX_QUEUED_EVENTS + 10; i += 1) rum.recordInteraction(RUM_EVENTS.todoAdded);
    resolve(fake.module);
    await rum.ready;
    expect(fake.events).toHaveLength(MAX_QUEUED_EVENTS);
  });

  test('a client that fails to load leaves the app working without RUM', async () => {
    const onError = jest.fn();
    const rum = startRum(CONFIG, { apiRoot: API, load: () => Promise.reject(new Error('chunk failed')), onError });
    rum.recordInteraction(RUM_EVENTS.todoAdded);
    expect(await rum.ready).toBe(false);
    expect(() => rum.recordInteraction(RUM_EVENTS.todoAdded)).not.toThrow();
    expect(onError).toHaveBeenCalledWith(new Error('chunk failed'));
  });

  test('a client whose constructor throws leaves the app working without RUM', async () => {
    const onError = jest.fn();
    const module: RumModule = {
      AwsRum: class {
        constructor() {
          throw new Error('no cookies');
        }
        recordEvent(): void {}
      },
    };
    const rum = startRum(CONFIG, { apiRoot: API, load: async () => module, onError });
    expect(await rum.ready).toBe(false);
    expect(onError).toHaveBeenCalledWith(new Error('no cookies'));
  });
});

describe('no personal data', () => {
  test('event data keeps only numbers and booleans; unknown event types are dropped', async () => {
    const fake = fakeRumModule();
    const rum = startRum(CONFIG, { apiRoot: API, load: async () => fake.module });
    await rum.ready;
    const sneaky = {
      count: 1,
      title: 'Buy milk',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      email: 'a@b.c',
      nan: NaN,
    };
    rum.recordInteraction(RUM_EVENTS.todoAdded, sneaky as never);
    rum.recordInteraction('com.amazon.rum.page_view_event' as never);
    expect(fake.events).toEqual([['todo.todo_added', { count: 1 }]]);
  });

  test('every event type is a todo.* custom event, never com.amazon.rum.*', () => {
    const types = Object.values(RUM_EVENTS);
    expect(types).toEqual([
      'todo.todo_added',
      'todo.todo_completed',
      'todo.todo_uncompleted',
      'todo.todo_edited',
      'todo.todo_deleted',
      'todo.sign_in_completed',
      'todo.sign_out',
    ]);
    for (const type of types) expect(type).toMatch(/^todo\.[a-z_]+$/);
  });
});

describe('client config', () => {
  const config: AwsRumConfig = rumClientConfig(CONFIG, API);

  test('guest identities through the enhanced flow (no guest role), sampling, endpoint, cookies, X-Ray', () => {
    expect(config).toMatchObject({
      sessionSampleRate: 0.25,
      identityPoolId: CONFIG.identityPoolId,
      endpoint: CONFIG.endpoint,
      allowCookies: true,
      enableXRay: true,
    });
    expect(config).not.toHaveProperty('guestRoleArn');
  });

  test('web vitals, errors and HTTP telemetry with trace headers on the API only', () => {
    const [performance, errors, [http, options]] = config.telemetries as [
      string,
      string,
      [string, Record<string, RegExp[] | boolean>],
    ];
    expect([performance, errors, http]).toEqual(['performance', 'errors', 'http']);
    expect(options).toEqual({
      urlsToInclude: [apiUrlPattern(API)],
      addXRayTraceIdHeader: [apiUrlPattern(API)],
      recordAllRequests: true,
    });
  });

  test('the API pattern matches the API routes and nothing else', () => {
    const pattern = apiUrlPattern(API);
    for (const url of [`${API}/todos`, `${API}/todos?limit=100`, `${API}/todos/0f8fad5b-d9cb-469f-a165-70867728950e`]) {
      expect(pattern.test(url)).toBe(true);
    }
    for (const url of [
      'https://todo-dev.auth.eu-west-1.amazoncognito.com/oauth2/token',
      'https://cognito-identity.eu-west-1.amazonaws.com/',
      'https://dataplane.rum.eu-west-1.amazonaws.com/appmonitors/x',
      `${API}/todosx`,
      `https://evil.example.com/?${API}/todos`,
      'https://abc123Xexecute-api.eu-west-1.amazonaws.com/prod/todos',
    ]) {
      expect(pattern.test(url)).toBe(false);
    }
  });
});
