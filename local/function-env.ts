/**
 * What Lambda's runtime and the service stack set for every API function, for running the real handlers outside
 * Lambda (`npm start`, `npm run bench`, the handler tests). Tables, CORS and stage are per caller.
 */
export const LOCAL_FUNCTION_ENV: Readonly<Record<string, string>> = {
  // As the service stack sets them (SERVICE_NAME, METRICS_NAMESPACE in lib/todo-service-stack.ts).
  POWERTOOLS_SERVICE_NAME: 'todo-api',
  POWERTOOLS_METRICS_NAMESPACE: 'TodoObservability',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // Set by the Lambda runtime; Powertools reports cold starts only for 'on-demand'.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  // Lambda runs Node 24; the SDK's warning about older Node versions is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
