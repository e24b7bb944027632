/**
 * The API's functions and the routes each one serves: the single source of truth read by the CDK service stack
 * (one Lambda function per entry, IAM actions from `tableActions`), the handlers (their `RouteName`), the local
 * server (`npm start`), the alert replay and the tests.
 *
 * One function per route (PATCH and PUT of one todo share `update-todo`): each gets exactly the DynamoDB actions
 * it needs, its own Lambda metrics and alarms, and a small bundle that loads fast.
 */
import { AUDIT_SERVICE_NAME, DynamoDbOperation } from './telemetry';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RoutePath = '/todos' | '/todos/{id}';

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: RoutePath;
}

export interface FunctionDefinition {
  /** Kebab-case name: the handler file `lambda/handlers/<name>.ts` and part of physical names. */
  readonly name: string;
  /** PascalCase construct id prefix, e.g. `ListTodos` gives `ListTodosFunction`. */
  readonly id: string;
  readonly routes: readonly RouteDefinition[];
  /** DynamoDB actions on the todo table (and its indexes); nothing else is granted. */
  readonly tableActions: readonly `dynamodb:${DynamoDbOperation}`[];
  /** Whether the function reads and writes Powertools idempotency records. */
  readonly idempotency: boolean;
}

// `as const` keeps each route's literal method and path, so `RouteName` below is derived from this list.
const FUNCTIONS = [
  {
    name: 'list-todos',
    id: 'ListTodos',
    routes: [{ method: 'GET', path: '/todos' }],
    tableActions: ['dynamodb:Query'],
    idempotency: false,
  },
  {
    name: 'create-todo',
    id: 'CreateTodo',
    routes: [{ method: 'POST', path: '/todos' }],
    tableActions: ['dynamodb:Query', 'dynamodb:PutItem'],
    idempotency: true,
  },
  {
    name: 'delete-all-todos',
    id: 'DeleteAllTodos',
    routes: [{ method: 'DELETE', path: '/todos' }],
    // UpdateItem stamps each todo with the deleter before its DeleteItem, so the audit trail knows who deleted it.
    tableActions: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    idempotency: false,
  },
  {
    name: 'get-todo',
    id: 'GetTodo',
    routes: [{ method: 'GET', path: '/todos/{id}' }],
    tableActions: ['dynamodb:GetItem'],
    idempotency: false,
  },
  {
    name: 'update-todo',
    id: 'UpdateTodo',
    routes: [
      { method: 'PATCH', path: '/todos/{id}' },
      { method: 'PUT', path: '/todos/{id}' },
    ],
    tableActions: ['dynamodb:UpdateItem'],
    idempotency: false,
  },
  {
    name: 'delete-todo',
    id: 'DeleteTodo',
    routes: [{ method: 'DELETE', path: '/todos/{id}' }],
    tableActions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    idempotency: false,
  },
] as const satisfies readonly FunctionDefinition[];

export const API_FUNCTIONS: readonly FunctionDefinition[] = FUNCTIONS;

/** The name of every API function (`list-todos`, …), derived from the list. */
export type ApiFunctionName = (typeof FUNCTIONS)[number]['name'];

type RouteNameOf<R> = R extends { readonly method: infer M extends string; readonly path: infer P extends string }
  ? `${M} ${P}`
  : never;

/**
 * `METHOD /resource` of every route in {@link API_FUNCTIONS}, e.g. `GET /todos/{id}`: the `route` log key, trace
 * annotation and metric dimension. A closed set (low cardinality by construction), derived from the list.
 */
export type RouteName = RouteNameOf<(typeof FUNCTIONS)[number]['routes'][number]>;

/** `METHOD /path`: a route's name (any method and path, so the construct layer's looser route types fit). */
export const routeName = (route: { readonly method: string; readonly path: string }): string =>
  `${route.method} ${route.path}`;

/** Every {@link RouteName}, in the order of {@link API_FUNCTIONS}. */
export const ROUTE_NAMES = API_FUNCTIONS.flatMap((fn) => fn.routes.map(routeName)) as readonly RouteName[];

/** The methods each path allows, for 405 responses (`Allow` header) and CORS preflight. */
export const allowedMethods = (path: RoutePath): HttpMethod[] =>
  API_FUNCTIONS.flatMap((fn) => fn.routes.filter((r) => r.path === path).map((r) => r.method));

/** Environment variables the handlers read; the service stack and the local server both set them. */
export const HANDLER_ENV = {
  todoTableName: 'TODO_TABLE_NAME',
  idempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
  corsAllowedOrigins: 'CORS_ALLOWED_ORIGINS',
  stage: 'STAGE',
} as const;

/** A function fed by the todo table's stream rather than by the API. */
export interface StreamFunctionDefinition {
  /** Kebab-case name: the handler file `lambda/handlers/<name>.ts` and part of physical names. */
  readonly name: string;
  /** PascalCase construct id prefix. */
  readonly id: string;
  /** Powertools service name (`service` in its logs and metrics). */
  readonly serviceName: string;
}

/**
 * The audit trail's stream processor: one audit entry per change of a todo, from the table stream. Not an API
 * function (no routes, no table actions: it reads the stream only), so it is not in {@link API_FUNCTIONS}.
 */
export const AUDIT_PROCESSOR: StreamFunctionDefinition = {
  name: 'audit-stream-processor',
  id: 'AuditStreamProcessor',
  serviceName: AUDIT_SERVICE_NAME,
};
