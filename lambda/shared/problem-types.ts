/** Base of every RFC 9457 problem `type` URI this API returns (handlers, local server and API Gateway alike). */
export const PROBLEM_TYPE_BASE = 'https://todo-observability.dev/problems/';
