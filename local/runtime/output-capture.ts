/**
 * This process's stdout and stderr, line by line, while the handlers run in it: what they write there is what Lambda
 * sends to their log groups (Powertools writes INFO and EMF to stdout, WARN and ERROR to stderr). Used by the handler
 * test harness and the cost measurement.
 */
export interface OutputCapture {
  /** The complete lines written since the last `take()`; clears them. */
  take(): string[];
  /** Every complete line written since the capture began (`take()` does not clear these). */
  all(): string[];
  /** Gives the streams back. */
  restore(): void;
}

export function captureOutput(options: { echoToStderr?: boolean } = {}): OutputCapture {
  const lines: string[] = [];
  const all: string[] = [];
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    let partial = '';
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      const complete = parts.filter((line) => line.length > 0);
      lines.push(...complete);
      all.push(...complete);
      if (options.echoToStderr) original.call(process.stderr, chunk);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  return {
    take: () => lines.splice(0, lines.length),
    all: () => [...all],
    restore: () => restores.forEach((restore) => restore()),
  };
}
