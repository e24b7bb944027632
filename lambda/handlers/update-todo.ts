/**
 * PATCH /todos/{id} (partial) and PUT /todos/{id} (full: title required, completed defaults to false, order kept
 * when omitted). One UpdateItem setting only the given fields; honours If-Match; returns the whole todo + ETag.
 */
import { ApiRequest, ApiResponse, json } from '../shared/http';
import { instrumentedHandler, LambdaHandler } from '../shared/instrumented-handler';
import { countBusinessEvent } from '../shared/metrics';
import { todoHeaders, toTodoJson } from '../shared/todo';
import { updateTodo } from '../shared/todo-repository';
import { parseIfMatch, parsePatch, parseReplace, parseTodoId, readJsonObject } from '../shared/validation';

const patchTodo = instrumentedHandler({ route: 'PATCH /todos/{id}', operation: 'updateTodo' }, (request) =>
  update(request, 'patch'),
);
const replaceTodo = instrumentedHandler({ route: 'PUT /todos/{id}', operation: 'replaceTodo' }, (request) =>
  update(request, 'put'),
);

async function update(request: ApiRequest, mode: 'patch' | 'put'): Promise<ApiResponse> {
  const id = parseTodoId(request.event);
  const precondition = parseIfMatch(request.event);
  const body = readJsonObject(request.event);
  const patch = mode === 'patch' ? parsePatch(body) : parseReplace(body);
  const { before, after } = await updateTodo(request.user, id, patch, precondition, request);
  if (!before.completed && after.completed) {
    countBusinessEvent('TodoCompleted');
  }
  return json(200, toTodoJson(after, request.baseUrl), todoHeaders(after));
}

export const handler: LambdaHandler = (event, context) =>
  event.httpMethod === 'PUT' ? replaceTodo(event, context) : patchTodo(event, context);
