/** GET /todos: the caller's todos in `order`, paginated with `?limit=` and an RFC 8288 `Link: rel="next"`. */
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { json } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { countBusinessEvent } from '../shared/metrics';
import { toTodoJson } from '../shared/todo';
import { listTodos } from '../shared/todo-repository';
import { parseLimit, queryParam } from '../shared/validation';

export const handler = instrumentedHandler({ route: 'GET /todos', operation: 'listTodos' }, async (request) => {
  const limit = parseLimit(request.event);
  const cursor = queryParam(request.event, 'cursor');
  const startKey = cursor === undefined ? undefined : decodeCursor(cursor, request.user);
  const page = await listTodos(request.user, limit, startKey);
  countBusinessEvent('TodoListSize', page.todos.length);
  const headers: Record<string, string> = {};
  if (page.nextKey !== undefined) {
    const next = `${request.baseUrl}/todos?limit=${limit}&cursor=${encodeCursor(page.nextKey)}`;
    headers.Link = `<${next}>; rel="next"`;
  }
  return json(
    200,
    page.todos.map((todo) => toTodoJson(todo, request.baseUrl)),
    headers,
  );
});
