/**
 * The API's CORS contract: the request headers browsers may send, the response headers they may read, and how long
 * a preflight is cached. The handlers answer with them and API Gateway's preflight and error responses advertise them.
 */
export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amzn-Trace-Id',
] as const;

export const CORS_EXPOSE_HEADERS = ['ETag', 'Link', 'Location', 'X-Request-Id'] as const;

export const CORS_MAX_AGE_SECONDS = 600;
