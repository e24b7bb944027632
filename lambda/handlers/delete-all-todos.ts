/** DELETE /todos: deletes all the caller's todos. */
import { noContent } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { logger } from '../shared/logger';
import { countBusinessEvent } from '../shared/metrics';
import { deleteAllTodos } from '../shared/todo-repository';

export const handler = instrumentedHandler({ route: 'DELETE /todos', operation: 'deleteAllTodos' }, async (request) => {
  const deleted = await deleteAllTodos(request.user, request);
  countBusinessEvent('TodoDeleted', deleted);
  logger.info('todos deleted', { deleted });
  return noContent();
});
