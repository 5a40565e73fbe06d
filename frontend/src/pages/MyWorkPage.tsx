// The checker's desk: what is mine to do. Verdicts sent back to me (with the
// editor's comment) first, then claims assigned to me, my drafts, and what I
// have in review. Kept current live.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Claim, type Rating } from '../api/client';
import { type MyWork, verdictApi, type VerdictListItem } from '../api/verdicts';
import { workspaceRoom } from '../live/protocol';
import { Link } from '../router';
import { useApp } from '../session';
import { assignedClaimOf, verdictEventOf } from '../state/verdict';
import { Alert, Card } from '../ui/components';
import { formatFull, formatWhen } from '../ui/format';
import { RatingBadge, useNow, useRatingScale, VerdictStateBadge, Waiting } from '../ui/verdict';
import { AppHeader } from './AppHeader';
import { NotFound } from './NotFound';

export function MyWorkPage({ slug }: { slug: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [work, setWork] = useState<MyWork | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const scale = useRatingScale(slug, live);
  const now = useNow();

  useEffect(() => {
    if (!workspace) return;
    document.title = `My work · ${workspace.name} · Factdesk`;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let ticket = 0;
    const load = () => {
      const mine = ++ticket;
      return verdictApi.myWork(slug).then(
        (next) => {
          if (!current || mine !== ticket) return;
          setWork(next);
          setLoadError(null);
        },
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load your work.'),
      );
    };
    const loadSoon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 250);
    };
    load();
    let first = true;
    const room = workspaceRoom(slug);
    const me = session.user.id;
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        if (first) first = false;
        else load();
      },
      onEvent(event) {
        // Anything about my verdicts or my assignments: the lists are the server's to make.
        const verdict = verdictEventOf(event);
        if (verdict && (verdict.verdict.author.id === me || verdict.notify.includes(me))) loadSoon();
        if (assignedClaimOf(event)) loadSoon();
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
  }, [slug, workspace?.slug, live, session.user.id]);

  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }
  const total = work ? work.sentBack.length + work.assigned.length + work.drafts.length + work.inReview.length : 0;
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page my-work" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">My work</h1>
          <p class="page__lede">{work ? (total === 0 ? 'Nothing waits for you.' : 'What is yours to do, sent back first.') : 'Loading…'}</p>
        </div>
        {loadError && <Alert>{loadError}</Alert>}
        {work && (
          <div class="my-work__sections">
            <WorkSection id="sent-back" title="Sent back to you" count={work.sentBack.length} empty="No verdict of yours is waiting for changes." tone="warn">
              {work.sentBack.map((item) => (
                <VerdictRow key={item.verdict.id} slug={slug} item={item} scale={scale} now={now} showComment />
              ))}
            </WorkSection>
            <WorkSection id="assigned" title="Assigned to you" count={work.assigned.length} empty="No claim is assigned to you.">
              {work.assigned.map((claim) => (
                <ClaimRow key={claim.id} slug={slug} claim={claim} />
              ))}
            </WorkSection>
            <WorkSection id="drafts" title="Your drafts" count={work.drafts.length} empty="No drafts.">
              {work.drafts.map((item) => (
                <VerdictRow key={item.verdict.id} slug={slug} item={item} scale={scale} now={now} />
              ))}
            </WorkSection>
            <WorkSection id="in-review" title="Yours in review" count={work.inReview.length} empty="Nothing of yours is in review.">
              {work.inReview.map((item) => (
                <VerdictRow key={item.verdict.id} slug={slug} item={item} scale={scale} now={now} />
              ))}
            </WorkSection>
          </div>
        )}
      </main>
    </>
  );
}

function WorkSection({ id, title, count, empty, tone, children }: { id: string; title: string; count: number; empty: string; tone?: 'warn'; children: ComponentChildren }) {
  return (
    <section class={tone && count > 0 ? `work-section work-section--${tone}` : 'work-section'} aria-labelledby={`${id}-heading`} data-testid={`my-work-${id}`}>
      <h2 id={`${id}-heading`} class="section-head__title work-section__title">
        {title} <span class="section-head__count">{count}</span>
      </h2>
      {count === 0 ? <p class="work-section__empty">{empty}</p> : <ul class="article-list work-list">{children}</ul>}
    </section>
  );
}

function VerdictRow({ slug, item, scale, now, showComment }: { slug: string; item: VerdictListItem; scale: Rating[] | null; now: number; showComment?: boolean }) {
  const { verdict, claim, article } = item;
  return (
    <li class="article-row work-row">
      <div class="work-row__head">
        <Link class="article-row__title work-row__claim" href={`/w/${slug}/claims/${claim.id}`}>
          {claim.statement}
        </Link>
        <span class="work-row__badges">
          <VerdictStateBadge state={verdict.state} />
          <RatingBadge label={verdict.rating} scale={scale} />
        </span>
      </div>
      <p class="article-row__meta">
        {article && (
          <>
            <span>{article.title}</span>
            <span class="article-row__sep" aria-hidden="true">
              ·
            </span>
          </>
        )}
        {verdict.state === 'in_review' ? (
          <Waiting since={verdict.submittedAt} now={now} />
        ) : (
          <span>
            changed{' '}
            <time dateTime={verdict.updatedAt} title={formatFull(verdict.updatedAt)}>
              {formatWhen(verdict.updatedAt)}
            </time>
          </span>
        )}
      </p>
      {showComment && verdict.reviewComment && (
        <p class="work-row__comment" data-testid="sent-back-comment">
          <span class="work-row__comment-label">{verdict.sentBackBy ? `${verdict.sentBackBy.name} asked:` : 'The editor asked:'}</span> {verdict.reviewComment}
        </p>
      )}
    </li>
  );
}

function ClaimRow({ slug, claim }: { slug: string; claim: Claim }) {
  return (
    <li class="article-row work-row">
      <div class="work-row__head">
        <Link class="article-row__title work-row__claim" href={`/w/${slug}/claims/${claim.id}`}>
          {claim.statement}
        </Link>
        {claim.verdict ? <VerdictStateBadge state={claim.verdict.state} /> : <span class="badge">No verdict yet</span>}
      </div>
      <p class="article-row__meta">
        {claim.claimant && (
          <>
            <span class="article-row__who">{claim.claimant}</span>
            <span class="article-row__sep" aria-hidden="true">
              ·
            </span>
          </>
        )}
        <span>
          {claim.evidenceCount === 1 ? '1 piece of evidence' : `${claim.evidenceCount} pieces of evidence`}
        </span>
      </p>
    </li>
  );
}
