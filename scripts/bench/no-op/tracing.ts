/** No-op stand-in for lambda/shared/tracing.ts in the benchmark's no-op build (same exports, no work). */
export type TraceAnnotation = 'route' | 'operation' | 'outcome' | 'user';

export const captureClient = <T>(client: T): T => client;
export function putAnnotation(_key: TraceAnnotation, _value: string | number | boolean): void {}
export function putMetadata(_key: string, _value: unknown): void {}
export const inSubsegment = <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn();
export const traceHandler = <T>(fn: () => Promise<T>): Promise<T> => fn();
export const currentTraceId = (): string | undefined => undefined;
