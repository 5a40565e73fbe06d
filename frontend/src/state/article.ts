// The reading view's state: the article as fetched, plus the annotations
// that arrive afterwards (our own saves and other people's, live). Applying
// the same annotation twice changes nothing.
import type { Annotation, ArticleDetail, Event } from '../api/client';

export interface ArticleState {
  detail: ArticleDetail;
  /** In document order. */
  annotations: Annotation[];
}

export type ArticleAction =
  | { type: 'loaded'; detail: ArticleDetail }
  | { type: 'annotationSaved'; annotation: Annotation }
  | { type: 'event'; event: Event };

/** Document order: by start, then end, then creation. */
export function byDocumentOrder(a: Annotation, b: Annotation): number {
  return (
    a.selectors.position.start - b.selectors.position.start ||
    a.selectors.position.end - b.selectors.position.end ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

function withAnnotation(state: ArticleState, annotation: Annotation): ArticleState {
  if (annotation.articleId !== state.detail.article.id) {
    return state;
  }
  const index = state.annotations.findIndex((a) => a.id === annotation.id);
  if (index >= 0) {
    const current = state.annotations[index]!;
    if (current.version >= annotation.version) {
      return state;
    }
    const annotations = state.annotations.slice();
    annotations[index] = annotation;
    return { ...state, annotations: annotations.sort(byDocumentOrder) };
  }
  return {
    ...state,
    annotations: [...state.annotations, annotation].sort(byDocumentOrder),
    detail: {
      ...state.detail,
      article: { ...state.detail.article, annotationCount: state.detail.article.annotationCount + 1 },
    },
  };
}

export function articleReducer(state: ArticleState | null, action: ArticleAction): ArticleState | null {
  switch (action.type) {
    case 'loaded':
      return { detail: action.detail, annotations: action.detail.annotations.slice().sort(byDocumentOrder) };
    case 'annotationSaved':
      return state && withAnnotation(state, action.annotation);
    case 'event':
      if (!state) {
        return state;
      }
      if (action.event.type === 'annotation.created' || action.event.type === 'annotation.updated') {
        return withAnnotation(state, action.event.payload as unknown as Annotation);
      }
      return state;
  }
}
