/** Pure todo list logic: ordering, filters, counts, toggle-all and clear-completed selections. No DOM, no I/O. */
import type { Todo } from './api-client';

export type Filter = 'all' | 'active' | 'completed';

export const FILTERS: readonly Filter[] = ['all', 'active', 'completed'];

/** The hash route of each filter (TodoMVC's `#/`, `#/active`, `#/completed`). */
export const FILTER_ROUTES: Readonly<Record<Filter, string>> = {
  all: '#/',
  active: '#/active',
  completed: '#/completed',
};

/** The filter of a hash route; anything unknown shows all. */
export function filterFromHash(hash: string): Filter {
  switch (hash.replace(/\/+$/, '')) {
    case '#/active':
      return 'active';
    case '#/completed':
      return 'completed';
    default:
      return 'all';
  }
}

/** The server's order: `order`, then id for a stable tie-break. */
export function sortTodos(todos: readonly Todo[]): Todo[] {
  return [...todos].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function visibleTodos(todos: readonly Todo[], filter: Filter): Todo[] {
  return todos.filter((todo) => filter === 'all' || (filter === 'completed') === todo.completed);
}

export interface Counts {
  readonly total: number;
  readonly active: number;
  readonly completed: number;
}

export function countTodos(todos: readonly Todo[]): Counts {
  const completed = todos.filter((todo) => todo.completed).length;
  return { total: todos.length, active: todos.length - completed, completed };
}

/** "1 item left", "3 items left". */
export function itemsLeftLabel(active: number): string {
  return `${active} ${active === 1 ? 'item' : 'items'} left`;
}

/** Toggle all marks every todo complete, unless all already are: then it marks them all active. */
export function toggleAllTarget(todos: readonly Todo[]): boolean {
  return !todos.every((todo) => todo.completed);
}

/** The todos toggle-all has to change to reach `completed`. */
export function todosToToggle(todos: readonly Todo[], completed: boolean): Todo[] {
  return todos.filter((todo) => todo.completed !== completed);
}

/** What clear-completed deletes. */
export function completedTodos(todos: readonly Todo[]): Todo[] {
  return todos.filter((todo) => todo.completed);
}

/** `todos` with `todo` replacing the one with its id (or appended), in server order. */
export function upsertTodo(todos: readonly Todo[], todo: Todo): Todo[] {
  return sortTodos([...todos.filter((existing) => existing.id !== todo.id), todo]);
}

export function removeTodo(todos: readonly Todo[], id: string): Todo[] {
  return todos.filter((todo) => todo.id !== id);
}

/** A title as the API stores it (trimmed); empty means "delete" when editing. */
export function normalizeTitle(title: string): string {
  return title.trim();
}
