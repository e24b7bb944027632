/** The todo as stored and as returned. Internal attributes never leave `toTodoJson`. */

/** A stored todo without its key attributes: the public fields plus `version` (the ETag). */
export interface TodoRecord {
  readonly id: string;
  readonly title: string;
  readonly completed: boolean;
  readonly order: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The JSON representation clients see. */
export interface TodoJson {
  readonly id: string;
  readonly title: string;
  readonly completed: boolean;
  readonly order: number;
  readonly url: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const todoUrl = (baseUrl: string, id: string): string => `${baseUrl}/todos/${id}`;

export function toTodoJson(todo: TodoRecord, baseUrl: string): TodoJson {
  return {
    id: todo.id,
    title: todo.title,
    completed: todo.completed,
    order: todo.order,
    url: todoUrl(baseUrl, todo.id),
    createdAt: todo.createdAt,
    updatedAt: todo.updatedAt,
  };
}

/** Strong ETag of a todo version: `"<version>"`. */
export const etagOf = (todo: TodoRecord): string => `"${todo.version}"`;

/** The headers of a single-todo response. */
export const todoHeaders = (todo: TodoRecord): Record<string, string> => ({ ETag: etagOf(todo) });
