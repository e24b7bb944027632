/** The Lambda `Context` the runtime passes a function for one invocation. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { APP_NAME, physicalName } from '../../contract/physical-names';
import { LOCAL_ACCOUNT_ID, LOCAL_AWS_ENV } from '../dynamodb/local-dynamodb';

/** What the context reports (the TodoFunction defaults); nothing is limited locally. */
export const LOCAL_FUNCTION_MEMORY_MB = 1024;
const LOCAL_TIMEOUT_MS = 10_000;

/** The physical name of function `name` in `stage`, as the service stack names it. */
export const functionNameOf = (stage: string, name: string): string => physicalName({ appName: APP_NAME, stage }, name);

export interface ContextOptions {
  readonly stage: string;
  /** @default 10 s, the TodoFunction default */
  readonly timeoutMs?: number;
}

export function buildLambdaContext(name: string, { stage, timeoutMs = LOCAL_TIMEOUT_MS }: ContextOptions): Context {
  const functionName = functionNameOf(stage, name);
  const deadline = Date.now() + timeoutMs;
  const unsupported = (): never => {
    throw new Error('done/fail/succeed are not supported locally; return a promise');
  };
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_AWS_ENV.AWS_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(LOCAL_FUNCTION_MEMORY_MB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
