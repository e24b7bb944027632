/** Reading requests and writing proxy results over node:http, the way API Gateway does at its edge. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** The body, or undefined when it exceeds `limit` (the rest is drained so the 413 reaches the client). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
    }
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

export function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  const result = value as Partial<APIGatewayProxyResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    Number.isInteger(result.statusCode) &&
    (result.body === undefined || typeof result.body === 'string')
  );
}

/** Writes a proxy result like API Gateway: `multiValueHeaders` win over `headers` for the same name. */
export function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  const merged = new Map<string, [string, string[]]>();
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    merged.set(name.toLowerCase(), [name, [String(value)]]);
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    merged.set(name.toLowerCase(), [name, values.map(String)]);
  }
  response.statusCode = result.statusCode;
  for (const [name, values] of merged.values()) {
    response.setHeader(name, values.length === 1 ? values[0] : values);
  }
  response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}
