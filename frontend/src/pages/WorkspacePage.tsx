import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Article } from '../api/client';
import { IdempotencyKeys } from '../api/uuid';
import { workspaceRoom } from '../live/protocol';
import { Link, navigate } from '../router';
import { useApp } from '../session';
import { workspaceReducer } from '../state/workspace';
import { Alert, Button, Card, Field, Input, TextArea } from '../ui/components';
import { count, formatFull, formatWhen } from '../ui/format';
import { AppHeader } from './AppHeader';
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
  const [text, setText] = useState('');
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new IdempotencyKeys());

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!title.trim() || !text.trim()) {
      setError({ message: 'An article needs a title and some text.', field: !title.trim() ? 'title' : 'text' });
      return;
    }
    const body = { title: title.trim(), text };
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
          ? { message: failure.message, field: failure.field }
          : { message: 'The import failed. Please try again.' },
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card class="import">
      <h2 id="import-heading" class="card__title">
        Import article
      </h2>
      <p class="card__lede">Paste the article's text. Separate paragraphs with a blank line.</p>
      <form class="stack" onSubmit={submit} noValidate>
        <Field label="Title" error={error?.field === 'title' ? error.message : null}>
          {(id, describedBy) => (
            <Input
              id={id}
              name="title"
              maxLength={500}
              required
              value={title}
              aria-describedby={describedBy}
              aria-invalid={error?.field === 'title'}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Article text" error={error?.field === 'text' ? error.message : null}>
          {(id, describedBy) => (
            <TextArea
              id={id}
              name="text"
              rows={12}
              required
              value={text}
              aria-describedby={describedBy}
              aria-invalid={error?.field === 'text'}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          )}
        </Field>
        {error && error.field !== 'title' && error.field !== 'text' && <Alert>{error.message}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Importing…' : 'Import article'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
