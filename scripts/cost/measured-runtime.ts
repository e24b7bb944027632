/**
 * The local runtime set up for measuring (request-volumes.ts): prod settings, the table stream feeding the real audit
 * processor (its records counted), a capacity meter as the outermost layer of the runtime's DynamoDB proxy, stdout
 * captured, and
 * requests sent as API Gateway would hand them to the functions.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AUDIT_PROCESSOR } from '../../contract/routes';
import { STAGE_DEFAULTS } from '../../lib/config/stage-defaults';
import { CapacityMeter, capacityMeter } from '../../local/dynamodb/consumed-capacity';
import { LocalRuntime, startLocalRuntime } from '../../local/runtime/runtime';
import { captureOutput, OutputCapture } from '../../local/runtime/output-capture';
import { buildEvent, WEB_ORIGIN, WebRequest } from './request-mix';

export const PROD_FUNCTIONS = STAGE_DEFAULTS.prod.functions;

export interface MeasuredRuntime {
  readonly runtime: LocalRuntime;
  readonly output: OutputCapture;
  readonly meter: CapacityMeter;
  /** Starts a request: clears what was captured, counted and metered, and turns metering on or off. */
  reset(metered: boolean): void;
  /** Stream records since the last reset. */
  streamRecords(): number;
  /** Throws when the audit processor failed on a record. */
  check(): void;
  close(): Promise<void>;
}

/** Starts it all; `close()` stops what it started and gives stdout back. */
export async function startMeasuredRuntime(): Promise<MeasuredRuntime> {
  let records = 0;
  const auditFailures: unknown[] = [];
  /** The meter while a metered request runs (it reads the engine, which starts with the runtime). */
  let metering: CapacityMeter | undefined;
  const runtime: LocalRuntime = await startLocalRuntime({
    stage: 'prod',
    corsAllowedOrigins: WEB_ORIGIN,
    environment: { POWERTOOLS_LOG_LEVEL: PROD_FUNCTIONS.logLevel, POWERTOOLS_LOGGER_SAMPLE_RATE: '0' },
    proxyLayers: [(call, next) => (metering ? metering.layer(call, next) : next())],
    // The table stream to the real audit processor, as the runtime's 'audit' stream does, counting the records.
    stream: (record) => {
      records += 1;
      runtime.invoke(AUDIT_PROCESSOR.name, { Records: [record] }).then(
        (response) => {
          const failures = (response as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
          if (failures.length > 0) auditFailures.push(failures);
        },
        (error: unknown) => auditFailures.push(error),
      );
    },
  });
  const meter = capacityMeter({ engine: runtime.table.db.client });
  const output = captureOutput();
  return {
    runtime,
    output,
    meter,
    reset: (metered) => {
      output.take();
      meter.take();
      records = 0;
      metering = metered ? meter : undefined;
    },
    streamRecords: () => records,
    check: () => {
      if (auditFailures.length > 0) throw new Error(`audit processor failed: ${String(auditFailures[0])}`);
    },
    close: async () => {
      output.restore();
      await runtime.close();
    },
  };
}

/** A request's answer and what it was sent with. */
export interface Answer {
  readonly result: APIGatewayProxyResult;
  readonly event: APIGatewayProxyEvent;
  readonly requestId: string;
  readonly traceId: string;
  readonly traceHeader: string;
  readonly startedAt: Date;
  readonly durationMs: number;
}

/** Sends `request` as a browser on the web client's origin would, through API Gateway with an X-Ray header. */
export async function invoke(runtime: LocalRuntime, request: WebRequest): Promise<Answer> {
  const startedAt = new Date();
  const traceId = `1-${Math.floor(startedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const traceHeader = `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
  const built = buildEvent(request, traceHeader);
  const context = runtime.context(built.functionName);
  // Lambda sets it per invocation; the logger's `xray_trace_id` and `traceId` keys come from it.
  process.env._X_AMZN_TRACE_ID = traceHeader;
  const started = performance.now();
  const result = (await runtime.invoke(built.functionName, built.event, context)) as APIGatewayProxyResult;
  const durationMs = performance.now() - started;
  return { result, event: built.event, requestId: context.awsRequestId, traceId, traceHeader, startedAt, durationMs };
}
