/**
 * The environment a function has in Lambda, for running the real handlers outside it: what the Lambda runtime and
 * the service stack set, plus where the local tables are. Stage, CORS origins and tables are per caller.
 */
import { HANDLER_ENV } from '../../contract/routes';
import { API_SERVICE_NAME, METRICS_NAMESPACE } from '../../contract/telemetry';
import { LOCAL_AWS_ENV } from '../dynamodb/local-dynamodb';

/** What every API function gets whatever the caller: the service stack's settings and the runtime's. */
const COMMON_ENV: Readonly<Record<string, string>> = {
  POWERTOOLS_SERVICE_NAME: API_SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // Set by the Lambda runtime; Powertools reports cold starts only for 'on-demand'.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  // Lambda runs Node 24; the SDK's warning about older Node versions is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface FunctionSettings {
  readonly stage: string;
  readonly corsAllowedOrigins: string;
  readonly todoTableName: string;
  readonly idempotencyTableName: string;
  /** The function's identity as Lambda sets it for one function. @default - none: several functions share a process */
  readonly function?: { readonly name: string; readonly memoryMb: number };
}

export function functionEnvironment(settings: FunctionSettings): Record<string, string> {
  return {
    ...COMMON_ENV,
    // Always the local engine with throwaway credentials: nothing here ever reaches a real AWS account.
    ...LOCAL_AWS_ENV,
    AWS_DEFAULT_REGION: LOCAL_AWS_ENV.AWS_REGION,
    [HANDLER_ENV.stage]: settings.stage,
    [HANDLER_ENV.corsAllowedOrigins]: settings.corsAllowedOrigins,
    [HANDLER_ENV.todoTableName]: settings.todoTableName,
    [HANDLER_ENV.idempotencyTableName]: settings.idempotencyTableName,
    ...(settings.function === undefined
      ? {}
      : {
          AWS_LAMBDA_FUNCTION_NAME: settings.function.name,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.function.memoryMb),
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        }),
  };
}

/** Where the SDK sends the handlers' DynamoDB calls (its service-specific endpoint setting). */
export const dynamoDbEndpointEnvironment = (endpoint: string): Record<string, string> => ({
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
});

/** What connects the handlers to the local tables: never taken from the developer's shell. */
const WIRING = new Set<string>([
  ...Object.keys(LOCAL_AWS_ENV),
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL_DYNAMODB',
  HANDLER_ENV.todoTableName,
  HANDLER_ENV.idempotencyTableName,
]);

export interface ApplyOptions {
  /** Values already in the environment win over `env`, except the wiring (`CORS_ALLOWED_ORIGINS=… npm start`). */
  readonly keepDeveloperSettings: boolean;
}

/** Sets `env` on this process, where the handlers read it, before any handler module is loaded. */
export function applyFunctionEnvironment(env: Readonly<Record<string, string>>, options: ApplyOptions): void {
  for (const [name, value] of Object.entries(env)) {
    if (options.keepDeveloperSettings && !WIRING.has(name) && process.env[name] !== undefined) continue;
    process.env[name] = value;
  }
  // A real session or profile must not override the throwaway credentials.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
