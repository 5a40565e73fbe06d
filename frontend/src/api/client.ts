// The typed API client: openapi-fetch over the types generated from
// server/internal/httpapi/openapi.yaml (npm run gen:api), plus the rules
// the contract adds: same-origin cookies, the CSRF header on every change,
// idempotency keys on creates, one error shape.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type Role = Schemas['Role'];
export type Workspace = Schemas['WorkspaceMembership'];
export type Article = Schemas['Article'];
export type ArticleDetail = Schemas['ArticleDetail'];
export type Annotation = Schemas['Annotation'];
export type AnnotationKind = Schemas['AnnotationKind'];
export type Selectors = Schemas['Selectors'];
export type Event = Schemas['Event'];
export type CreateArticleRequest = Schemas['CreateArticleRequest'];
export type CreateAnnotationRequest = Schemas['CreateAnnotationRequest'];

/** A failed request, with the message meant for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns whatever a failed response carried into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(
      status,
      typeof error.code === 'string' ? error.code : 'unknown',
      error.message,
      typeof error.field === 'string' ? error.field : undefined,
    );
  }
  return new ApiError(status, 'unknown', `The server answered ${status}. Please try again.`);
}

const http = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken = '';
let onUnauthorized: () => void = () => {};

/** Remembers the session's CSRF token for the requests that change things. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request finds the session gone (401), e.g. to show login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
  options: { reportUnauthorized?: boolean } = {},
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection and try again.');
  }
  if (!result.response.ok) {
    if (result.response.status === 401 && options.reportUnauthorized !== false) {
      onUnauthorized();
    }
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}

const changes = () => ({ 'X-CSRF-Token': csrfToken });

/**
 * Runs a create, retrying once when the connection failed before an answer
 * came. The retry carries the same idempotency key, so if the first attempt
 * did reach the server, the retry returns its result instead of a duplicate.
 */
export async function withRetry<T>(attempt: () => Promise<T>, delayMs = 800): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 0) {
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return attempt();
  }
}

export const api = {
  login(email: string, password: string): Promise<Session> {
    return call(http.POST('/api/session', { body: { email, password } }), { reportUnauthorized: false });
  },
  getSession(): Promise<Session> {
    return call(http.GET('/api/session'), { reportUnauthorized: false });
  },
  async logout(): Promise<void> {
    await call(http.DELETE('/api/session', { params: { header: changes() } }), { reportUnauthorized: false });
  },
  async listArticles(workspace: string): Promise<Article[]> {
    const list = await call(http.GET('/api/workspaces/{workspace}/articles', { params: { path: { workspace } } }));
    return list.articles;
  },
  createArticle(workspace: string, body: CreateArticleRequest, idempotencyKey: string): Promise<Article> {
    return withRetry(() =>
      call(
        http.POST('/api/workspaces/{workspace}/articles', {
          params: { path: { workspace }, header: { ...changes(), 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
    );
  },
  getArticle(article: string): Promise<ArticleDetail> {
    return call(http.GET('/api/articles/{article}', { params: { path: { article } } }));
  },
  createAnnotation(article: string, body: CreateAnnotationRequest, idempotencyKey: string): Promise<Annotation> {
    return withRetry(() =>
      call(
        http.POST('/api/articles/{article}/annotations', {
          params: { path: { article }, header: { ...changes(), 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
    );
  },
};
