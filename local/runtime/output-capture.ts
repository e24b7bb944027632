/**
 * This process's stdout and stderr, line by line, while the handlers run in it: what they write there is what Lambda
 * sends to their log groups (Powertools writes INFO and EMF to stdout, WARN and ERROR to stderr). Used by the handler
 * test harness and the cost measurement.
 */
export interface OutputCapture {
  /** The complete lines written since the last `take()` (the next `take()` starts after them). */
  take(): string[];
  /** Every complete line written since the capture began (`take()` does not clear these). */
  all(): string[];
  /** How many complete lines were written since the capture began. */
  count(): number;
  /** The complete lines written after the first `n` (`since(count())` later: what came in between). */
  since(n: number): string[];
  /** Gives the streams back. */
  restore(): void;
}

export function captureOutput(options: { echoToStderr?: boolean } = {}): OutputCapture {
  const lines: string[] = [];
  /** How many of `lines` the `take()`s have returned: the next one starts there. */
  let taken = 0;
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    let partial = '';
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.length > 0));
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
    take: () => {
      const since = lines.slice(taken);
      taken = lines.length;
      return since;
    },
    all: () => [...lines],
    count: () => lines.length,
    since: (n) => lines.slice(n),
    restore: () => restores.forEach((restore) => restore()),
  };
}
