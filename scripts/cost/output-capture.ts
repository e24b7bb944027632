/**
 * This process's stdout and stderr, line by line, while the handlers run in it: what they write there is what Lambda
 * sends to their log groups (Powertools writes INFO and EMF to stdout, WARN and ERROR to stderr).
 */
export interface OutputCapture {
  /** The complete lines written since the last `take()`; clears them. */
  take(): string[];
  /** Gives the streams back. */
  restore(): void;
}

export function captureOutput(): OutputCapture {
  const lines: string[] = [];
  const restores = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    let partial = '';
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line.length > 0));
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
    restore: () => restores.forEach((restore) => restore()),
  };
}
