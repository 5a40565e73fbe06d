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
export type UpdateAnnotationRequest = Schemas['UpdateAnnotationRequest'];
export type CreateArticleVersionRequest = Schemas['CreateArticleVersionRequest'];
export type ArticleVersionResult = Schemas['ArticleVersionResult'];
export type Reply = Schemas['Reply'];
export type Claim = Schemas['Claim'];
export type ClaimRef = Schemas['ClaimRef'];
export type ClaimDetail = Schemas['ClaimDetail'];
export type ClaimAppearance = Schemas['ClaimAppearance'];
export type ClaimRequest = Schemas['ClaimRequest'];
export type SimilarClaim = Schemas['SimilarClaim'];
export type Evidence = Schemas['Evidence'];
export type EvidenceRequest = Schemas['EvidenceRequest'];
export type Stance = Schemas['Stance'];
export type Member = Schemas['MemberList']['members'][number];
export type TagCount = Schemas['TagList']['tags'][number];
export type SearchResult = Schemas['SearchResult'];
export type SearchResults = Schemas['SearchResults'];
export type UserRef = Schemas['UserRef'];
export type Rating = Schemas['Rating'];
export type Organisation = Schemas['Organisation'];
export type WorkspaceSettings = Schemas['WorkspaceSettings'];
export type WorkspaceSettingsRequest = Schemas['WorkspaceSettingsRequest'];
export type Dashboard = Schemas['Dashboard'];
export type CountByKey = Schemas['CountByKey'];

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

/**
 * 412: the record changed since the version an edit was based on. current
 * is the record as it is now, so the UI can show both versions and let the
 * person choose; nothing is ever overwritten silently.
 */
export class StaleError<T = unknown> extends ApiError {
  constructor(
    message: string,
    readonly current: T,
  ) {
    super(412, 'stale_version', message);
    this.name = 'StaleError';
  }
}

/** Turns whatever a failed response carried into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const current = (body as { current?: unknown } | null)?.current;
  if (status === 412 && current && typeof current === 'object') {
    const message = (body as { error?: { message?: unknown } }).error?.message;
    return new StaleError(typeof message === 'string' ? message : 'Someone changed this meanwhile.', current);
  }
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

export const http = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken = '';
let onUnauthorized: () => void = () => {};

/** Remembers the session's CSRF token for the requests that change things. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

let onReachable: (reachable: boolean) => void = () => {};

/**
 * Called after every request with whether the server answered at all: a
 * fetch that fails (TypeError: offline, DNS, refused) is the surest sign the
 * browser is cut off, surer than navigator.onLine.
 */
export function setReachabilityHandler(handler: (reachable: boolean) => void): void {
  onReachable = handler;
}

/** Whether a failure means the server was out of reach (worth trying again later), not a refusal. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

/** Called when a request finds the session gone (401), e.g. to show login. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
  options: { reportUnauthorized?: boolean } = {},
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    // An aborted request (a search superseded by the next) says nothing about the network.
    if (!(error instanceof DOMException && error.name === 'AbortError')) onReachable(false);
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection and try again.');
  }
  onReachable(true);
  if (!result.response.ok) {
    if (result.response.status === 401 && options.reportUnauthorized !== false) {
      onUnauthorized();
    }
    throw toApiError(result.response.status, result.error);
  }
  return result.data as T;
}

export const changes = () => ({ 'X-CSRF-Token': csrfToken });
export const creates = (idempotencyKey: string) => ({ ...changes(), 'Idempotency-Key': idempotencyKey });
/** A delete names the version it was based on, as an ETag. */
const basedOn = (version: number) => ({ ...changes(), 'If-Match': `"${version}"` });

/** Same-origin addresses of the exports; a plain link downloads them with the session cookie. */
export const exportURL = {
  annotation: (id: string) => `/api/annotations/${encodeURIComponent(id)}/export`,
  articleAnnotations: (id: string) => `/api/articles/${encodeURIComponent(id)}/annotations/export`,
  articleClaimsCSV: (id: string) => `/api/articles/${encodeURIComponent(id)}/claims.csv`,
};

export interface SearchQuery {
  q: string;
  tag?: string | undefined;
  author?: string | undefined;
  claim?: string | undefined;
  article?: string | undefined;
}

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
  createArticleVersion(article: string, body: CreateArticleVersionRequest): Promise<ArticleVersionResult> {
    return call(http.POST('/api/articles/{article}/versions', { params: { path: { article }, header: changes() }, body }));
  },
  getAnnotation(annotation: string): Promise<Annotation> {
    return call(http.GET('/api/annotations/{annotation}', { params: { path: { annotation } } }));
  },
  updateAnnotation(annotation: string, body: UpdateAnnotationRequest & { version: number }): Promise<Annotation> {
    return call(http.PATCH('/api/annotations/{annotation}', { params: { path: { annotation }, header: changes() }, body }));
  },
  async deleteAnnotation(annotation: string, version: number): Promise<void> {
    await call(http.DELETE('/api/annotations/{annotation}', { params: { path: { annotation }, header: basedOn(version) } }));
  },
  createReply(annotation: string, body: string, idempotencyKey: string): Promise<Reply> {
    return withRetry(() =>
      call(http.POST('/api/annotations/{annotation}/replies', { params: { path: { annotation }, header: creates(idempotencyKey) }, body: { body } })),
    );
  },
  updateReply(reply: string, body: string, version: number): Promise<Reply> {
    return call(http.PATCH('/api/replies/{reply}', { params: { path: { reply }, header: changes() }, body: { body, version } }));
  },
  async deleteReply(reply: string, version: number): Promise<void> {
    await call(http.DELETE('/api/replies/{reply}', { params: { path: { reply }, header: basedOn(version) } }));
  },
  async listMembers(workspace: string): Promise<Member[]> {
    return (await call(http.GET('/api/workspaces/{workspace}/members', { params: { path: { workspace } } }))).members;
  },
  async listTags(workspace: string, prefix?: string): Promise<TagCount[]> {
    const query = prefix ? { prefix } : {};
    return (await call(http.GET('/api/workspaces/{workspace}/tags', { params: { path: { workspace }, query } }))).tags;
  },
  async listClaims(workspace: string): Promise<Claim[]> {
    return (await call(http.GET('/api/workspaces/{workspace}/claims', { params: { path: { workspace } } }))).claims;
  },
  createClaim(workspace: string, body: ClaimRequest, idempotencyKey: string): Promise<Claim> {
    return withRetry(() =>
      call(http.POST('/api/workspaces/{workspace}/claims', { params: { path: { workspace }, header: creates(idempotencyKey) }, body })),
    );
  },
  async similarClaims(workspace: string, q: string, signal?: AbortSignal): Promise<SimilarClaim[]> {
    return (await call(http.GET('/api/workspaces/{workspace}/claims/similar', { params: { path: { workspace }, query: { q } }, signal }))).claims;
  },
  getClaim(claim: string): Promise<ClaimDetail> {
    return call(http.GET('/api/claims/{claim}', { params: { path: { claim } } }));
  },
  updateClaim(claim: string, body: ClaimRequest & { version: number }): Promise<Claim> {
    return call(http.PATCH('/api/claims/{claim}', { params: { path: { claim }, header: changes() }, body }));
  },
  createEvidence(claim: string, body: EvidenceRequest, idempotencyKey: string): Promise<Evidence> {
    return withRetry(() =>
      call(http.POST('/api/claims/{claim}/evidence', { params: { path: { claim }, header: creates(idempotencyKey) }, body })),
    );
  },
  updateEvidence(evidence: string, body: EvidenceRequest & { version: number }): Promise<Evidence> {
    return call(http.PATCH('/api/evidence/{evidence}', { params: { path: { evidence }, header: changes() }, body }));
  },
  async deleteEvidence(evidence: string, version: number): Promise<void> {
    await call(http.DELETE('/api/evidence/{evidence}', { params: { path: { evidence }, header: basedOn(version) } }));
  },
  search(workspace: string, query: SearchQuery, signal?: AbortSignal): Promise<SearchResults> {
    const params: Record<string, string> = { q: query.q };
    for (const key of ['tag', 'author', 'claim', 'article'] as const) {
      const value = query[key];
      if (value) params[key] = value;
    }
    return call(
      http.GET('/api/workspaces/{workspace}/search', { params: { path: { workspace }, query: params as { q: string } }, signal }),
    );
  },
  getSettings(workspace: string): Promise<WorkspaceSettings> {
    return call(http.GET('/api/workspaces/{workspace}/settings', { params: { path: { workspace } } }));
  },
  /** Replaces the settings (admins); a stale version is a StaleError carrying the current settings. */
  updateSettings(workspace: string, body: WorkspaceSettingsRequest & { version: number }): Promise<WorkspaceSettings> {
    return call(http.PUT('/api/workspaces/{workspace}/settings', { params: { path: { workspace }, header: changes() }, body }));
  },
  dashboard(workspace: string, article?: string): Promise<Dashboard> {
    const query = article ? { article } : {};
    return call(http.GET('/api/workspaces/{workspace}/dashboard', { params: { path: { workspace }, query } }));
  },
};
