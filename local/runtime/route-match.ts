/** Which resource of the API a request path is, and which function serves a method on it, like API Gateway. */
import { API_FUNCTIONS, FunctionDefinition, RoutePath } from '../../contract/routes';

export interface MatchedPath {
  readonly resource: RoutePath;
  readonly pathParameters: Record<string, string> | null;
}

/** Matches a raw (still percent-encoded) request path against the API's resources. */
export function matchPath(rawPath: string): MatchedPath | undefined {
  if (rawPath === '/todos') {
    return { resource: '/todos', pathParameters: null };
  }
  const item = /^\/todos\/([^/]+)$/.exec(rawPath);
  if (item) {
    return { resource: '/todos/{id}', pathParameters: { id: safeDecode(item[1]) } };
  }
  return undefined;
}

/** The function serving `method` on `resource`, if any. */
export function findFunction(resource: RoutePath, method: string): FunctionDefinition | undefined {
  return API_FUNCTIONS.find((fn) => fn.routes.some((route) => route.path === resource && route.method === method));
}

/** Percent-decodes a path segment like API Gateway; a malformed escape is passed on as sent. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
