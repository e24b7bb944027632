/**
 * Input validation: request bodies, path ids, query values and conditional headers. Every rule throws an
 * `HttpProblem` with a `ValidationReason` before anything is written.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpProblem } from './problems';
import { readHeader } from './http';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_TITLE_LENGTH = 1000;
export const MAX_PAGE_SIZE = 100;

/** Fields a client may send. */
export interface TodoFields {
  readonly title: string;
  readonly completed: boolean;
  readonly order: number;
}
export type TodoPatch = Partial<TodoFields>;
export interface TodoCreateInput {
  readonly title: string;
  readonly completed: boolean;
  /** Omitted: the server assigns one that sorts last. */
  readonly order?: number;
}

const WRITABLE_FIELDS = new Set(['title', 'completed', 'order']);
/** Read-only fields the TodoMVC client echoes back: accepted and ignored. */
const READ_ONLY_FIELDS = new Set(['id', 'url', 'createdAt', 'updatedAt']);

/** Strict: invalid bytes are an error, not U+FFFD; a leading BOM is kept (and fails JSON parsing). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses the body of a write request into a JSON object, enforcing size, media type and syntax. */
export function readJsonObject(event: APIGatewayProxyEvent): Record<string, unknown> {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw HttpProblem.invalid(
      'payload_too_large',
      `The request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}.`,
    );
  }
  if (bytes.length === 0) {
    throw HttpProblem.invalid('malformed_json', 'A JSON object body is required.');
  }
  const contentType = readHeader(event, 'Content-Type');
  if (!isJsonMediaType(contentType)) {
    throw HttpProblem.invalid(
      'unsupported_media_type',
      contentType === undefined
        ? 'The request has a body but no Content-Type; send application/json.'
        : 'The request body must be application/json (UTF-8).',
    );
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    // Never decoded leniently: U+FFFD in place of the bytes sent would be stored as if the client had sent it.
    throw HttpProblem.invalid('malformed_json', 'The request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw HttpProblem.invalid('malformed_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw HttpProblem.invalid('not_an_object', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** `application/json`, optionally with `charset=utf-8`; any other charset is refused. */
function isJsonMediaType(value: string | undefined): boolean {
  if (value === undefined) {
    return false;
  }
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') {
    return false;
  }
  return params.every((param) => {
    const [name, paramValue = ''] = param.split('=').map((part) => part.trim());
    return name !== 'charset' || paramValue.replace(/^"|"$/g, '') === 'utf-8';
  });
}

function rejectUnknownFields(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((key) => !WRITABLE_FIELDS.has(key) && !READ_ONLY_FIELDS.has(key));
  if (unknown.length > 0) {
    throw HttpProblem.invalid(
      'unknown_field',
      `Unknown field(s): ${unknown
        .slice(0, 10)
        .map((k) => JSON.stringify(k.slice(0, 50)))
        .join(', ')}.`,
    );
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseTitle(value: unknown): string {
  if (typeof value !== 'string') {
    throw HttpProblem.invalid('wrong_type', 'title must be a string.');
  }
  const title = value.trim();
  if (LONE_SURROGATE.test(title)) {
    // JSON can carry "\ud800", but DynamoDB only stores well-formed UTF-8: reject instead of failing the write.
    throw HttpProblem.invalid('wrong_type', 'title must be a well-formed Unicode string.');
  }
  if (title.length === 0) {
    throw HttpProblem.invalid('title_blank', 'title must not be blank.');
  }
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw HttpProblem.invalid('title_too_long', `title must be at most ${MAX_TITLE_LENGTH} characters.`);
  }
  return title;
}

function parseCompleted(value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw HttpProblem.invalid('wrong_type', 'completed must be a boolean.');
  }
  return value;
}

/** The magnitudes DynamoDB numbers can hold (positive and negative), besides zero. */
const DYNAMODB_MAX_MAGNITUDE = 9.9999999999999999e125;
const DYNAMODB_MIN_MAGNITUDE = 1e-130;

function parseOrder(value: unknown): number {
  if (typeof value !== 'number') {
    throw HttpProblem.invalid('wrong_type', 'order must be a number.');
  }
  if (!Number.isFinite(value)) {
    throw HttpProblem.invalid('non_finite_number', 'order must be a finite number.');
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= DYNAMODB_MAX_MAGNITUDE || magnitude < DYNAMODB_MIN_MAGNITUDE)) {
    throw HttpProblem.invalid(
      'number_out_of_range',
      'order is outside the supported range (1e-130 to 1e125 in magnitude).',
    );
  }
  return value;
}

function requireTitle(body: Record<string, unknown>): string {
  if (!('title' in body) || body.title === undefined) {
    throw HttpProblem.invalid('missing_field', 'title is required.');
  }
  return parseTitle(body.title);
}

/** POST body: title required, completed default false, order optional. */
export function parseCreate(body: Record<string, unknown>): TodoCreateInput {
  rejectUnknownFields(body);
  const title = requireTitle(body);
  const completed = body.completed === undefined ? false : parseCompleted(body.completed);
  return body.order === undefined ? { title, completed } : { title, completed, order: parseOrder(body.order) };
}

/** PUT body: title required, completed default false, order kept when omitted. */
export function parseReplace(body: Record<string, unknown>): TodoPatch {
  return parseCreate(body);
}

/** PATCH body: any non-empty subset of title/completed/order. */
export function parsePatch(body: Record<string, unknown>): TodoPatch {
  rejectUnknownFields(body);
  const patch: { title?: string; completed?: boolean; order?: number } = {};
  if (body.title !== undefined) patch.title = parseTitle(body.title);
  if (body.completed !== undefined) patch.completed = parseCompleted(body.completed);
  if (body.order !== undefined) patch.order = parseOrder(body.order);
  if (Object.keys(patch).length === 0) {
    throw HttpProblem.invalid('nothing_to_update', 'Send at least one of title, completed, order.');
  }
  return patch;
}

const TODO_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `{id}` path parameter: a lowercase UUID (the ids this API generates), else 400. */
export function parseTodoId(event: APIGatewayProxyEvent): string {
  const id = event.pathParameters?.id;
  if (typeof id !== 'string' || !TODO_ID_PATTERN.test(id)) {
    throw HttpProblem.invalid('invalid_id', 'The todo id must be a UUID.');
  }
  return id;
}

/** A single-valued query parameter (a repeated one is 400). */
export function queryParam(event: APIGatewayProxyEvent, name: string): string | undefined {
  const values = event.multiValueQueryStringParameters?.[name];
  if (values !== undefined && values !== null && values.length > 1) {
    throw HttpProblem.invalid('invalid_query', `${name} must be given at most once.`);
  }
  const value = event.queryStringParameters?.[name];
  return value === null ? undefined : value;
}

/** `?limit=`: an integer 1..100, default 100. */
export function parseLimit(event: APIGatewayProxyEvent): number {
  const raw = queryParam(event, 'limit');
  if (raw === undefined) {
    return MAX_PAGE_SIZE;
  }
  if (!/^[1-9][0-9]{0,2}$/.test(raw) || Number(raw) > MAX_PAGE_SIZE) {
    throw HttpProblem.invalid('invalid_query', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return Number(raw);
}

/** `Idempotency-Key`: 1–255 visible ASCII characters, or absent. */
export function parseIdempotencyKey(event: APIGatewayProxyEvent): string | undefined {
  const key = readHeader(event, 'Idempotency-Key');
  if (key === undefined) {
    return undefined;
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw HttpProblem.invalid('invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
  }
  return key;
}

/** `If-Match`: absent, `*` (must exist) or a list of strong ETags `"<version>"` (weak tags never match). */
export type Precondition =
  { readonly kind: 'none' } | { readonly kind: 'exists' } | { readonly kind: 'versions'; readonly versions: number[] };

export function parseIfMatch(event: APIGatewayProxyEvent): Precondition {
  const header = readHeader(event, 'If-Match');
  if (header === undefined) {
    return { kind: 'none' };
  }
  const tags = header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
  if (tags.length === 1 && tags[0] === '*') {
    return { kind: 'exists' };
  }
  const versions: number[] = [];
  for (const tag of tags) {
    if (/^W\/"[\x21\x23-\x7e]*"$/.test(tag)) {
      continue; // weak: never matches under the strong comparison If-Match requires
    }
    if (!/^"[\x21\x23-\x7e]*"$/.test(tag)) {
      throw HttpProblem.invalid('invalid_if_match', 'If-Match must be * or a list of quoted entity tags.');
    }
    const inner = tag.slice(1, -1);
    if (/^[0-9]{1,15}$/.test(inner)) {
      versions.push(Number(inner));
    }
  }
  if (tags.length === 0 || tags.length > 50) {
    throw HttpProblem.invalid('invalid_if_match', 'If-Match must be * or 1 to 50 quoted entity tags.');
  }
  return { kind: 'versions', versions };
}
