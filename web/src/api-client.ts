/**
 * The Todo API client (Todo-Backend compatible REST API): fetch, the token source and the idempotency key generator
 * are injected. Every failure becomes an {@link ApiError} carrying the problem+json `title` and `detail`.
 */
import { SignedOutError, type FetchLike, type TokenSource } from './auth';

export interface Todo {
  readonly id: string;
  readonly title: string;
  readonly completed: boolean;
  readonly order: number;
  readonly url: string;
}

export interface TodoCreate {
  readonly title: string;
  readonly completed?: boolean;
  readonly order?: number;
}

export type TodoPatch = Partial<Pick<Todo, 'title' | 'completed' | 'order'>>;

/** A todo with the strong ETag of its version, for conditional writes. */
export interface VersionedTodo {
  readonly todo: Todo;
  readonly etag: string | undefined;
}

/** Page size of `GET /todos` (the API's maximum) and the most pages one list follows. */
export const PAGE_SIZE = 100;
export const MAX_PAGES = 100;

export type ApiErrorKind = 'http' | 'network' | 'signed-out' | 'invalid-response';

/** What went wrong, fit for the status area: `title` and `detail` come from the problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly requestId?: string,
  ) {
    super(detail === '' ? title : `${title}: ${detail}`);
    this.name = 'ApiError';
  }

  /** The server's copy changed or is gone: the client should reload the list. */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412 || this.status === 404;
  }
}

export interface TodoApiOptions {
  /** The runtime config's `apiUrl` ('' = same origin). */
  readonly apiUrl: string;
  /** `location.origin`, for a same-origin API. */
  readonly origin: string;
  readonly fetch: FetchLike;
  readonly auth: TokenSource;
  /** A fresh Idempotency-Key per creation. */
  readonly newIdempotencyKey: () => string;
}

export class TodoApi {
  /** `<api root>/todos`. */
  readonly collectionUrl: string;

  constructor(private readonly options: TodoApiOptions) {
    this.collectionUrl = `${options.apiUrl === '' ? options.origin : options.apiUrl}/todos`;
  }

  /** Every todo of the caller, following the `Link: rel="next"` pages. */
  async list(): Promise<Todo[]> {
    const todos: Todo[] = [];
    let url: string | undefined = `${this.collectionUrl}?limit=${PAGE_SIZE}`;
    for (let page = 0; url !== undefined; page += 1) {
      if (page === MAX_PAGES) {
        throw new ApiError('invalid-response', 200, 'Too many pages', `The list did not end after ${MAX_PAGES} pages.`);
      }
      const response = await this.send('GET', url);
      const body = await readJson(response);
      if (!Array.isArray(body) || !body.every(isTodo)) {
        throw invalidResponse('GET /todos did not return a list of todos.');
      }
      todos.push(...body.map(toTodo));
      url = this.nextPage(response.headers.get('Link'));
    }
    return todos;
  }

  /** POST /todos with a fresh Idempotency-Key; a network failure is retried once with the same key. */
  async create(input: TodoCreate): Promise<VersionedTodo> {
    const key = this.options.newIdempotencyKey();
    const send = (): Promise<Response> =>
      this.send('POST', this.collectionUrl, { body: input, headers: { 'Idempotency-Key': key } });
    const response = await send().catch((error: unknown) => {
      if (error instanceof ApiError && error.kind === 'network') {
        return send();
      }
      throw error;
    });
    return readTodo(response);
  }

  /** PATCH /todos/{id}; with `etag`, only if the todo is still at that version (else a 412 {@link ApiError}). */
  async update(id: string, patch: TodoPatch, etag?: string): Promise<VersionedTodo> {
    const headers: Record<string, string> = etag === undefined ? {} : { 'If-Match': etag };
    return readTodo(await this.send('PATCH', this.itemUrl(id), { body: patch, headers }));
  }

  async remove(id: string, etag?: string): Promise<void> {
    await this.send('DELETE', this.itemUrl(id), { headers: etag === undefined ? {} : { 'If-Match': etag } });
  }

  itemUrl(id: string): string {
    return `${this.collectionUrl}/${encodeURIComponent(id)}`;
  }

  /**
   * The next page from a `Link` header. Only its query is used, on our own collection URL: a link can never send
   * the token to another host.
   */
  private nextPage(link: string | null): string | undefined {
    const target = link === null ? undefined : /<([^>]*)>\s*;\s*rel="?next"?/.exec(link)?.[1];
    if (target === undefined) {
      return undefined;
    }
    let next: URL;
    try {
      next = new URL(target, this.collectionUrl);
    } catch {
      throw invalidResponse('The pagination link is not a URL.');
    }
    if (!next.pathname.endsWith('/todos') || next.search === '') {
      throw invalidResponse('The pagination link does not point to the todo list.');
    }
    return `${this.collectionUrl}${next.search}`;
  }

  /** One request with the bearer token; a 401 refreshes the token once and retries. Non-2xx throws. */
  private async send(
    method: string,
    url: string,
    { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const { auth } = this.options;
    const attempt = async (token: string | undefined): Promise<Response> => {
      const init: RequestInit = {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        credentials: 'omit',
        cache: 'no-store',
      };
      try {
        return await this.options.fetch(url, init);
      } catch {
        throw new ApiError('network', 0, 'Network error', 'The server could not be reached. Check your connection.');
      }
    };
    try {
      let response = await attempt(await token(() => auth.getIdToken()));
      if (response.status === 401 && auth.mode !== 'none') {
        response = await attempt(await token(() => auth.refreshAfterUnauthorized()));
        if (response.status === 401) {
          auth.forget();
          throw new SignedOutError('Your session has ended. Please sign in again.');
        }
      }
      if (!response.ok) {
        throw await problemOf(response);
      }
      return response;
    } catch (error) {
      if (error instanceof SignedOutError) {
        throw new ApiError('signed-out', 401, 'Signed out', error.message);
      }
      throw error;
    }
  }
}

/** A token from the token source; a failed refresh that is not a sign-out (network) becomes an {@link ApiError}. */
async function token(get: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await get();
  } catch (error) {
    if (error instanceof SignedOutError) {
      throw error;
    }
    throw new ApiError('network', 0, 'Network error', 'The sign-in could not be refreshed. Check your connection.');
  }
}

/** An {@link ApiError} from a non-2xx response: problem+json `title`/`detail`, else the status line. */
export async function problemOf(response: Response): Promise<ApiError> {
  let title = `HTTP ${response.status}`;
  let detail = response.statusText;
  let requestId: string | undefined;
  const text = await response.text().catch(() => '');
  if (/^application\/(problem\+)?json/i.test(response.headers.get('Content-Type') ?? '')) {
    try {
      const problem = JSON.parse(text) as Record<string, unknown>;
      if (typeof problem.title === 'string' && problem.title !== '') title = problem.title;
      if (typeof problem.detail === 'string') detail = problem.detail;
      if (typeof problem.requestId === 'string') requestId = problem.requestId;
    } catch {
      // not JSON after all: keep the status line
    }
  }
  return new ApiError('http', response.status, title, detail, requestId);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw invalidResponse(`The server answered ${response.status} without a JSON body.`);
  }
}

async function readTodo(response: Response): Promise<VersionedTodo> {
  const body = await readJson(response);
  if (!isTodo(body)) {
    throw invalidResponse('The server did not return a todo.');
  }
  return { todo: toTodo(body), etag: response.headers.get('ETag') ?? undefined };
}

function isTodo(value: unknown): value is Todo {
  const todo = value as Partial<Todo> | null;
  return (
    typeof todo === 'object' &&
    todo !== null &&
    typeof todo.id === 'string' &&
    typeof todo.title === 'string' &&
    typeof todo.completed === 'boolean' &&
    typeof todo.order === 'number' &&
    typeof todo.url === 'string'
  );
}

/** Only the fields the app uses (the API also returns createdAt/updatedAt). */
function toTodo({ id, title, completed, order, url }: Todo): Todo {
  return { id, title, completed, order, url };
}

function invalidResponse(detail: string): ApiError {
  return new ApiError('invalid-response', 0, 'Unexpected response', detail);
}
