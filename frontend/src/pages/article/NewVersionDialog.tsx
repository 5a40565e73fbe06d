// Re-importing an article: new content from any source, or its original
// URL fetched again. The server re-anchors every highlight (exactly, by
// position, fuzzily) or marks it orphaned, and says how it went.
import { useState } from 'preact/hooks';
import { type Article, api, ApiError, type ArticleVersionResult } from '../../api/client';
import { Alert, Button, Dialog } from '../../ui/components';
import { ArticleSourceFields, emptySource, sourceBody, type SourceState } from '../ArticleSource';

export function NewVersionDialog({ article, onDone, onClose }: { article: Article; onDone(result: ArticleVersionResult): void; onClose(): void }) {
  const original = article.sourceUrl ?? article.canonicalUrl ?? null;
  const [source, setSource] = useState<SourceState>(emptySource(original ? 'refetch' : 'paste'));
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const part = sourceBody(source);
    if ('error' in part) {
      setError({ message: part.error, field: part.field });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await api.createArticleVersion(article.id, part.body));
    } catch (failure) {
      setError(failure instanceof ApiError ? { message: failure.message, field: failure.field } : { message: 'The re-import failed. Please try again.' });
      setBusy(false);
    }
  }

  const modes = original ? (['refetch', 'url', 'paste', 'file'] as const) : (['paste', 'file', 'url'] as const);
  return (
    <Dialog title="New version" onClose={onClose}>
      <p class="dialog__lede">
        Import the article’s content again. Highlights follow their text; a highlight whose passage is gone is kept apart as orphaned, never lost.
      </p>
      <form class="stack" onSubmit={submit} noValidate>
        <ArticleSourceFields source={source} onChange={setSource} modes={[...modes]} error={error} originalUrl={original} />
        {error && !['text', 'markdown', 'html', 'file', 'url'].includes(error.field ?? '') && <Alert>{error.message}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import new version'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a re-import did, in a sentence. */
export function describeReanchoring(result: ArticleVersionResult): string {
  if (!result.changed) {
    return 'Same content as the current version: nothing changed.';
  }
  const { exact, position, fuzzy, orphaned } = result.reanchored;
  const total = exact + position + fuzzy + orphaned;
  const version = `Version ${result.article.currentVersion.number} imported.`;
  if (total === 0) return `${version} There were no highlights to move.`;
  const parts = [
    exact && `${exact} found exactly`,
    position && `${position} by position`,
    fuzzy && `${fuzzy} approximately`,
    orphaned && `${orphaned} orphaned (passage gone)`,
  ].filter(Boolean);
  return `${version} Highlights: ${parts.join(', ')}.`;
}
