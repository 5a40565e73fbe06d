import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { type Annotation, type AnnotationKind, api, ApiError, type ArticleVersionResult, exportURL, type Reply, type Selectors } from '../api/client';
import { describe } from '../anchoring/selectors';
import { articleRoom } from '../live/protocol';
import { Link, useLocation } from '../router';
import { useApp } from '../session';
import { articleQueue } from '../offline/queue';
import { articleReducer, isOrphaned } from '../state/article';
import { Alert, Button, DownloadLink, Notice } from '../ui/components';
import { PresenceList, PresenceProvider, useRoomPresence } from '../ui/presence';
import { RefusedEdits } from '../ui/RefusedEdits';
import { count, formatFull, formatWhen, hostOf, safeHref } from '../ui/format';
import { useShortcut } from '../ui/shortcuts';
import { AppHeader } from './AppHeader';
import { ArticleText, selectionIn, type TextSelection } from './ArticleText';
import { AnnotationCard, NotSent, type Permissions } from './article/AnnotationCard';
import { AnnotationForm, type ClaimSource, ClaimForm } from './article/forms';
import { describeReanchoring, NewVersionDialog } from './article/NewVersionDialog';

interface Draft {
  range: Range;
  selectors: Selectors;
}

/** What the sidebar's top form is doing, if anything. */
type Composer = { type: 'annotation'; draft: Draft; kind: AnnotationKind } | { type: 'claim'; draft: Draft | null; source: ClaimSource };

export function ArticlePage({ slug, articleId }: { slug: string; articleId: string }) {
  const { session, live, outbox, queue } = useApp();
  const { search } = useLocation();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [state, dispatch] = useReducer(articleReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  // A long sidebar fills in over a few frames, so that the text and its
  // highlights appear first (a thousand cards took most of a second).
  const cardsShown = useProgressive(state?.annotations.length ?? 0);
  /** The card this person has open (focused or opened from the text): told to the room. */
  const [openId, setOpenId] = useState<string | null>(null);
  const [subscribed, setSubscribed] = useState(false);
  const [unanchored, setUnanchored] = useState<Set<string>>(new Set());
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [composer, setComposer] = useState<Composer | null>(null);
  const [newVersion, setNewVersion] = useState(false);
  const [versionNotice, setVersionNotice] = useState<{ text: string; tone: 'ok' | 'info' } | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const sidebarRef = useRef<HTMLElement>(null);
  const reloadRef = useRef<() => void>(() => {});

  useEffect(() => {
    let current = true;
    const room = articleRoom(articleId);
    let leave: (() => void) | null = null;
    const load = () => api.getArticle(articleId);
    // A new version changed the text: fetch it again (events that overtake
    // the fetch are replayed over it by the reducer).
    let refetching = false;
    reloadRef.current = () => {
      if (refetching) return;
      refetching = true;
      load().then(
        (fresh) => {
          refetching = false;
          if (current) dispatch({ type: 'loaded', detail: fresh });
        },
        () => (refetching = false),
      );
    };
    load().then(
      (detail) => {
        if (!current) return;
        // Where the reading view's timing starts (see ArticleText's highlights).
        performance.mark('factdesk:article-data', { detail: { articleId, annotations: detail.annotations.length } });
        dispatch({ type: 'loaded', detail });
        document.title = `${detail.article.title} · Factdesk`;
        leave = live.subscribe(room, detail.seq, {
          onSubscribed() {
            setSubscribed(true);
          },
          onEvent(event) {
            dispatch({ type: 'event', event });
            if (event.type === 'article.versioned') {
              reloadRef.current();
              if (event.actor?.id !== session.user.id) {
                setVersionNotice({ text: `${event.actor?.name ?? 'Someone'} imported a new version; the highlights were moved with their text.`, tone: 'info' });
              }
            }
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
  }, [articleId, live, session.user.id]);

  // Who else is here, and what this person has open: the card, or the form
  // of a new annotation or claim.
  const presence = useRoomPresence(subscribed ? articleRoom(articleId) : null);
  const focusTarget = composer ? `new-annotation:${articleId}` : openId ? `annotation:${openId}` : null;
  useEffect(() => {
    presence.reporter?.focus(focusTarget);
  }, [presence.reporter, focusTarget]);

  // Edits this person made offline, sent now: show what the server made of them.
  useEffect(
    () =>
      outbox.onSent((edit, record) => {
        if (!('articleId' in edit) || edit.articleId !== articleId) return;
        if (edit.kind === 'createAnnotation' || edit.kind === 'updateAnnotation') dispatch({ type: 'annotationSaved', annotation: record as Annotation });
        if (edit.kind === 'createReply' || edit.kind === 'updateReply') dispatch({ type: 'replySaved', reply: record as Reply });
      }),
    [outbox, articleId],
  );
  const waiting = useMemo(() => articleQueue(queue, articleId), [queue, articleId]);

  const role = state?.detail.role ?? workspace?.role ?? 'viewer';
  const permissions = useMemo<Permissions>(
    () => ({
      canWrite: role !== 'viewer',
      mayChange: (authorId) => role === 'editor' || role === 'admin' || (role !== 'viewer' && authorId === session.user.id),
    }),
    [role, session.user.id],
  );
  const canAnnotate = state !== null && permissions.canWrite;

  const textRoot = () => textRef.current?.querySelector<HTMLElement>('.article-text') ?? null;

  // Starts from what is selected right now (the selection state may lag a
  // keystroke behind the document's).
  const draftFromSelection = useCallback((): Draft | null => {
    const root = textRoot();
    const range = root && selectionIn(root);
    if (!root || !range) return null;
    const selectors = describe(root, range);
    return selectors ? { range, selectors } : null;
  }, []);

  const startAnnotation = useCallback(() => {
    const draft = draftFromSelection();
    if (!draft) return false;
    setComposer({ type: 'annotation', draft, kind: 'comment' });
    setSelection(null);
    return true;
  }, [draftFromSelection]);

  const startClaim = useCallback(
    (annotation?: Annotation) => {
      if (annotation) {
        setComposer({ type: 'claim', draft: null, source: { kind: 'annotation', annotation } });
        return true;
      }
      const draft = draftFromSelection();
      if (!draft) return false;
      setComposer({ type: 'claim', draft, source: { kind: 'selection', selectors: draft.selectors } });
      setSelection(null);
      return true;
    },
    [draftFromSelection],
  );

  // A: annotate the selected passage. C: make a claim of the selected
  // passage, or of the highlight in focus (or under the pointer).
  useShortcut('a', () => startAnnotation() || false, canAnnotate && !composer);
  useShortcut(
    'c',
    () => {
      if (startClaim()) return true;
      const annotation = state?.annotations.find((a) => a.id === activeId);
      return annotation && !annotation.claim ? startClaim(annotation) : false;
    },
    canAnnotate && !composer,
  );

  const onAnchored = useCallback((next: Set<string>) => {
    setUnanchored((previous) => (previous.size === next.size && [...next].every((id) => previous.has(id)) ? previous : next));
  }, []);

  /** Scrolls the sidebar (only the sidebar) so the card is in view. */
  const revealCard = useCallback((id: string) => {
    const card = document.getElementById(`annotation-${id}`);
    const sidebar = sidebarRef.current;
    if (!card || !sidebar) return;
    const box = sidebar.getBoundingClientRect();
    const at = card.getBoundingClientRect();
    if (sidebar.scrollHeight > sidebar.clientHeight && (at.top < box.top || at.bottom > box.bottom)) {
      sidebar.scrollTo({ top: sidebar.scrollTop + at.top - box.top - 12, behavior: 'smooth' });
    } else if (sidebar.scrollHeight <= sidebar.clientHeight) {
      card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }, []);

  const openCard = useCallback((id: string) => {
    setActiveId(id);
    setOpenId(id);
    const card = document.getElementById(`annotation-${id}`);
    card?.focus({ preventScroll: true });
    revealCard(id);
  }, [revealCard]);

  const hoverHighlight = useCallback(
    (id: string | null) => {
      setActiveId(id);
      if (id) revealCard(id);
    },
    [revealCard],
  );

  const showHighlight = useCallback((id: string) => {
    setActiveId(id);
    const mark = document.querySelector<HTMLElement>(`mark[data-annotation-id="${CSS.escape(id)}"]`);
    mark?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    mark?.focus({ preventScroll: true });
    // Focus left the card for its highlight: it is still the one open.
    setOpenId(id);
  }, []);

  // A link to one annotation (from search): ?annotation=<id>.
  const linked = new URLSearchParams(search);
  const wantedReply = linked.get('reply');
  const wanted = linked.get('annotation') ?? (wantedReply ? state?.annotations.find((a) => a.replies.some((r) => r.id === wantedReply))?.id ?? null : null);
  const loaded = state !== null;
  useEffect(() => {
    if (loaded && wanted) requestAnimationFrame(() => openCard(wanted));
  }, [loaded, wanted, openCard]);

  const closeComposer = useCallback(() => {
    setComposer(null);
    textRoot()?.focus({ preventScroll: true });
  }, []);

  const saved = useCallback(
    (annotation: Annotation) => {
      dispatch({ type: 'annotationSaved', annotation });
      setComposer(null);
      document.getSelection()?.removeAllRanges();
      requestAnimationFrame(() => openCard(annotation.id));
    },
    [openCard],
  );

  function versioned(result: ArticleVersionResult) {
    setNewVersion(false);
    setVersionNotice({ text: describeReanchoring(result), tone: result.changed ? 'ok' : 'info' });
    if (result.changed) reloadRef.current();
  }

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
  const orphaned = (a: Annotation) => isOrphaned(a) || unanchored.has(a.id);
  const placed = state.annotations.filter((a) => !orphaned(a));
  const shownCards = Math.min(placed.length, cardsShown);
  const gone = state.annotations.filter(orphaned);
  const original = safeHref(article.canonicalUrl ?? article.sourceUrl);
  const source = safeHref(article.sourceUrl);
  const pending = composer?.type === 'annotation' ? composer.draft.range : composer?.type === 'claim' ? composer.draft?.range ?? null : null;

  const card = (annotation: Annotation) => (
    <AnnotationCard
      key={annotation.id}
      slug={slug}
      annotation={annotation}
      active={annotation.id === activeId}
      orphaned={orphaned(annotation)}
      permissions={permissions}
      onActivate={setActiveId}
      onOpen={setOpenId}
      onShow={showHighlight}
      queued={waiting.byAnnotation.get(annotation.id)}
      whoChanged={whoChanged}
      onSaved={(a) => dispatch({ type: 'annotationSaved', annotation: a })}
      onDeleted={(id) => dispatch({ type: 'annotationDeleted', id })}
      onReplySaved={(reply) => dispatch({ type: 'replySaved', reply })}
      onReplyDeleted={(reply) => dispatch({ type: 'replyDeleted', id: reply.id, annotationId: reply.annotationId })}
      onMakeClaim={(a) => startClaim(a)}
    />
  );

  /** Who made a version of an annotation or reply, from the live events seen. */
  const whoChanged = (id: string, version: number): string | null => {
    for (let i = state.recent.length - 1; i >= 0; i--) {
      const event = state.recent[i]!;
      const payload = event.payload as { id?: unknown; version?: unknown };
      if (payload.id === id && payload.version === version) return event.actor?.name ?? null;
    }
    return null;
  };

  /** What a presence target is, in words, for the list of who is here. */
  function describeTarget(target: string): string | null {
    const [kind, id] = target.split(':');
    if (kind === 'new-annotation') return 'a new annotation';
    if (kind === 'annotation' || (kind === 'reply' && state!.annotations.some((a) => a.id === id))) {
      const a = state!.annotations.find((x) => x.id === id);
      return a ? `“${shorten(a.selectors.quote.exact)}”` : 'an annotation';
    }
    if (kind === 'reply') return 'a reply';
    return null;
  }

  return (
    <PresenceProvider value={presence}>
      <AppHeader workspace={workspace} />
      <main class="page reading" id="main" tabIndex={-1}>
        <nav class="breadcrumb" aria-label="Breadcrumb">
          <Link href={`/w/${slug}`}>← {workspace?.name ?? 'Articles'}</Link>
        </nav>
        <div class="reading__grid">
          <article class="reading__article" aria-labelledby="article-title">
            <header class="reading__head">
              {article.publisher && <p class="reading__kicker" data-testid="article-publisher">{article.publisher}</p>}
              <h1 id="article-title" class="reading__title">
                {article.title}
              </h1>
              <dl class="reading__facts" data-testid="article-metadata">
                {article.byline && (
                  <div>
                    <dt>By</dt>
                    <dd data-testid="article-byline">{article.byline}</dd>
                  </div>
                )}
                {article.publishedAt && (
                  <div>
                    <dt>Published</dt>
                    <dd>
                      <time dateTime={article.publishedAt}>{formatFull(article.publishedAt)}</time>
                    </dd>
                  </div>
                )}
                {(article.canonicalUrl || article.sourceUrl) && (
                  <div>
                    <dt>Original</dt>
                    <dd>
                      {original ? (
                        <a href={original} rel="noopener noreferrer nofollow" target="_blank" data-testid="article-original">
                          {hostOf(original)}
                        </a>
                      ) : (
                        <span>{article.canonicalUrl ?? article.sourceUrl}</span>
                      )}
                      {source && original !== source && (
                        <>
                          {' · '}
                          <a href={source} rel="noopener noreferrer nofollow" target="_blank">
                            fetched from {hostOf(source)}
                          </a>
                        </>
                      )}
                    </dd>
                  </div>
                )}
              </dl>
              <p class="reading__meta">
                Imported by {article.createdBy.name},{' '}
                <time dateTime={article.createdAt} title={formatFull(article.createdAt)}>
                  {formatWhen(article.createdAt)}
                </time>
                {' · '}
                <span data-testid="article-version">Version {article.currentVersion.number}</span>
                {article.currentVersion.number > 1 && (
                  <>
                    {' of '}
                    <time dateTime={article.currentVersion.createdAt}>{formatWhen(article.currentVersion.createdAt)}</time>
                  </>
                )}
              </p>
              <div class="reading__tools" role="toolbar" aria-label="Article">
                {permissions.canWrite && (
                  <Button size="small" onClick={() => setNewVersion(true)}>
                    New version
                  </Button>
                )}
                <DownloadLink href={exportURL.articleAnnotations(article.id)} download={`annotations-${article.id}.jsonld`} title="All annotations as a W3C Web Annotation collection (JSON-LD)">
                  Annotations (JSON-LD)
                </DownloadLink>
                <DownloadLink href={exportURL.articleClaimsCSV(article.id)} download={`claims-${article.id}.csv`} title="The claims highlighted in this article, as a spreadsheet (CSV)">
                  Claims (CSV)
                </DownloadLink>
                <Link class="button button--ghost button--small" href={`/w/${slug}/dashboard?article=${encodeURIComponent(article.id)}`} title="Counts and charts for the claims in this article">
                  <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                    <path d="M3 13V8m5 5V3m5 10V6M2 13.5h12" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
                  </svg>
                  Dashboard
                </Link>
              </div>
              {versionNotice && (
                <div class="reading__notice" data-testid="version-notice">
                  <Notice tone={versionNotice.tone}>{versionNotice.text}</Notice>
                </div>
              )}
            </header>
            <div class="reading__text" ref={textRef}>
              <ArticleText
                html={content.html}
                title={article.title}
                expectedText={content.text}
                annotations={state.annotations}
                activeId={activeId}
                pendingRange={pending}
                onActivate={hoverHighlight}
                onOpen={openCard}
                onAnchored={onAnchored}
                onSelection={setSelection}
              />
              {canAnnotate && selection && !composer && (
                <div class="selection-actions" role="toolbar" aria-label="Selected passage" style={{ top: `${selection.top}px`, left: `${selection.left}px` }}>
                  <button
                    type="button"
                    class="selection-actions__button"
                    aria-keyshortcuts="A"
                    title="Annotate the selected passage (A)"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={startAnnotation}
                  >
                    Annotate <kbd aria-hidden="true">A</kbd>
                  </button>
                  <button
                    type="button"
                    class="selection-actions__button"
                    aria-keyshortcuts="C"
                    title="Make a claim of the selected passage (C)"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => startClaim()}
                  >
                    Make claim <kbd aria-hidden="true">C</kbd>
                  </button>
                </div>
              )}
            </div>
          </article>
          <aside class="sidebar" aria-labelledby="annotations-heading" ref={sidebarRef}>
            <PresenceList view={presence.view} describe={describeTarget} />
            <div class="sidebar__head">
              <h2 id="annotations-heading" class="sidebar__title">
                Annotations
              </h2>
              <span class="sidebar__count">{count(state.annotations.length, 'annotation')}</span>
            </div>
            {composer?.type === 'annotation' && (
              <AnnotationForm
                slug={slug}
                articleId={article.id}
                versionId={content.versionId}
                selectors={composer.draft.selectors}
                initialKind={composer.kind}
                onSaved={saved}
                onQueued={closeComposer}
                onCancel={closeComposer}
              />
            )}
            {composer?.type === 'claim' && (
              <ClaimForm slug={slug} articleId={article.id} versionId={content.versionId} source={composer.source} onDone={saved} onCancel={closeComposer} />
            )}
            <RefusedEdits refused={waiting.refused} />
            {waiting.creates.length > 0 && (
              <ol class="annotation-list annotation-list--queued" aria-label="Waiting to be sent">
                {waiting.creates.map(({ id, request }) => (
                  <li key={id}>
                    <article class="annotation-card annotation-card--queued" data-testid="queued-annotation" aria-label="New annotation, not sent yet">
                      <header class="annotation-card__head">
                        <span class="annotation-card__author">{session.user.name}</span>
                        <NotSent />
                      </header>
                      <p class="annotation-card__quote annotation-card__quote--static">{request.selectors.quote.exact}</p>
                      {request.body?.trim() && <p class="annotation-card__note">{request.body}</p>}
                    </article>
                  </li>
                ))}
              </ol>
            )}
            {state.annotations.length === 0 && waiting.creates.length === 0 && !composer && (
              <p class="sidebar__empty">
                {canAnnotate ? 'No annotations yet. Select a passage in the text, then choose Annotate (A) or Make claim (C).' : 'No annotations yet.'}
              </p>
            )}
            <ol class="annotation-list" aria-label="In the text">
              {placed.slice(0, shownCards).map(card)}
            </ol>
            {gone.length > 0 && (
              <section class="orphans" aria-labelledby="orphans-heading" data-testid="orphans">
                <h3 id="orphans-heading" class="orphans__title">
                  No longer in the text <span class="orphans__count">{gone.length}</span>
                </h3>
                <p class="orphans__lede">The passages these were made on changed or were removed in a newer version. Their old quote is kept.</p>
                <ol class="annotation-list">{gone.map(card)}</ol>
              </section>
            )}
          </aside>
        </div>
      </main>
      {newVersion && <NewVersionDialog article={article} onDone={versioned} onClose={() => setNewVersion(false)} />}
    </PresenceProvider>
  );
}

function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * How many of a long list to render now: the first few at once, then more
 * on each animation frame until all are.
 */
function useProgressive(total: number, first = 40, step = 200): number {
  const [shown, setShown] = useState(first);
  useEffect(() => {
    if (shown >= total) return;
    const frame = requestAnimationFrame(() => setShown((n) => Math.min(total, n + step)));
    return () => cancelAnimationFrame(frame);
  }, [shown, total, step]);
  return Math.max(shown, Math.min(total, first));
}
