/**
 * What lambda/shared/tracing.ts would become on OpenTelemetry once the X-Ray SDK's support ends (docs/cold-start.md):
 * the same exports, spans instead of subsegments. Spans join the trace Lambda started (the X-Ray propagator reads
 * _X_AMZN_TRACE_ID), go over OTLP/HTTP to a collector on localhost (the ADOT Lambda layer's), and are flushed before
 * the invocation returns, since Lambda freezes the environment after it. `npm run bench` builds the API handlers with
 * it in place of the real module to measure its cold start; it is not deployed.
 */
import {
  context,
  defaultTextMapGetter,
  propagation,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export type TraceAnnotation = 'route' | 'operation' | 'outcome' | 'user';

const provider = new TracerProvider({
  resource: resourceFromAttributes({
    'service.name': process.env.POWERTOOLS_SERVICE_NAME ?? 'todo-api',
    'cloud.provider': 'aws',
    'faas.name': process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
  }),
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
propagation.setGlobalPropagator(new AWSXRayPropagator());
const tracer = trace.getTracer('todo-api');
/** X-Ray indexes the attributes named here as annotations (the rest become metadata). */
const ANNOTATIONS: TraceAnnotation[] = ['route', 'operation', 'outcome', 'user'];
let coldStart = true;

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => unknown,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** A client span per AWS SDK call, as the X-Ray SDK's `captureAWSv3Client` makes a subsegment. */
export function captureClient<T>(client: T): T {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, { commandName }) =>
      (args: unknown) =>
        inSpan(`DynamoDB.${commandName ?? 'call'}`, () => next(args), SpanKind.CLIENT, {
          'rpc.system': 'aws-api',
          'rpc.service': 'DynamoDB',
          'rpc.method': commandName?.replace(/Command$/, '') ?? '',
        }),
    { step: 'initialize', name: 'openTelemetrySpan' },
  );
  return client;
}

export function putAnnotation(key: TraceAnnotation, value: string | number | boolean): void {
  trace.getActiveSpan()?.setAttribute(key, value);
}

export function putMetadata(key: string, value: unknown): void {
  trace.getActiveSpan()?.setAttribute(`metadata.${key}`, JSON.stringify(value) ?? '');
}

export function inSubsegment<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return inSpan(name, fn, SpanKind.INTERNAL);
}

export async function traceHandler<T>(fn: () => Promise<T>): Promise<T> {
  const carrier = { 'x-amzn-trace-id': process.env._X_AMZN_TRACE_ID ?? '' };
  const parent = propagation.extract(context.active(), carrier, defaultTextMapGetter);
  try {
    return await context.with(parent, () =>
      inSpan(`## ${process.env._HANDLER ?? 'handler'}`, fn, SpanKind.SERVER, {
        ColdStart: coldStart,
        Service: process.env.POWERTOOLS_SERVICE_NAME ?? '',
        'aws.xray.annotations': [...ANNOTATIONS, 'ColdStart', 'Service'],
      }),
    );
  } finally {
    coldStart = false;
    await provider.forceFlush();
  }
}

export function currentTraceId(): string | undefined {
  return /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];
}

function inSpan<T>(name: string, fn: () => Promise<T>, kind: SpanKind, attributes: Attributes = {}): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span: Span) => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
