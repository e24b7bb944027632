/** GET /todos/{id}: one todo of the caller, with its ETag. */
import { json } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { HttpProblem } from '../shared/problems';
import { todoHeaders, toTodoJson } from '../shared/todo';
import { getTodo } from '../shared/todo-repository';
import { parseTodoId } from '../shared/validation';

export const handler = instrumentedHandler({ route: 'GET /todos/{id}', operation: 'getTodo' }, async (request) => {
  const id = parseTodoId(request.event);
  const todo = await getTodo(request.user, id);
  if (todo === undefined) {
    throw HttpProblem.of('not_found', `No todo with id ${id}.`);
  }
  return json(200, toTodoJson(todo, request.baseUrl), todoHeaders(todo));
});
