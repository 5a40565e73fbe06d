// The workspace home's article list, kept current by `article.created`
// events; an article already listed is never listed twice.
import type { Article, Event } from '../api/client';

export type WorkspaceAction =
  | { type: 'loaded'; articles: Article[] }
  | { type: 'articleSaved'; article: Article }
  | { type: 'event'; event: Event };

/** Newest first, as the API lists them. */
function newestFirst(a: Article, b: Article): number {
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

function withArticle(articles: Article[], article: Article): Article[] {
  const index = articles.findIndex((a) => a.id === article.id);
  if (index < 0) {
    return [...articles, article].sort(newestFirst);
  }
  if (articles[index]!.version > article.version) {
    return articles;
  }
  const next = articles.slice();
  next[index] = { ...article, annotationCount: Math.max(article.annotationCount, articles[index]!.annotationCount) };
  return next;
}

export function workspaceReducer(articles: Article[] | null, action: WorkspaceAction): Article[] | null {
  switch (action.type) {
    case 'loaded': {
      // Keep what arrived live while the list was being fetched.
      let merged = action.articles.slice().sort(newestFirst);
      for (const article of articles ?? []) {
        merged = withArticle(merged, article);
      }
      return merged;
    }
    case 'articleSaved':
      return withArticle(articles ?? [], action.article);
    case 'event': {
      const { event } = action;
      if (event.type === 'article.created' || event.type === 'article.updated') {
        return withArticle(articles ?? [], event.payload as unknown as Article);
      }
      if (event.type === 'article.versioned') {
        const article = (event.payload as { article?: Article }).article;
        return article ? withArticle(articles ?? [], article) : articles;
      }
      if ((event.type === 'annotation.created' || event.type === 'annotation.deleted') && articles && event.articleId) {
        const delta = event.type === 'annotation.created' ? 1 : -1;
        return articles.map((a) =>
          a.id === event.articleId ? { ...a, annotationCount: Math.max(0, a.annotationCount + delta) } : a,
        );
      }
      return articles;
    }
  }
}
