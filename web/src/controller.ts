/**
 * The app's behaviour without the DOM: holds the todos, runs one change at a time against the API, shows toggles,
 * edits and deletions at once (optimistically) and, when a change fails, reloads the list from the server so the
 * page never shows what the server does not have (on a 412 the todo was changed elsewhere). Every failure becomes
 * a status message, never a crash. Records the custom RUM events (no personal data in them).
 */
import { ApiError, type Todo, type TodoApi } from './api-client';
import { RUM_EVENTS, type RumEventData, type RumEventType } from './rum-events';
import {
  completedTodos,
  normalizeTitle,
  removeTodo,
  sortTodos,
  todosToToggle,
  toggleAllTarget,
  upsertTodo,
} from './todo-state';

export type TodoApiLike = Pick<TodoApi, 'list' | 'create' | 'update' | 'remove'>;

export interface Telemetry {
  recordInteraction(type: RumEventType, data?: RumEventData): void;
}

export interface StatusMessage {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface AppState {
  readonly todos: readonly Todo[];
  /** The first list has arrived. */
  readonly loaded: boolean;
  /** A request is in flight. */
  readonly busy: boolean;
  readonly message: StatusMessage | undefined;
  /** The API refused our session: the user must sign in again. */
  readonly signedOut: boolean;
}

/** Parallel requests of toggle-all and clear-completed. */
const BULK_CONCURRENCY = 4;

export class TodoController {
  private current: AppState = { todos: [], loaded: false, busy: false, message: undefined, signedOut: false };
  private readonly listeners = new Set<(state: AppState) => void>();
  /** ETags of the versions this tab wrote last, for If-Match. */
  private readonly etags = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly api: TodoApiLike,
    private readonly telemetry: Telemetry,
  ) {}

  get state(): AppState {
    return this.current;
  }

  subscribe(listener: (state: AppState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** (Re)loads every todo from the server. */
  load(): Promise<void> {
    return this.run(() => this.reload(), undefined, { reloadOnFailure: false });
  }

  /** Creates a todo; resolves true when the server stored it (the view then clears its input). */
  add(rawTitle: string): Promise<boolean> {
    const title = normalizeTitle(rawTitle);
    if (title === '') {
      return Promise.resolve(false);
    }
    let created = false;
    return this.run(async () => {
      const { todo, etag } = await this.api.create({ title });
      this.remember(todo, etag);
      created = true;
      this.telemetry.recordInteraction(RUM_EVENTS.todoAdded);
    }).then(() => created);
  }

  toggle(id: string, completed: boolean): Promise<void> {
    const todo = this.find(id);
    if (todo === undefined || todo.completed === completed) {
      return this.queue;
    }
    return this.run(
      async () => {
        await this.patch(todo, { completed });
        this.recordCompletion(completed, 1, false);
      },
      () => this.set({ todos: upsertTodo(this.current.todos, { ...todo, completed }) }),
    );
  }

  /** Marks every todo complete, or all active when all are complete. */
  toggleAll(): Promise<void> {
    const completed = toggleAllTarget(this.current.todos);
    const changing = todosToToggle(this.current.todos, completed);
    return this.run(
      async () => {
        const changed = await this.bulk(changing, (todo) => this.patch(todo, { completed }));
        this.recordCompletion(completed, changed, true);
      },
      () => this.set({ todos: this.current.todos.map((todo) => ({ ...todo, completed })) }),
    );
  }

  /** Saves an edited title; an empty title deletes the todo, an unchanged one sends nothing. */
  rename(id: string, rawTitle: string): Promise<void> {
    const title = normalizeTitle(rawTitle);
    const todo = this.find(id);
    if (todo === undefined || todo.title === title) {
      return this.queue;
    }
    if (title === '') {
      return this.remove(id);
    }
    return this.run(
      async () => {
        await this.patch(todo, { title });
        this.telemetry.recordInteraction(RUM_EVENTS.todoEdited);
      },
      () => this.set({ todos: upsertTodo(this.current.todos, { ...todo, title }) }),
    );
  }

  remove(id: string): Promise<void> {
    const todo = this.find(id);
    if (todo === undefined) {
      return this.queue;
    }
    return this.run(async () => {
      await this.delete(todo);
      this.telemetry.recordInteraction(RUM_EVENTS.todoDeleted, { count: 1, bulk: false });
    });
  }

  clearCompleted(): Promise<void> {
    const completed = completedTodos(this.current.todos);
    return this.run(async () => {
      const deleted = await this.bulk(completed, (todo) => this.delete(todo));
      this.telemetry.recordInteraction(RUM_EVENTS.todoDeleted, { count: deleted, bulk: true });
    });
  }

  dismissMessage(): void {
    this.set({ message: undefined });
  }

  /** Shows a message that does not come from an API call (e.g. a sign-in failure). */
  showMessage(message: StatusMessage): void {
    this.set({ message });
  }

  // ---- internals ----

  /**
   * Shows `optimistic` at once and runs `change` after every earlier one. A failure becomes the status message and,
   * for a change, the list is reloaded from the server (else put back as it was before the change). Never rejects.
   */
  private run(change: () => Promise<void>, optimistic?: () => void, { reloadOnFailure = true } = {}): Promise<void> {
    const before = this.current.todos;
    this.pending += 1;
    this.set({ busy: true });
    optimistic?.();
    const next = this.queue.then(async () => {
      try {
        await change();
        if (this.current.message?.kind === 'error') {
          this.set({ message: undefined }); // the last action worked: the old error is stale
        }
      } catch (error) {
        await this.fail(error, before, reloadOnFailure);
      } finally {
        this.pending -= 1;
        this.set({ busy: this.pending > 0 });
      }
    });
    this.queue = next;
    return next;
  }

  private async fail(error: unknown, before: readonly Todo[], reload: boolean): Promise<void> {
    if (error instanceof ApiError && error.kind === 'signed-out') {
      this.etags.clear();
      this.set({ signedOut: true, todos: [], loaded: false, message: { kind: 'error', text: error.detail } });
      return;
    }
    let text = describeFailure(error);
    if (reload) {
      try {
        await this.reload();
        if (error instanceof ApiError && error.isConflict) {
          text = `${text} The list was reloaded from the server.`;
        }
      } catch (reloadError) {
        if (reloadError instanceof ApiError && reloadError.kind === 'signed-out') {
          return this.fail(reloadError, before, false);
        }
        this.set({ todos: before }); // the server could not be asked: undo what this change showed
      }
    }
    this.set({ message: { kind: 'error', text } });
  }

  private async reload(): Promise<void> {
    const todos = await this.api.list();
    this.etags.clear();
    this.set({ todos: sortTodos(todos), loaded: true, signedOut: false });
  }

  private async patch(todo: Todo, patch: { title?: string; completed?: boolean }): Promise<void> {
    const { todo: updated, etag } = await this.api.update(todo.id, patch, this.etags.get(todo.id));
    this.remember(updated, etag);
  }

  private async delete(todo: Todo): Promise<void> {
    await this.api.remove(todo.id, this.etags.get(todo.id));
    this.etags.delete(todo.id);
    this.set({ todos: removeTodo(this.current.todos, todo.id) });
  }

  /** Applies `action` to `todos`, a few at a time; resolves with how many succeeded, rejects with the first failure. */
  private async bulk(todos: readonly Todo[], action: (todo: Todo) => Promise<void>): Promise<number> {
    let succeeded = 0;
    let firstError: unknown;
    for (let start = 0; start < todos.length; start += BULK_CONCURRENCY) {
      const results = await Promise.allSettled(todos.slice(start, start + BULK_CONCURRENCY).map(action));
      for (const result of results) {
        if (result.status === 'fulfilled') {
          succeeded += 1;
        } else {
          firstError ??= result.reason;
        }
      }
      if (firstError !== undefined) {
        break;
      }
    }
    if (firstError !== undefined) {
      throw firstError;
    }
    return succeeded;
  }

  private remember(todo: Todo, etag: string | undefined): void {
    if (etag === undefined) {
      this.etags.delete(todo.id);
    } else {
      this.etags.set(todo.id, etag);
    }
    this.set({ todos: upsertTodo(this.current.todos, todo) });
  }

  private recordCompletion(completed: boolean, count: number, bulk: boolean): void {
    if (count > 0) {
      this.telemetry.recordInteraction(completed ? RUM_EVENTS.todoCompleted : RUM_EVENTS.todoUncompleted, {
        count,
        bulk,
      });
    }
  }

  private find(id: string): Todo | undefined {
    return this.current.todos.find((todo) => todo.id === id);
  }

  private set(patch: Partial<AppState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) {
      listener(this.current);
    }
  }
}

/** The status text of a failure: the problem's title and detail, in plain words for the common conflicts. */
function describeFailure(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (error.status === 412) {
    return 'This todo was changed elsewhere.';
  }
  if (error.status === 404 && error.kind === 'http') {
    return 'This todo no longer exists.';
  }
  return error.message;
}
