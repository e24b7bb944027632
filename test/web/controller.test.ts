import { ApiError, Todo, TodoPatch, VersionedTodo } from '../../web/src/api-client';
import { TodoApiLike, TodoController } from '../../web/src/controller';
import { RUM_EVENTS, RumEventData, RumEventType } from '../../web/src/rum-events';

/** An in-memory Todo API with versions and If-Match, like the real one; `failNext` injects one failure. */
class FakeApi implements TodoApiLike {
  readonly server = new Map<string, Todo & { version: number }>();
  readonly calls: string[] = [];
  failNext: ApiError | undefined;
  failLists = false;
  inFlight = 0;
  maxInFlight = 0;
  private nextId = 1;

  async list(): Promise<Todo[]> {
    return this.call('list', () => {
      if (this.failLists) throw new ApiError('network', 0, 'Network error', 'The server could not be reached.');
      return [...this.server.values()].map(({ version: _version, ...todo }) => todo);
    });
  }

  async create({ title }: { title: string }): Promise<VersionedTodo> {
    return this.call(`create ${title}`, () => {
      const id = `id-${this.nextId}`;
      const stored = { id, title, completed: false, order: this.nextId++, url: `/todos/${id}`, version: 1 };
      this.server.set(id, stored);
      return this.versioned(stored);
    });
  }

  async update(id: string, patch: TodoPatch, etag?: string): Promise<VersionedTodo> {
    return this.call(`update ${id} ${JSON.stringify(patch)} ${etag ?? '-'}`, () => {
      const stored = this.existing(id, etag);
      const updated = { ...stored, ...patch, version: stored.version + 1 };
      this.server.set(id, updated);
      return this.versioned(updated);
    });
  }

  async remove(id: string, etag?: string): Promise<void> {
    return this.call(`remove ${id} ${etag ?? '-'}`, () => {
      this.existing(id, etag);
      this.server.delete(id);
    });
  }

  /** Another tab changes a todo. */
  changeElsewhere(id: string, patch: TodoPatch): void {
    const stored = this.server.get(id)!;
    this.server.set(id, { ...stored, ...patch, version: stored.version + 1 });
  }

  private existing(id: string, etag: string | undefined): Todo & { version: number } {
    const stored = this.server.get(id);
    if (stored === undefined) throw new ApiError('http', 404, 'Todo not found', `No todo with id ${id}.`);
    if (etag !== undefined && etag !== `"${stored.version}"`) {
      throw new ApiError('http', 412, 'Precondition failed', 'The todo has changed.');
    }
    return stored;
  }

  private versioned({ version, ...todo }: Todo & { version: number }): VersionedTodo {
    return { todo, etag: `"${version}"` };
  }

  private async call<T>(what: string, run: () => T): Promise<T> {
    this.calls.push(what);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const failure = this.failNext;
      if (failure !== undefined && !what.startsWith('list')) {
        this.failNext = undefined;
        throw failure;
      }
      return run();
    } finally {
      this.inFlight -= 1;
    }
  }
}

function setup(): { api: FakeApi; controller: TodoController; events: [RumEventType, RumEventData | undefined][] } {
  const api = new FakeApi();
  const events: [RumEventType, RumEventData | undefined][] = [];
  const controller = new TodoController(api, { recordInteraction: (type, data) => events.push([type, data]) });
  return { api, controller, events };
}

const titles = (controller: TodoController): string[] => controller.state.todos.map((t) => t.title);
const completed = (controller: TodoController): boolean[] => controller.state.todos.map((t) => t.completed);

async function withTodos(...names: string[]): Promise<ReturnType<typeof setup>> {
  const context = setup();
  for (const name of names) await context.controller.add(name);
  context.events.length = 0;
  context.api.calls.length = 0;
  return context;
}

test('load shows the server todos in order and ends idle', async () => {
  const { api, controller } = setup();
  await api.create({ title: 'first' });
  await api.create({ title: 'second' });
  const states: boolean[] = [];
  controller.subscribe((state) => states.push(state.busy));
  await controller.load();
  expect(titles(controller)).toEqual(['first', 'second']);
  expect(controller.state).toMatchObject({ loaded: true, busy: false, message: undefined });
  expect(states[0]).toBe(true);
});

test('add stores the trimmed title and records todo_added without data', async () => {
  const { api, controller, events } = setup();
  expect(await controller.add('  buy milk ')).toBe(true);
  expect(titles(controller)).toEqual(['buy milk']);
  expect([...api.server.values()].map((t) => t.title)).toEqual(['buy milk']);
  expect(events).toEqual([[RUM_EVENTS.todoAdded, undefined]]);
});

test('a blank title adds nothing', async () => {
  const { api, controller } = setup();
  expect(await controller.add('   ')).toBe(false);
  expect(api.calls).toEqual([]);
});

test('toggle shows the change at once, then sends it with If-Match of the last write', async () => {
  const { api, controller, events } = await withTodos('a');
  const id = controller.state.todos[0].id;
  const done = controller.toggle(id, true);
  expect(completed(controller)).toEqual([true]); // optimistic
  await done;
  expect(api.calls).toEqual([`update ${id} {"completed":true} "1"`]);
  expect(api.server.get(id)?.completed).toBe(true);
  expect(events).toEqual([[RUM_EVENTS.todoCompleted, { count: 1, bulk: false }]]);
  await controller.toggle(id, false);
  expect(api.calls[1]).toBe(`update ${id} {"completed":false} "2"`);
  expect(events[1]).toEqual([RUM_EVENTS.todoUncompleted, { count: 1, bulk: false }]);
});

test('a todo changed in another tab (412) reloads the list from the server and says so', async () => {
  const { api, controller, events } = await withTodos('a');
  const id = controller.state.todos[0].id;
  api.changeElsewhere(id, { title: 'renamed elsewhere' });
  await controller.toggle(id, true);
  expect(api.calls).toEqual([`update ${id} {"completed":true} "1"`, 'list']);
  expect(titles(controller)).toEqual(['renamed elsewhere']);
  expect(completed(controller)).toEqual([false]); // the server's state, not the optimistic one
  expect(controller.state.message).toEqual({
    kind: 'error',
    text: 'This todo was changed elsewhere. The list was reloaded from the server.',
  });
  expect(events).toEqual([]);
  // After the reload the ETag is unknown: the next write is unconditional and works.
  await controller.toggle(id, true);
  expect(api.calls[2]).toBe(`update ${id} {"completed":true} -`);
  expect(controller.state.message).toBeUndefined();
});

test('a todo deleted elsewhere (404) disappears after the reload', async () => {
  const { api, controller } = await withTodos('a', 'b');
  const id = controller.state.todos[0].id;
  api.server.delete(id);
  await controller.rename(id, 'new title');
  expect(titles(controller)).toEqual(['b']);
  expect(controller.state.message?.text).toBe('This todo no longer exists. The list was reloaded from the server.');
});

test('a rejected change shows the problem title and detail and the server state', async () => {
  const { api, controller } = await withTodos('a');
  const id = controller.state.todos[0].id;
  api.failNext = new ApiError('http', 400, 'Title is too long', 'title must be at most 1000 characters.');
  await controller.rename(id, 'x'.repeat(1001));
  expect(controller.state.message).toEqual({
    kind: 'error',
    text: 'Title is too long: title must be at most 1000 characters.',
  });
  expect(titles(controller)).toEqual(['a']);
});

test('when the server cannot be reached the change is undone and the error shown', async () => {
  const { api, controller } = await withTodos('a');
  const id = controller.state.todos[0].id;
  api.failNext = new ApiError('network', 0, 'Network error', 'The server could not be reached.');
  api.failLists = true;
  await controller.toggle(id, true);
  expect(completed(controller)).toEqual([false]);
  expect(controller.state.message?.text).toBe('Network error: The server could not be reached.');
});

test('an unexpected exception becomes a message, never an unhandled rejection', async () => {
  const { api, controller } = await withTodos('a');
  api.failNext = new TypeError('boom') as unknown as ApiError;
  await expect(controller.toggle(controller.state.todos[0].id, true)).resolves.toBeUndefined();
  expect(controller.state.message?.text).toBe('Something went wrong: boom');
});

test('a lost session clears the list and asks to sign in', async () => {
  const { api, controller } = await withTodos('a');
  api.failNext = new ApiError('signed-out', 401, 'Signed out', 'Your session has ended. Please sign in again.');
  await controller.add('b');
  expect(controller.state).toMatchObject({
    signedOut: true,
    todos: [],
    message: { kind: 'error', text: 'Your session has ended. Please sign in again.' },
  });
});

test('editing to an empty title deletes the todo; an unchanged title sends nothing', async () => {
  const { api, controller, events } = await withTodos('a', 'b');
  const [a, b] = controller.state.todos;
  await controller.rename(b.id, 'b');
  expect(api.calls).toEqual([]);
  await controller.rename(a.id, '  ');
  expect(titles(controller)).toEqual(['b']);
  expect(api.calls).toEqual([`remove ${a.id} "1"`]);
  expect(events).toEqual([[RUM_EVENTS.todoDeleted, { count: 1, bulk: false }]]);
});

test('rename saves the trimmed title and records todo_edited', async () => {
  const { controller, events } = await withTodos('a');
  await controller.rename(controller.state.todos[0].id, ' better title ');
  expect(titles(controller)).toEqual(['better title']);
  expect(events).toEqual([[RUM_EVENTS.todoEdited, undefined]]);
});

test('toggle all completes every open todo, then reopens them all', async () => {
  const { api, controller, events } = await withTodos('a', 'b', 'c');
  await controller.toggle(controller.state.todos[1].id, true);
  api.calls.length = 0;
  await controller.toggleAll();
  expect(completed(controller)).toEqual([true, true, true]);
  expect(api.calls).toHaveLength(2); // only the open ones
  await controller.toggleAll();
  expect(completed(controller)).toEqual([false, false, false]);
  expect([...api.server.values()].every((t) => !t.completed)).toBe(true);
  expect(events.slice(1)).toEqual([
    [RUM_EVENTS.todoCompleted, { count: 2, bulk: true }],
    [RUM_EVENTS.todoUncompleted, { count: 3, bulk: true }],
  ]);
});

test('clear completed deletes exactly the completed todos', async () => {
  const { api, controller, events } = await withTodos('a', 'b', 'c');
  const [a, , c] = controller.state.todos;
  await controller.toggle(a.id, true);
  await controller.toggle(c.id, true);
  events.length = 0;
  await controller.clearCompleted();
  expect(titles(controller)).toEqual(['b']);
  expect([...api.server.values()].map((t) => t.title)).toEqual(['b']);
  expect(events).toEqual([[RUM_EVENTS.todoDeleted, { count: 2, bulk: true }]]);
});

test('changes run one at a time, in the order they were made', async () => {
  const { api, controller } = await withTodos('a');
  const id = controller.state.todos[0].id;
  await Promise.all([controller.toggle(id, true), controller.rename(id, 'renamed'), controller.toggle(id, false)]);
  expect(api.maxInFlight).toBe(1);
  expect(api.calls).toEqual([
    `update ${id} {"completed":true} "1"`,
    `update ${id} {"title":"renamed"} "2"`,
    `update ${id} {"completed":false} "3"`,
  ]);
  expect(controller.state).toMatchObject({ busy: false, message: undefined });
});

test('RUM events carry no personal data: only numbers and booleans, never titles or ids', async () => {
  const { controller, events } = setup();
  await controller.add('secret title');
  const id = controller.state.todos[0].id;
  await controller.toggle(id, true);
  await controller.rename(id, 'another secret');
  await controller.toggleAll();
  await controller.toggleAll();
  await controller.clearCompleted();
  await controller.remove(id);
  expect(events.length).toBeGreaterThanOrEqual(5);
  for (const [type, data] of events) {
    expect(type).toMatch(/^todo\.[a-z_]+$/);
    for (const value of Object.values(data ?? {})) expect(['number', 'boolean']).toContain(typeof value);
  }
  expect(JSON.stringify(events)).not.toMatch(/secret|id-1/);
});
