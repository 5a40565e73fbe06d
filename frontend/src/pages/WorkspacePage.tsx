import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Article, type CreateArticleRequest } from '../api/client';
import { IdempotencyKeys } from '../api/uuid';
import { workspaceRoom } from '../live/protocol';
import { Link, navigate } from '../router';
import { useApp } from '../session';
import { workspaceReducer } from '../state/workspace';
import { Alert, Button, Card, Field, Input } from '../ui/components';
import { count, formatFull, formatWhen } from '../ui/format';
import { AppHeader } from './AppHeader';
import { ArticleSourceFields, emptySource, sourceBody, type SourceState } from './ArticleSource';
import { NotFound } from './NotFound';

export function WorkspacePage({ slug }: { slug: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [articles, dispatch] = useReducer(workspaceReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!workspace) {
      return;
    }
    document.title = `${workspace.name} · Factdesk`;
    let current = true;
    const load = () =>
      api.listArticles(slug).then(
        (list) => current && dispatch({ type: 'loaded', articles: list }),
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the articles.'),
      );
    load();
    // The list is fetched again once the subscription stands, so that an
    // article created in between is not missed; duplicates merge by id.
    let first = true;
    const room = workspaceRoom(slug);
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        if (first) {
          first = false;
          load();
        }
      },
      onEvent(event) {
        dispatch({ type: 'event', event });
      },
      onReload() {
        load().then(() => live.resubscribe(room, undefined));
      },
    });
    return () => {
      current = false;
      leave();
    };
  }, [slug, workspace?.slug, live]);

  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }
  const canImport = workspace.role !== 'viewer';

  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page workspace" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">Articles</h1>
          <p class="page__lede">
            {articles ? count(articles.length, 'article') : 'Loading…'} in {workspace.name}
          </p>
        </div>
        <div class={canImport ? 'workspace__grid' : 'workspace__grid workspace__grid--single'}>
          <section aria-labelledby="articles-heading">
            <h2 id="articles-heading" class="visually-hidden">
              Article list
            </h2>
            {loadError && <Alert>{loadError}</Alert>}
            {articles && articles.length === 0 && (
              <Card class="empty">
                <p>No articles yet.{canImport ? ' Import the first one with the form beside this list.' : ''}</p>
              </Card>
            )}
            {articles && articles.length > 0 && (
              <ul class="article-list" data-testid="article-list">
                {articles.map((article) => (
                  <ArticleRow key={article.id} slug={slug} article={article} />
                ))}
              </ul>
            )}
          </section>
          {canImport && (
            <aside aria-labelledby="import-heading">
              <ImportForm slug={slug} onImported={(article) => dispatch({ type: 'articleSaved', article })} />
            </aside>
          )}
        </div>
      </main>
    </>
  );
}

function ArticleRow({ slug, article }: { slug: string; article: Article }) {
  return (
    <li class="article-row">
      <Link class="article-row__title" href={`/w/${slug}/articles/${article.id}`}>
        {article.title}
      </Link>
      <p class="article-row__meta">
        {article.publisher && (
          <>
            <span class="article-row__who">{article.publisher}</span>
            {article.byline ? `, ${article.byline}` : ''}
            <span class="article-row__sep" aria-hidden="true">
              ·
            </span>
          </>
        )}
        {article.currentVersion.number > 1 && (
          <>
            Version {article.currentVersion.number}
            <span class="article-row__sep" aria-hidden="true">
              ·
            </span>
          </>
        )}
        Imported by <span class="article-row__who">{article.createdBy.name}</span>{' '}
        <time dateTime={article.createdAt} title={formatFull(article.createdAt)}>
          {formatWhen(article.createdAt)}
        </time>
        <span class="article-row__sep" aria-hidden="true">
          ·
        </span>
        <span class="article-row__count">{count(article.annotationCount, 'annotation')}</span>
      </p>
    </li>
  );
}

function ImportForm({ slug, onImported }: { slug: string; onImported(article: Article): void }) {
  const [title, setTitle] = useState('');
  const [source, setSource] = useState<SourceState>(emptySource());
  const [sourceUrl, setSourceUrl] = useState('');
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const titleRequired = source.mode === 'paste' && source.format === 'text';

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (titleRequired && !title.trim()) {
      setError({ message: 'Plain text needs a title.', field: 'title' });
      return;
    }
    const part = sourceBody(source);
    if ('error' in part) {
      setError({ message: part.error, field: part.field });
      return;
    }
    const body: CreateArticleRequest = { ...part.body };
    delete (body as { refetch?: boolean }).refetch;
    if (title.trim()) body.title = title.trim();
    if (source.mode === 'paste' && sourceUrl.trim()) body.sourceUrl = sourceUrl.trim();
    setBusy(true);
    setError(null);
    try {
      const article = await api.createArticle(slug, body, keys.current.keyFor(body));
      keys.current.done();
      onImported(article);
      navigate(`/w/${slug}/articles/${article.id}`);
    } catch (failure) {
      setError(
        failure instanceof ApiError
          ? { message: failure.message, field: failure.field === 'file.content' || failure.field === 'file.name' ? 'file' : failure.field }
          : { message: 'The import failed. Please try again.' },
      );
    } finally {
      setBusy(false);
    }
  }

  const known = ['title', 'text', 'markdown', 'html', 'file', 'url'];
  return (
    <Card class="import">
      <h2 id="import-heading" class="card__title">
        Import article
      </h2>
      <p class="card__lede">Paste it, upload a saved file, or give its address.</p>
      <form class="stack" onSubmit={submit} noValidate>
        <ArticleSourceFields source={source} onChange={setSource} modes={['paste', 'file', 'url']} error={error} />
        <Field
          label="Title"
          hint={titleRequired ? undefined : 'Optional: otherwise taken from the document.'}
          error={error?.field === 'title' ? error.message : null}
        >
          {(id, describedBy) => (
            <Input
              id={id}
              name="title"
              maxLength={500}
              required={titleRequired}
              value={title}
              aria-describedby={describedBy}
              aria-invalid={error?.field === 'title'}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          )}
        </Field>
        {source.mode === 'paste' && (
          <Field label="Where it came from" hint="Optional: the address of the original.">
            {(id, describedBy) => (
              <Input id={id} type="url" name="sourceUrl" value={sourceUrl} aria-describedby={describedBy} placeholder="https://" onInput={(e) => setSourceUrl(e.currentTarget.value)} />
            )}
          </Field>
        )}
        {error && !known.includes(error.field ?? '') && <Alert>{error.message}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? (source.mode === 'url' ? 'Fetching…' : 'Importing…') : 'Import article'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
