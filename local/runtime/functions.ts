/**
 * The functions: each handler module loaded on first use, and invoked the way Lambda invokes it.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

const HANDLERS_DIR = path.join(__dirname, '..', '..', 'lambda', 'handlers');

/** Where the module of function `name` is, as an import specifier. */
export type HandlerSource = (name: string) => string;

/** The TypeScript sources in lambda/handlers: what `npm start` and the tests run. */
export const sourceHandlers: HandlerSource = (name) => path.join(HANDLERS_DIR, `${name}.ts`);

/** Built bundles, e.g. the benchmark's: `fileOf(name)` is the bundle of function `name`. */
export const bundledHandlers =
  (fileOf: (name: string) => string): HandlerSource =>
  (name) =>
    pathToFileURL(fileOf(name)).href;

/**
 * `one-at-a-time`: a Lambda environment never runs two invocations at once, and here every function shares one
 * module graph, so the per-request state of lambda/shared (logger keys, buffered metrics) must never interleave.
 * `concurrent`: for tests that race requests, as separate Lambda environments would.
 */
export type Invocations = 'one-at-a-time' | 'concurrent';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionHost {
  private readonly loaded = new Map<string, Promise<Handler>>();
  private readonly running = new Set<Promise<unknown>>();
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: HandlerSource,
    private readonly invocations: Invocations,
  ) {}

  /** Invokes function `name`; with `one-at-a-time`, after every invocation started before it has finished. */
  invoke(name: string, event: unknown, context: Context): Promise<unknown> {
    const call = async (): Promise<unknown> => (await this.load(name))(event, context);
    const run = this.invocations === 'concurrent' ? call() : this.last.catch(() => undefined).then(call);
    this.last = run;
    this.running.add(run);
    const done = (): void => void this.running.delete(run);
    run.then(done, done);
    return run;
  }

  /** Resolves once every invocation started so far has finished (failed ones included). */
  async settled(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  private load(name: string): Promise<Handler> {
    let loaded = this.loaded.get(name);
    if (!loaded) {
      const specifier = this.source(name);
      loaded = import(specifier).then((mod: { handler?: unknown; default?: { handler?: unknown } }) => {
        const handler = mod.handler ?? mod.default?.handler;
        if (typeof handler !== 'function') {
          throw new Error(`${specifier} does not export a function named handler`);
        }
        return handler as Handler;
      });
      loaded.catch(() => this.loaded.delete(name)); // a fixed file is picked up by the next invocation
      this.loaded.set(name, loaded);
    }
    return loaded;
  }
}
