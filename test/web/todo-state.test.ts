import type { Todo } from '../../web/src/api-client';
import {
  completedTodos,
  countTodos,
  filterFromHash,
  FILTER_ROUTES,
  itemsLeftLabel,
  normalizeTitle,
  removeTodo,
  sortTodos,
  todosToToggle,
  toggleAllTarget,
  upsertTodo,
  visibleTodos,
} from '../../web/src/todo-state';

const todo = (id: string, order: number, completed = false): Todo => ({
  id,
  title: `title ${id}`,
  completed,
  order,
  url: `/todos/${id}`,
});
const ids = (todos: readonly Todo[]): string[] => todos.map((t) => t.id);

const LIST = [todo('a', 1), todo('b', 2, true), todo('c', 3), todo('d', 4, true)];

describe('filters', () => {
  test('hash routes map to filters and back; unknown routes show all', () => {
    expect(filterFromHash('#/active')).toBe('active');
    expect(filterFromHash('#/completed')).toBe('completed');
    expect(filterFromHash('#/completed/')).toBe('completed');
    expect(filterFromHash('#/')).toBe('all');
    expect(filterFromHash('')).toBe('all');
    expect(filterFromHash('#/nonsense')).toBe('all');
    for (const [filter, route] of Object.entries(FILTER_ROUTES)) expect(filterFromHash(route)).toBe(filter);
  });

  test('all shows every todo, active the open ones, completed the done ones, keeping the order', () => {
    expect(ids(visibleTodos(LIST, 'all'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(visibleTodos(LIST, 'active'))).toEqual(['a', 'c']);
    expect(ids(visibleTodos(LIST, 'completed'))).toEqual(['b', 'd']);
  });
});

describe('counts', () => {
  test('total, active and completed', () => {
    expect(countTodos(LIST)).toEqual({ total: 4, active: 2, completed: 2 });
    expect(countTodos([])).toEqual({ total: 0, active: 0, completed: 0 });
  });

  test('the items-left label is singular for one', () => {
    expect(itemsLeftLabel(0)).toBe('0 items left');
    expect(itemsLeftLabel(1)).toBe('1 item left');
    expect(itemsLeftLabel(2)).toBe('2 items left');
  });
});

describe('toggle all', () => {
  test('completes every todo unless all are complete, then reopens them all', () => {
    expect(toggleAllTarget(LIST)).toBe(true);
    expect(toggleAllTarget(LIST.map((t) => ({ ...t, completed: true })))).toBe(false);
    expect(toggleAllTarget([])).toBe(false);
  });

  test('changes only the todos not yet in the target state', () => {
    expect(ids(todosToToggle(LIST, true))).toEqual(['a', 'c']);
    expect(ids(todosToToggle(LIST, false))).toEqual(['b', 'd']);
  });
});

describe('clear completed and list updates', () => {
  test('clear completed selects the completed todos only', () => {
    expect(ids(completedTodos(LIST))).toEqual(['b', 'd']);
  });

  test('sort by order, then id', () => {
    expect(ids(sortTodos([todo('z', 2), todo('y', 1), todo('x', 2)]))).toEqual(['y', 'x', 'z']);
  });

  test('upsert replaces by id and keeps the server order; remove drops by id', () => {
    const updated = upsertTodo(LIST, { ...todo('b', 2), title: 'renamed' });
    expect(updated.map((t) => t.title)).toEqual(['title a', 'renamed', 'title c', 'title d']);
    expect(ids(upsertTodo(LIST, todo('e', 0)))).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(ids(removeTodo(LIST, 'c'))).toEqual(['a', 'b', 'd']);
    expect(ids(LIST)).toEqual(['a', 'b', 'c', 'd']); // never mutated
  });

  test('titles are trimmed like the API does', () => {
    expect(normalizeTitle('  buy milk \n')).toBe('buy milk');
    expect(normalizeTitle('   ')).toBe('');
  });
});
