// The reading view's state: the article as fetched, plus what arrives
// afterwards (our own saves and other people's, live). Every change is
// applied idempotently: a copy older than the one held is ignored (by
// `version`), a deleted record never comes back, and the same event twice
// changes nothing.
import type { Annotation, Article, ArticleDetail, Claim, Event, Reply } from '../api/client';

export interface ArticleState {
  detail: ArticleDetail;
  /** In document order. */
  annotations: Annotation[];
  /** Ids of annotations and replies deleted since the page loaded. */
  deleted: ReadonlySet<string>;
  /** The last events applied, to replay over a refetch that raced them. */
  recent: readonly Event[];
}

export type ArticleAction =
  | { type: 'loaded'; detail: ArticleDetail }
  | { type: 'annotationSaved'; annotation: Annotation }
  | { type: 'annotationDeleted'; id: string }
  | { type: 'replySaved'; reply: Reply }
  | { type: 'replyDeleted'; id: string; annotationId: string }
  | { type: 'event'; event: Event };

const RECENT = 200;

/** Document order: by start, then end, then creation. */
export function byDocumentOrder(a: Annotation, b: Annotation): number {
  return (
    a.selectors.position.start - b.selectors.position.start ||
    a.selectors.position.end - b.selectors.position.end ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

function byCreation(a: Reply, b: Reply): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The replies of two copies of one annotation, merged: the newer version of
 * each reply, replies either copy lacks kept (they were written while the
 * other copy was in flight), deleted ones dropped.
 */
export function mergeReplies(held: readonly Reply[], incoming: readonly Reply[], deleted: ReadonlySet<string>): Reply[] {
  const byId = new Map<string, Reply>();
  for (const reply of [...held, ...incoming]) {
    if (deleted.has(reply.id)) continue;
    const seen = byId.get(reply.id);
    if (!seen || reply.version > seen.version) byId.set(reply.id, reply);
  }
  return [...byId.values()].sort(byCreation);
}

function sameReplies(a: readonly Reply[], b: readonly Reply[]): boolean {
  return a.length === b.length && a.every((reply, i) => reply.id === b[i]!.id && reply.version === b[i]!.version);
}

function withArticleCount(state: ArticleState, delta: number): ArticleDetail {
  const article = state.detail.article;
  return { ...state.detail, article: { ...article, annotationCount: Math.max(0, article.annotationCount + delta) } };
}

function withAnnotation(state: ArticleState, incoming: Annotation): ArticleState {
  if (incoming.articleId !== state.detail.article.id || state.deleted.has(incoming.id)) {
    return state;
  }
  const index = state.annotations.findIndex((a) => a.id === incoming.id);
  if (index < 0) {
    const annotation = { ...incoming, replies: mergeReplies([], incoming.replies, state.deleted) };
    return {
      ...state,
      annotations: [...state.annotations, annotation].sort(byDocumentOrder),
      detail: withArticleCount(state, +1),
    };
  }
  const held = state.annotations[index]!;
  // Replies do not change the annotation's version: merge them either way.
  const base = incoming.version > held.version ? incoming : held;
  const replies = mergeReplies(held.replies, incoming.replies, state.deleted);
  if (base === held && sameReplies(replies, held.replies)) {
    return state;
  }
  const annotations = state.annotations.slice();
  annotations[index] = { ...base, replies };
  return { ...state, annotations: annotations.sort(byDocumentOrder) };
}

function withoutAnnotation(state: ArticleState, id: string): ArticleState {
  const deleted = new Set(state.deleted).add(id);
  const had = state.annotations.some((a) => a.id === id);
  return {
    ...state,
    deleted,
    annotations: had ? state.annotations.filter((a) => a.id !== id) : state.annotations,
    detail: had ? withArticleCount(state, -1) : state.detail,
  };
}

function withReply(state: ArticleState, reply: Reply): ArticleState {
  if (state.deleted.has(reply.id)) return state;
  const index = state.annotations.findIndex((a) => a.id === reply.annotationId);
  if (index < 0) return state;
  const held = state.annotations[index]!;
  const replies = mergeReplies(held.replies, [reply], state.deleted);
  if (sameReplies(replies, held.replies)) return state;
  const annotations = state.annotations.slice();
  annotations[index] = { ...held, replies };
  return { ...state, annotations };
}

function withoutReply(state: ArticleState, id: string, annotationId: string): ArticleState {
  const deleted = new Set(state.deleted).add(id);
  const annotations = state.annotations.map((a) =>
    a.id === annotationId && a.replies.some((r) => r.id === id) ? { ...a, replies: a.replies.filter((r) => r.id !== id) } : a,
  );
  return { ...state, deleted, annotations };
}

function withArticle(state: ArticleState, article: Article): ArticleState {
  const held = state.detail.article;
  if (article.id !== held.id || article.version < held.version) return state;
  return { ...state, detail: { ...state.detail, article: { ...article, annotationCount: held.annotationCount } } };
}

/** A claim's statement changed: the highlights linked to it show the new one. */
function withClaim(state: ArticleState, claim: Claim): ArticleState {
  if (!state.annotations.some((a) => a.claim?.id === claim.id && a.claim.statement !== claim.statement)) return state;
  return {
    ...state,
    annotations: state.annotations.map((a) =>
      a.claim?.id === claim.id ? { ...a, claim: { id: claim.id, statement: claim.statement } } : a,
    ),
  };
}

function applyEvent(state: ArticleState, event: Event): ArticleState {
  const payload = event.payload as Record<string, unknown>;
  switch (event.type) {
    case 'annotation.created':
    case 'annotation.updated':
      return withAnnotation(state, payload as unknown as Annotation);
    case 'annotation.deleted':
      return typeof payload.id === 'string' ? withoutAnnotation(state, payload.id) : state;
    case 'reply.created':
    case 'reply.updated':
      return withReply(state, payload as unknown as Reply);
    case 'reply.deleted':
      return typeof payload.id === 'string' && typeof payload.annotationId === 'string'
        ? withoutReply(state, payload.id, payload.annotationId)
        : state;
    case 'article.updated':
      return withArticle(state, payload as unknown as Article);
    case 'article.versioned':
      // The content changed: the page refetches it; the metadata is here already.
      return payload.article && typeof payload.article === 'object' ? withArticle(state, payload.article as Article) : state;
    case 'claim.created':
    case 'claim.updated':
      return withClaim(state, payload as unknown as Claim);
    default:
      return state;
  }
}

export function articleReducer(state: ArticleState | null, action: ArticleAction): ArticleState | null {
  if (action.type === 'loaded') {
    let next: ArticleState = {
      detail: action.detail,
      annotations: [],
      deleted: state?.deleted ?? new Set(),
      recent: state?.recent ?? [],
    };
    for (const annotation of action.detail.annotations) {
      if (!next.deleted.has(annotation.id) && annotation.articleId === action.detail.article.id) {
        next.annotations.push({ ...annotation, replies: mergeReplies([], annotation.replies, next.deleted) });
      }
    }
    next.annotations.sort(byDocumentOrder);
    // Events that arrived while this was being fetched, but after the
    // moment it reflects, still count.
    for (const event of next.recent) {
      if (event.seq > action.detail.seq) next = applyEvent(next, event);
    }
    return next;
  }
  if (!state) {
    return state;
  }
  switch (action.type) {
    case 'annotationSaved':
      return withAnnotation(state, action.annotation);
    case 'annotationDeleted':
      return withoutAnnotation(state, action.id);
    case 'replySaved':
      return withReply(state, action.reply);
    case 'replyDeleted':
      return withoutReply(state, action.id, action.annotationId);
    case 'event': {
      const next = applyEvent(state, action.event);
      return { ...next, recent: [...state.recent, action.event].slice(-RECENT) };
    }
  }
}

export function isOrphaned(annotation: Annotation): boolean {
  return annotation.anchor === 'orphaned';
}

/**
 * How a highlight is drawn. Today: by kind. This is the one place that
 * decides, so that a claim with a verdict can later be coloured by its
 * rating (e.g. `highlight--rating-false`) without touching the drawing code.
 */
export function highlightStyle(annotation: Annotation): { kind: string; classes: string[] } {
  const classes = [`highlight--${annotation.kind}`];
  if (annotation.resolved) classes.push('highlight--resolved');
  return { kind: annotation.kind, classes };
}
