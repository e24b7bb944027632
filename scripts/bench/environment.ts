/**
 * Runs a bundle the way Lambda runs it, in a fresh `node` per execution environment (bench/invoke-runner.mjs): the
 * environment Lambda gives the function (active tracing included, with this process standing in for the X-Ray
 * daemon and for an OpenTelemetry collector), the local tables as DynamoDB, nothing inherited from this shell.
 */
import { spawn } from 'node:child_process';
import { createSocket, Socket } from 'node:dgram';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { dynamoDbEndpointEnvironment, functionEnvironment } from '../../local/runtime/environment';
import { functionNameOf, LOCAL_FUNCTION_MEMORY_MB } from '../../local/runtime/lambda-context';
import type { NodeBinary } from './node-versions';

const RUNNER = path.join(__dirname, 'invoke-runner.mjs');
export const BENCH_STAGE = 'bench';
export const BENCH_TABLES = { todo: 'todo-bench-todos', idempotency: 'todo-bench-idempotency' } as const;

export interface Invocation {
  readonly node: NodeBinary;
  /** The function's name in contract/routes.ts (`get-todo`, …). */
  readonly name: string;
  readonly bundle: string;
  /** Invoked in order after the load; none measures the module load alone. */
  readonly events: readonly unknown[];
  /** `NODE_OPTIONS=--enable-source-maps`, as the functions were deployed before the cold-start work. */
  readonly sourceMaps?: boolean;
  /** Also time the formatting of the first error's stack (bench/invoke-runner.mjs). */
  readonly probeErrorStack?: boolean;
}

export interface InvocationResult {
  readonly loadMs: number;
  readonly invokeMs: number[];
  /** Status code per invocation (`ok` / `partial` for stream batches). */
  readonly outcomes: string[];
  readonly errorStackMs?: number;
}

export class LambdaEnvironments {
  private runs = 0;
  /** Segment documents the functions sent to the stand-in X-Ray daemon: proof that tracing was on. */
  public segments = 0;
  /** OTLP trace exports received by the stand-in collector (OpenTelemetry builds only). */
  public otlpExports = 0;

  private constructor(
    private readonly tmp: string,
    private readonly dynamoDbEndpoint: string,
    private readonly daemon: Socket,
    private readonly collector: Server,
  ) {
    daemon.on('message', () => void this.segments++);
    collector.on('request', (request, response) => {
      request.resume().on('end', () => {
        this.otlpExports++;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(tmp: string, dynamoDbEndpoint: string): Promise<LambdaEnvironments> {
    const daemon = createSocket('udp4');
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const collector = createServer();
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    return new LambdaEnvironments(tmp, dynamoDbEndpoint, daemon, collector);
  }

  async run(invocation: Invocation): Promise<InvocationResult> {
    const id = this.runs++;
    const spec = path.join(this.tmp, `spec-${id}.json`);
    const result = path.join(this.tmp, `result-${id}.json`);
    const functionName = functionNameOf(BENCH_STAGE, invocation.name);
    await writeFile(
      spec,
      JSON.stringify({ functionName, events: invocation.events, probeErrorStack: invocation.probeErrorStack }),
    );
    await new Promise<void>((resolve, reject) => {
      const child = spawn(invocation.node.file, [RUNNER, invocation.bundle, spec, result], {
        cwd: path.dirname(invocation.bundle),
        env: this.environment(invocation, functionName),
        // The handlers log to stdout as in Lambda; formatting is measured, the terminal is not.
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${invocation.bundle} on ${invocation.node.label}: ${stderr}`)),
      );
    });
    const answered = JSON.parse(await readFile(result, 'utf8')) as InvocationResult;
    // A failed request measures an error path, not the function: every figure needs 2xx (`ok` for stream batches).
    const failed = answered.outcomes.filter((outcome) => !/^(2\d\d|ok)$/.test(outcome));
    if (failed.length > 0) {
      throw new Error(
        `${invocation.name} (${invocation.bundle} on ${invocation.node.label}) answered ${failed.join(', ')}`,
      );
    }
    return answered;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.daemon.close(() => resolve()));
    await new Promise<void>((resolve) => this.collector.close(() => resolve()));
  }

  /** What Lambda sets for a nodejs24.x function with active tracing, plus the local tables. */
  private environment(invocation: Invocation, functionName: string): NodeJS.ProcessEnv {
    const daemon = this.daemon.address();
    return {
      PATH: process.env.PATH,
      ...functionEnvironment({
        stage: BENCH_STAGE,
        corsAllowedOrigins: '*',
        todoTableName: BENCH_TABLES.todo,
        idempotencyTableName: BENCH_TABLES.idempotency,
        function: { name: functionName, memoryMb: LOCAL_FUNCTION_MEMORY_MB },
      }),
      ...dynamoDbEndpointEnvironment(this.dynamoDbEndpoint),
      // Powertools Tracer traces only in Lambda (AWS_EXECUTION_ENV); the X-Ray SDK runs in its Lambda mode when
      // LAMBDA_TASK_ROOT is set; Lambda sets the daemon address and context-missing strategy with active tracing.
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: path.dirname(invocation.bundle),
      _HANDLER: 'index.handler',
      AWS_XRAY_DAEMON_ADDRESS: `${daemon.address}:${daemon.port}`,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      // Where an OpenTelemetry build exports (the ADOT layer's collector listens on localhost:4318 in Lambda).
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(this.collector.address() as AddressInfo).port}`,
      ...(invocation.sourceMaps === true ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    };
  }
}
