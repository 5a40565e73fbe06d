// The workspace's claims, newest first, kept current live.
import { useEffect, useReducer, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { workspaceRoom } from '../live/protocol';
import { Link } from '../router';
import { useApp } from '../session';
import { changesClaimCounts, changesClaimWork, claimsReducer } from '../state/claim';
import { Alert, Card } from '../ui/components';
import { count, formatDate, formatWhen } from '../ui/format';
import { RatingBadge, useRatingScale, VerdictStateBadge } from '../ui/verdict';
import { AppHeader } from './AppHeader';
import { NotFound } from './NotFound';

export function ClaimsPage({ slug }: { slug: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [claims, dispatch] = useReducer(claimsReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const scale = useRatingScale(slug, live);

  useEffect(() => {
    if (!workspace) return;
    document.title = `Claims · ${workspace.name} · Factdesk`;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      api.listClaims(slug).then(
        (list) => current && dispatch({ type: 'loaded', claims: list }),
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the claims.'),
      );
    load();
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
        // Counts of appearances and evidence: fetch again, once per burst.
        if (changesClaimCounts(event) || changesClaimWork(event)) {
          if (timer) clearTimeout(timer);
          timer = setTimeout(load, 400);
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
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">Claims</h1>
          <p class="page__lede">
            {claims ? count(claims.length, 'claim') : 'Loading…'} in {workspace.name}. Make one from a highlight in an article.
          </p>
        </div>
        {loadError && <Alert>{loadError}</Alert>}
        {claims && claims.length === 0 && (
          <Card class="empty">
            <p>No claims yet. Open an article, select a checkable statement and choose Make claim (C).</p>
          </Card>
        )}
        {claims && claims.length > 0 && (
          <ul class="article-list claim-list" data-testid="claim-list">
            {claims.map((claim) => (
              <li key={claim.id} class="article-row" data-testid="claim-row">
                <div class="claim-row__head">
                  <Link class="article-row__title claim-row__statement" href={`/w/${slug}/claims/${claim.id}`}>
                    {claim.statement}
                  </Link>
                  {claim.verdict && (
                    <span class="claim-row__verdict" data-testid="claim-verdict">
                      <VerdictStateBadge state={claim.verdict.state} />
                      {claim.verdict.rating && <RatingBadge label={claim.verdict.rating} scale={scale} />}
                    </span>
                  )}
                </div>
                <p class="article-row__meta">
                  {claim.claimant && (
                    <>
                      <span class="article-row__who">{claim.claimant}</span>
                      {claim.claimDate ? `, ${formatDate(claim.claimDate)}` : ''}
                      <span class="article-row__sep" aria-hidden="true">
                        ·
                      </span>
                    </>
                  )}
                  <span>{count(claim.annotationCount, 'appearance')}</span>
                  <span class="article-row__sep" aria-hidden="true">
                    ·
                  </span>
                  <span>{count(claim.evidenceCount, 'piece of evidence', 'pieces of evidence')}</span>
                  <span class="article-row__sep" aria-hidden="true">
                    ·
                  </span>
                  <span>
                    recorded by {claim.createdBy.name} <time dateTime={claim.createdAt}>{formatWhen(claim.createdAt)}</time>
                  </span>
                  <span class="article-row__sep" aria-hidden="true">
                    ·
                  </span>
                  <span data-testid="claim-assignee">{claim.assignee ? <>assigned to <span class="article-row__who">{claim.assignee.name}</span></> : 'not assigned'}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
