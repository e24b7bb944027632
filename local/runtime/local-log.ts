/** Errors of the local stand-ins (gateway, runtime), as one JSON line like the Lambda runtime writes them. */
export function logLocalError(message: string, error: unknown, requestId?: string): void {
  const err = error instanceof Error ? error : undefined;
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message,
      requestId,
      errorType: err?.name,
      errorMessage: err ? err.message : JSON.stringify(error),
      stackTrace: err?.stack?.split('\n'),
    }),
  );
}
