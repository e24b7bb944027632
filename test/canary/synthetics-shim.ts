/**
 * A thin local stand-in for the Synthetics runtime's `Synthetics` and `SyntheticsLogger` modules, which exist only
 * inside the canary runtime: `executeStep` runs the step and records its name, outcome and duration (the runtime
 * would publish them as the step's SuccessPercent and Duration metrics); the logger keeps lines for assertions.
 */
import type { LoggerLike, SyntheticsLike } from '../../canary/journey';

export interface StepRecord {
  readonly name: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly error?: string;
}

export interface LocalSynthetics extends SyntheticsLike {
  readonly steps: StepRecord[];
}

export function localSynthetics(): LocalSynthetics {
  const steps: StepRecord[] = [];
  return {
    steps,
    async executeStep<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        const result = await fn();
        steps.push({ name, passed: true, durationMs: performance.now() - started });
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        steps.push({ name, passed: false, durationMs: performance.now() - started, error: message });
        throw error;
      }
    },
  };
}

export interface LocalLogger extends LoggerLike {
  readonly lines: string[];
}

export function localLogger(): LocalLogger {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(`INFO ${message}`), warn: (message) => lines.push(`WARN ${message}`) };
}
