/** DELETE /todos/{id}: deletes one todo of the caller (honours If-Match). */
import { noContent } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { countBusinessEvent } from '../shared/metrics';
import { deleteTodo } from '../shared/todo-deletion';
import { parseIfMatch, parseTodoId } from '../shared/validation';

export const handler = instrumentedHandler(
  { route: 'DELETE /todos/{id}', operation: 'deleteTodo' },
  async (request) => {
    const id = parseTodoId(request.event);
    const precondition = parseIfMatch(request.event);
    await deleteTodo(request.user, id, precondition, request);
    countBusinessEvent('TodoDeleted');
    return noContent();
  },
);
