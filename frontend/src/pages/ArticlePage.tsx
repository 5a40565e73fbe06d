import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { type Annotation, type AnnotationKind, api, ApiError, type Selectors } from '../api/client';
import { IdempotencyKeys } from '../api/uuid';
import { describe } from '../anchoring/selectors';
import { articleRoom } from '../live/protocol';
import { renderNote } from '../markdown';
import { Link } from '../router';
import { useApp } from '../session';
import { articleReducer } from '../state/article';
import { Alert, Badge, Button, Card, Field, KindIcon, TextArea } from '../ui/components';
import { count, formatFull, formatWhen } from '../ui/format';
import { AppHeader } from './AppHeader';
import { ArticleText, selectionIn, type TextSelection } from './ArticleText';

interface Draft {
  range: Range;
  selectors: Selectors;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function ArticlePage({ slug, articleId }: { slug: string; articleId: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [state, dispatch] = useReducer(articleReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [orphans, setOrphans] = useState<Set<string>>(new Set());
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const textRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    const room = articleRoom(articleId);
    let leave: (() => void) | null = null;
    const load = () => api.getArticle(articleId);
    load().then(
      (detail) => {
        if (!current) return;
        dispatch({ type: 'loaded', detail });
        document.title = `${detail.article.title} · Factdesk`;
        leave = live.subscribe(room, detail.seq, {
          onEvent(event) {
            dispatch({ type: 'event', event });
          },
          onReload() {
            load().then((fresh) => {
              if (!current) return;
              dispatch({ type: 'loaded', detail: fresh });
              live.resubscribe(room, fresh.seq);
            });
          },
        });
      },
      (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the article.'),
    );
    return () => {
      current = false;
      leave?.();
    };
  }, [articleId, live]);

  const canAnnotate = state !== null && state.detail.role !== 'viewer';

  // Annotates what is selected right now (the selection state may lag a
  // keystroke behind the document's).
  const startDraft = useCallback(() => {
    const root = textRef.current?.querySelector<HTMLElement>('.article-text');
    const range = root && selectionIn(root);
    if (!root || !range) return;
    const selectors = describe(root, range);
    if (!selectors) return;
    setDraft({ range, selectors });
    setSelection(null);
  }, []);

  // "A" annotates the selected passage.
  useEffect(() => {
    if (!canAnnotate || draft) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'a' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        const root = textRef.current?.querySelector<HTMLElement>('.article-text');
        if (root && selectionIn(root)) {
          event.preventDefault();
          startDraft();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canAnnotate, draft, startDraft]);

  const onAnchored = useCallback((next: Set<string>) => {
    setOrphans((previous) => (previous.size === next.size && [...next].every((id) => previous.has(id)) ? previous : next));
  }, []);

  const openCard = useCallback((id: string) => {
    setActiveId(id);
    const card = document.getElementById(`annotation-${id}`);
    card?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);

  const showHighlight = useCallback((id: string) => {
    setActiveId(id);
    document.querySelector(`mark[data-annotation-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);

  if (loadError) {
    return (
      <>
        <AppHeader workspace={workspace} />
        <main class="page" id="main" tabIndex={-1}>
          <Alert>{loadError}</Alert>
          <p>
            <Link href={`/w/${slug}`}>Back to the articles</Link>
          </p>
        </main>
      </>
    );
  }
  if (!state) {
    return (
      <>
        <AppHeader workspace={workspace} />
        <main class="page" id="main" tabIndex={-1}>
          <p class="page-loading" aria-live="polite">
            Loading the article…
          </p>
        </main>
      </>
    );
  }

  const { article, content } = state.detail;
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page reading" id="main" tabIndex={-1}>
        <nav class="breadcrumb" aria-label="Breadcrumb">
          <Link href={`/w/${slug}`}>← {workspace?.name ?? 'Articles'}</Link>
        </nav>
        <div class="reading__grid">
          <article class="reading__article" aria-labelledby="article-title">
            <header class="reading__head">
              <h1 id="article-title" class="reading__title">
                {article.title}
              </h1>
              <p class="reading__meta">
                Imported by {article.createdBy.name},{' '}
                <time dateTime={article.createdAt} title={formatFull(article.createdAt)}>
                  {formatWhen(article.createdAt)}
                </time>
                {article.sourceUrl && (
                  <>
                    {' · '}
                    <a href={article.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
                      Source
                    </a>
                  </>
                )}
              </p>
            </header>
            <div class="reading__text" ref={textRef}>
              <ArticleText
                html={content.html}
                expectedText={content.text}
                annotations={state.annotations}
                activeId={activeId}
                pendingRange={draft?.range ?? null}
                onActivate={setActiveId}
                onOpen={openCard}
                onAnchored={onAnchored}
                onSelection={setSelection}
              />
              {canAnnotate && selection && !draft && (
                <Button
                  class="annotate-button"
                  variant="primary"
                  size="small"
                  style={{ top: `${selection.top}px`, left: `${selection.left}px` }}
                  aria-keyshortcuts="A"
                  title="Annotate the selected passage (A)"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={startDraft}
                >
                  Annotate <kbd aria-hidden="true">A</kbd>
                </Button>
              )}
            </div>
          </article>
          <aside class="sidebar" aria-labelledby="annotations-heading">
            <div class="sidebar__head">
              <h2 id="annotations-heading" class="sidebar__title">
                Annotations
              </h2>
              <span class="sidebar__count">{count(state.annotations.length, 'annotation')}</span>
            </div>
            {draft && (
              <AnnotationForm
                articleId={article.id}
                versionId={content.versionId}
                selectors={draft.selectors}
                onSaved={(annotation) => {
                  dispatch({ type: 'annotationSaved', annotation });
                  setDraft(null);
                  document.getSelection()?.removeAllRanges();
                  requestAnimationFrame(() => openCard(annotation.id));
                }}
                onCancel={() => {
                  setDraft(null);
                  textRef.current?.querySelector<HTMLElement>('.article-text')?.focus({ preventScroll: true });
                }}
              />
            )}
            {state.annotations.length === 0 && !draft && (
              <p class="sidebar__empty">
                {canAnnotate ? 'No annotations yet. Select a passage in the text, then choose Annotate.' : 'No annotations yet.'}
              </p>
            )}
            <ol class="annotation-list">
              {state.annotations.map((annotation) => (
                <AnnotationCard
                  key={annotation.id}
                  annotation={annotation}
                  active={annotation.id === activeId}
                  orphaned={orphans.has(annotation.id)}
                  onActivate={setActiveId}
                  onShow={showHighlight}
                />
              ))}
            </ol>
          </aside>
        </div>
      </main>
    </>
  );
}

function AnnotationCard({
  annotation,
  active,
  orphaned,
  onActivate,
  onShow,
}: {
  annotation: Annotation;
  active: boolean;
  orphaned: boolean;
  onActivate(id: string | null): void;
  onShow(id: string): void;
}) {
  const note = useMemo(() => renderNote(annotation.body), [annotation.body]);
  const kindLabel = annotation.kind === 'claim' ? 'Claim' : 'Comment';
  return (
    <li>
      <article
        id={`annotation-${annotation.id}`}
        class={`annotation-card annotation-card--${annotation.kind}${active ? ' annotation-card--active' : ''}`}
        data-testid="annotation-card"
        data-annotation-id={annotation.id}
        tabIndex={-1}
        aria-label={`${kindLabel} by ${annotation.createdBy.name}`}
        onMouseEnter={() => onActivate(annotation.id)}
        onMouseLeave={() => onActivate(null)}
        onFocusIn={() => onActivate(annotation.id)}
      >
        <header class="annotation-card__head">
          <Badge tone={annotation.kind}>
            <KindIcon kind={annotation.kind} />
            {kindLabel}
          </Badge>
          <span class="annotation-card__author">{annotation.createdBy.name}</span>
          <time class="annotation-card__time" dateTime={annotation.createdAt} title={formatFull(annotation.createdAt)}>
            {formatWhen(annotation.createdAt)}
          </time>
        </header>
        <button
          type="button"
          class="annotation-card__quote"
          disabled={orphaned}
          onClick={() => onShow(annotation.id)}
          aria-label={`Show in the text: ${annotation.selectors.quote.exact}`}
        >
          {annotation.selectors.quote.exact}
        </button>
        {orphaned && <p class="annotation-card__orphan">This passage is no longer in the text.</p>}
        {annotation.body.trim() !== '' && <div class="annotation-card__note prose" dangerouslySetInnerHTML={{ __html: note }} />}
      </article>
    </li>
  );
}

function AnnotationForm({
  articleId,
  versionId,
  selectors,
  onSaved,
  onCancel,
}: {
  articleId: string;
  versionId: string;
  selectors: Selectors;
  onSaved(annotation: Annotation): void;
  onCancel(): void;
}) {
  const [kind, setKind] = useState<AnnotationKind>('comment');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const noteRef = useRef<HTMLTextAreaElement>(null);

  // The note is what one writes next; focus it as the form opens.
  useEffect(() => {
    noteRef.current?.focus();
  }, []);

  async function save(event?: Event) {
    event?.preventDefault();
    if (busy) return;
    const request = { articleVersionId: versionId, kind, selectors, body };
    setBusy(true);
    setError(null);
    try {
      const annotation = await api.createAnnotation(articleId, request, keys.current.keyFor(request));
      keys.current.done();
      onSaved(annotation);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Saving failed. Please try again.');
      setBusy(false);
    }
  }

  return (
    <Card class="annotation-form" aria-labelledby="annotation-form-title">
      <h3 id="annotation-form-title" class="card__title">
        New annotation
      </h3>
      <blockquote class="annotation-form__quote">{selectors.quote.exact}</blockquote>
      <form
        class="stack"
        onSubmit={save}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            save(e);
          }
        }}
      >
        <fieldset class="segmented">
          <legend class="field__label">Kind</legend>
          {(['comment', 'claim'] as const).map((value) => (
            <label key={value} class={`segmented__option${kind === value ? ' segmented__option--checked' : ''}`}>
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <KindIcon kind={value} />
              {value === 'claim' ? 'Claim' : 'Comment'}
            </label>
          ))}
        </fieldset>
        <Field label="Note" hint="Markdown works: **bold**, _italic_, [link](https://…). Ctrl+Enter saves, Esc cancels.">
          {(id, describedBy) => (
            <TextArea id={id} ref={noteRef} rows={5} value={body} aria-describedby={describedBy} onInput={(e) => setBody(e.currentTarget.value)} />
          )}
        </Field>
        {error && <Alert>{error}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
