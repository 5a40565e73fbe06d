// The editor's desk: verdicts waiting for review, oldest first, with how
// long each has waited; approve one (never one's own) or send it back with a
// comment, right here. Verdicts arrive and leave live.
import { useEffect, useReducer, useState } from 'preact/hooks';
import { ApiError, type Rating, StaleError } from '../api/client';
import { type Verdict, verdictApi, type VerdictListItem } from '../api/verdicts';
import { workspaceRoom } from '../live/protocol';
import { renderNote } from '../markdown';
import { Link } from '../router';
import { useApp } from '../session';
import { emptyQueue, queueReducer, verdictEventOf } from '../state/verdict';
import { Alert, Button, Card, Field, TextArea } from '../ui/components';
import { count, formatFull } from '../ui/format';
import { RatingBadge, useNow, useRatingScale, Waiting } from '../ui/verdict';
import { AppHeader } from './AppHeader';
import { focusOnce, formKeys } from './article/forms';
import { NotFound } from './NotFound';

export function ReviewPage({ slug }: { slug: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [queue, dispatch] = useReducer(queueReducer, emptyQueue);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const scale = useRatingScale(slug, live);
  const now = useNow();

  useEffect(() => {
    if (!workspace) return;
    document.title = `Review · ${workspace.name} · Factdesk`;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      verdictApi.list(slug, { state: 'in_review' }).then(
        (items) => {
          if (!current) return;
          dispatch({ type: 'loaded', items });
          setLoaded(true);
          setLoadError(null);
        },
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the verdicts in review.'),
      );
    load();
    let first = true;
    const room = workspaceRoom(slug);
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        if (first) first = false;
        else load();
      },
      onEvent(event) {
        const change = verdictEventOf(event);
        if (!change) return;
        dispatch({ type: 'verdict', verdict: change.verdict, claim: change.claim });
        // A verdict that enters review comes without its article's title: fetch once per burst.
        if (change.verdict.state === 'in_review') {
          if (timer) clearTimeout(timer);
          timer = setTimeout(load, 300);
        }
      },
      onReload() {
        load().then(() => live.resubscribe(room, undefined));
      },
    });
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
      leave();
    };
  }, [slug, workspace?.slug, live]);

  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }
  const mayReview = workspace.role === 'editor' || workspace.role === 'admin';
  const items = queue.items;
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page review-page" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">Review</h1>
          <p class="page__lede" aria-live="polite" data-testid="review-count">
            {loaded ? `${count(items.length, 'verdict')} waiting for review, oldest first.` : 'Loading…'}
            {!mayReview && ' Only editors and admins approve or send back.'}
          </p>
        </div>
        {loadError && <Alert>{loadError}</Alert>}
        {loaded && items.length === 0 && (
          <Card class="empty">
            <p>Nothing is waiting for review. Verdicts appear here, live, when a checker submits one.</p>
          </Card>
        )}
        {items.length > 0 && (
          <ol class="review-list" data-testid="review-queue">
            {items.map((item) => (
              <ReviewItem
                key={item.verdict.id}
                slug={slug}
                item={item}
                scale={scale}
                now={now}
                mayReview={mayReview}
                mine={item.verdict.author.id === session.user.id}
                wrote={item.verdict.contributorIds.includes(session.user.id)}
                onVerdict={(verdict) => dispatch({ type: 'verdict', verdict })}
              />
            ))}
          </ol>
        )}
      </main>
    </>
  );
}

function ReviewItem({
  slug,
  item,
  scale,
  now,
  mayReview,
  mine,
  wrote,
  onVerdict,
}: {
  slug: string;
  item: VerdictListItem;
  scale: Rating[] | null;
  now: number;
  mayReview: boolean;
  mine: boolean;
  /** Whether I wrote any of it (then I may not approve it either). */
  wrote: boolean;
  onVerdict(v: Verdict): void;
}) {
  const { verdict, claim, article } = item;
  const [mode, setMode] = useState<'view' | 'send_back'>('view');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'send_back' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titleId = `review-${verdict.id}`;

  async function move(action: 'approve' | 'send_back') {
    if (busy) return;
    if (action === 'send_back' && !comment.trim()) return;
    setBusy(action);
    setError(null);
    try {
      onVerdict(await verdictApi.transition(verdict.id, action, verdict.version, action === 'send_back' ? comment.trim() : undefined));
    } catch (failure) {
      if (failure instanceof StaleError) {
        const current = failure.current as Verdict;
        onVerdict(current);
        setError('It changed while you were reading it (now shown). Read it again before you decide.');
      } else {
        setError(failure instanceof ApiError ? failure.message : 'That did not work. Please try again.');
      }
      setBusy(null);
    }
  }

  return (
    <li class="review-item" aria-labelledby={titleId} data-testid="review-item">
      <div class="review-item__main">
        <Link id={titleId} class="review-item__claim" href={`/w/${slug}/claims/${claim.id}`}>
          {claim.statement || 'A claim'}
        </Link>
        <p class="review-item__meta">
          {article ? (
            <Link class="review-item__article" href={`/w/${slug}/articles/${article.id}`}>
              {article.title}
            </Link>
          ) : (
            <span class="muted">No article</span>
          )}
          <span class="article-row__sep" aria-hidden="true">
            ·
          </span>
          <span>
            by <span class="review-item__author">{mine ? `${verdict.author.name} (you)` : verdict.author.name}</span>
          </span>
          <span class="article-row__sep" aria-hidden="true">
            ·
          </span>
          <span title={verdict.submittedAt ? `Submitted ${formatFull(verdict.submittedAt)}` : undefined}>
            <Waiting since={verdict.submittedAt} now={now} />
          </span>
        </p>
        {verdict.rationale.trim() && (
          <details class="review-item__rationale">
            <summary>Rationale</summary>
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderNote(verdict.rationale) }} />
          </details>
        )}
      </div>
      <div class="review-item__side">
        <RatingBadge label={verdict.rating} scale={scale} large />
        {mayReview && mode === 'view' && (
          <div class="review-item__actions" role="toolbar" aria-label={`Review: ${claim.statement}`}>
            {!mine && !wrote && (
              <Button size="small" variant="primary" disabled={busy !== null} onClick={() => move('approve')}>
                {busy === 'approve' ? 'Approving…' : 'Approve'}
              </Button>
            )}
            <Button size="small" disabled={busy !== null} onClick={() => setMode('send_back')}>
              Send back
            </Button>
          </div>
        )}
        {mine && mayReview && <p class="review-item__own">Your own: another editor approves it.</p>}
        {!mine && wrote && mayReview && <p class="review-item__own">You helped write it: another editor approves it.</p>}
      </div>
      {mode === 'send_back' && (
        <form
          class="stack review-item__send-back"
          aria-label={`Send back: ${claim.statement}`}
          onSubmit={(e) => {
            e.preventDefault();
            move('send_back');
          }}
          onKeyDown={formKeys(() => move('send_back'), () => setMode('view'))}
        >
          <Field label="What should change?" hint="The author sees this with the verdict. Ctrl+Enter sends, Esc cancels.">
            {(id, describedBy) => <TextArea id={id} ref={focusOnce} rows={3} maxLength={5000} value={comment} aria-describedby={describedBy} onInput={(e) => setComment(e.currentTarget.value)} />}
          </Field>
          <div class="form-actions">
            <Button type="submit" size="small" variant="primary" disabled={!comment.trim() || busy !== null}>
              {busy === 'send_back' ? 'Sending back…' : 'Send back'}
            </Button>
            <Button size="small" onClick={() => setMode('view')}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {error && (
        <div class="review-item__error">
          <Alert>{error}</Alert>
        </div>
      )}
    </li>
  );
}
