/**
 * An HTTP proxy in front of the local engine (dynalite) that the handlers use as their DynamoDB endpoint
 * (`AWS_ENDPOINT_URL_DYNAMODB`). Requests reach the engine unchanged; layers around each call add what DynamoDB
 * does and dynalite does not: the table stream (stream-emulator.ts) and the item on a failed condition
 * (condition-check-failure.ts). What is local-only stays here, so the handlers only have the production branch.
 */
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, IncomingMessage, request as httpRequest, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One DynamoDB API call as the proxy received it. */
export interface DynamoDbCall {
  /** The operation, e.g. `UpdateItem` (from `X-Amz-Target`). */
  readonly operation: string;
  /** The request body as JSON; undefined when it is not a JSON object (the engine answers that itself). */
  readonly input: Record<string, unknown> | undefined;
}

export interface EngineResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Wraps a call: `next()` sends it on (to the next layer, finally the engine). A layer may act before and after,
 * and replace the response; it never changes the request.
 */
export type ProxyLayer = (call: DynamoDbCall, next: () => Promise<EngineResponse>) => Promise<EngineResponse>;

export interface DynamoDbProxyOptions {
  /** The engine's endpoint, e.g. dynalite's `http://127.0.0.1:4567`. */
  readonly target: string;
  /** Outermost first. */
  readonly layers: readonly ProxyLayer[];
  /** @default 0 - an ephemeral port */
  readonly port?: number;
}

export interface DynamoDbProxy {
  /** The endpoint to give the handlers instead of the engine's. */
  readonly endpoint: string;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

export async function startDynamoDbProxy(options: DynamoDbProxyOptions): Promise<DynamoDbProxy> {
  const target = new URL(options.target);

  const forward = (request: IncomingMessage, body: Buffer): Promise<EngineResponse> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: target.host, 'content-length': String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const call: DynamoDbCall = {
      operation: String(request.headers['x-amz-target'] ?? '').replace(TARGET_PREFIX, ''),
      input: parseObject(body),
    };
    const send = options.layers.reduceRight<() => Promise<EngineResponse>>(
      (next, layer) => () => layer(call, next),
      () => forward(request, body),
    );
    const result = await send();
    const headers = { ...result.headers, 'content-length': String(result.body.length) };
    delete headers['transfer-encoding'];
    response.writeHead(result.status, headers);
    response.end(result.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }),
      );
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
