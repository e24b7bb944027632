/**
 * Log attributes for an error: Powertools serialises an `Error` under `error` as `{ name, location, message,
 * stack }`, so logs can be filtered on `error.name`. Never sent to the client.
 */
export function errorAttributes(error: unknown): { error: Error } {
  return { error: error instanceof Error ? error : Object.assign(new Error(String(error)), { name: 'NonError' }) };
}
