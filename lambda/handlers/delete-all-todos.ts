/**
 * DELETE /todos: deletes all the caller's todos. 204 when none is left; 202 with `Retry-After: 0` and
 * `{ deleted, complete: false }` when the function's deadline came first (a list of thousands): repeat the request.
 */
import { json, noContent } from '../shared/http';
import { instrumentedHandler } from '../shared/instrumented-handler';
import { logger } from '../shared/logger';
import { countBusinessEvent } from '../shared/metrics';
import { deleteAllTodos } from '../shared/todo-deletion';

/** Time kept for answering (metrics flush, response) when the deletes stop for the deadline. */
export const DEADLINE_RESERVE_MS = 2_000;

export const handler = instrumentedHandler(
  { route: 'DELETE /todos', operation: 'deleteAllTodos' },
  async (request, context) => {
    const { deleted, complete } = await deleteAllTodos(
      request.user,
      request,
      () => context.getRemainingTimeInMillis() < DEADLINE_RESERVE_MS,
    );
    countBusinessEvent('TodoDeleted', deleted);
    if (!complete) {
      logger.warn('todos partly deleted before the deadline; the client repeats the request', { deleted });
      return json(202, { deleted, complete: false }, { 'Retry-After': '0' });
    }
    logger.info('todos deleted', { deleted });
    return noContent();
  },
);
