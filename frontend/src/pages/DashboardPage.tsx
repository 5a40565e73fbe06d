// The desk's numbers, or one article's: claims found and when, where the
// verdicts stand, what the published ones say, and how long publishing
// takes. Fetched again (once per burst) as claims and verdicts change.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Dashboard, type Event } from '../api/client';
import { workspaceRoom } from '../live/protocol';
import { Link } from '../router';
import { useApp } from '../session';
import { BarChart, ColumnChart, type Datum, formatHours, weekLabels } from '../ui/charts';
import { Alert, Card } from '../ui/components';
import { count } from '../ui/format';
import { AppHeader } from './AppHeader';
import { NotFound } from './NotFound';

/** Whether an event may change the dashboard's counts. */
export function changesDashboard(event: Pick<Event, 'type' | 'articleId'>, articleId: string | null): boolean {
  if (event.type.startsWith('claim.') || event.type.startsWith('verdict.') || event.type === 'workspace.settings_updated') return true;
  if (event.type.startsWith('annotation.') || event.type.startsWith('article.')) return !articleId || event.articleId === articleId;
  return false;
}

const stateNames: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Published',
};

export function DashboardPage({ slug, articleId }: { slug: string; articleId: string | null }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    if (!workspace) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      setLoading(true);
      return api.dashboard(slug, articleId ?? undefined).then(
        (next) => {
          if (!current) return;
          setData(next);
          setError(null);
          setLoading(false);
        },
        (failure: unknown) => {
          if (!current) return;
          setError(failure instanceof ApiError ? failure.message : 'Could not load the dashboard.');
          setLoading(false);
        },
      );
    };
    void load();
    let first = true;
    const room = workspaceRoom(slug);
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        // Anything that happened between the first fetch and the subscription.
        if (first) {
          first = false;
          void load();
        }
      },
      onEvent(event) {
        if (!changesDashboard(event, articleId)) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(load, 700);
      },
      onReload() {
        void load().then(() => live.resubscribe(room, undefined));
      },
    });
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
      leave();
    };
  }, [slug, articleId, workspace?.slug, live]);

  const articleTitle = data?.scope.articleTitle;
  useEffect(() => {
    if (workspace) document.title = `Dashboard${articleTitle ? ` · ${articleTitle}` : ''} · ${workspace.name} · Factdesk`;
  }, [workspace?.name, articleTitle]);

  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }
  const base = `/w/${slug}`;
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page dashboard" id="main" tabIndex={-1} aria-busy={loading ? 'true' : undefined}>
        {articleId && (
          <nav class="breadcrumb" aria-label="Breadcrumb">
            <Link href={`${base}/articles/${articleId}`}>← {articleTitle ?? 'The article'}</Link>
          </nav>
        )}
        <div class="page__head dashboard__head">
          <div>
            <h1 class="page__title">Dashboard</h1>
            <p class="page__lede">
              {articleId ? (
                <>
                  The claims found in <cite class="dashboard__cite">{articleTitle ?? 'this article'}</cite>. <Link href={`${base}/dashboard`}>See the whole desk</Link>
                </>
              ) : (
                <>Everything checked on {workspace.name}.</>
              )}
            </p>
          </div>
        </div>
        {error && <Alert>{error}</Alert>}
        {!data && !error && <p class="muted">Loading…</p>}
        {data && data.claims === 0 && (
          <Card class="empty dashboard__empty" data-testid="dashboard-empty">
            <h2 class="card__title">No claims {articleId ? 'in this article' : 'on this desk'} yet</h2>
            <p class="card__lede">
              {articleId
                ? 'Select a checkable statement in the article and choose Make claim (C). Counts and charts appear here as claims are found and checked.'
                : 'Counts and charts appear here once checkers start marking claims in articles: how many are found each week, where their verdicts stand, and how long publishing takes.'}
            </p>
            <p>
              <Link href={articleId ? `${base}/articles/${articleId}` : base}>{articleId ? 'Back to the article' : 'Go to the articles'}</Link>
            </p>
          </Card>
        )}
        {data && data.claims > 0 && <DashboardBody data={data} />}
      </main>
    </>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const weeks: Datum[] = data.claimsByWeek.map((w) => ({ key: w.week, count: w.count, ...weekLabels(w.week) }));
  const states: Datum[] = data.verdictsByState.map((s) => ({ key: s.key, label: s.label || stateNames[s.key] || s.key, count: s.count }));
  const ratings: Datum[] = data.verdictsByRating.map((r) => ({ key: r.key, label: r.label || r.key, count: r.count, colour: r.colour }));
  const buckets: Datum[] = data.publication.buckets.map((b) => ({ key: b.key, label: b.label || b.key, count: b.count }));
  const verdicts = states.reduce((sum, s) => sum + s.count, 0);
  const published = data.publication.published;
  const median = formatHours(data.publication.medianHours);
  const p90 = formatHours(data.publication.p90Hours);
  const withVerdict = data.claims - data.claimsWithoutVerdict;
  return (
    <div class="dashboard__body">
      <dl class="stat-tiles" data-testid="dashboard-stats">
        <div class="stat-tile stat-tile--lead">
          <dt class="stat-tile__label">Claims found</dt>
          <dd class="stat-tile__value" data-testid="claims-found">
            {data.claims}
          </dd>
          <dd class="stat-tile__note">{withVerdict} {withVerdict === 1 ? 'has' : 'have'} a verdict</dd>
        </div>
        <div class="stat-tile">
          <dt class="stat-tile__label">Without a verdict</dt>
          <dd class="stat-tile__value" data-testid="claims-without-verdict">
            {data.claimsWithoutVerdict}
          </dd>
          <dd class="stat-tile__note">no verdict started yet</dd>
        </div>
        <div class="stat-tile">
          <dt class="stat-tile__label">Published</dt>
          <dd class="stat-tile__value">{published}</dd>
          <dd class="stat-tile__note">{count(verdicts, 'verdict')} in all</dd>
        </div>
        <div class="stat-tile">
          <dt class="stat-tile__label">Median to publication</dt>
          <dd class="stat-tile__value stat-tile__value--words">
            {median ? <span title={formatHours(data.publication.medianHours, 'long') ?? undefined}>{median}</span> : '—'}
          </dd>
          <dd class="stat-tile__note">{median ? 'from claim found to verdict published' : 'nothing published yet'}</dd>
        </div>
      </dl>

      <div class="dashboard__grid">
        <Card class="chart-card chart-card--wide" aria-labelledby="chart-weeks">
          <h2 id="chart-weeks" class="chart-card__title">
            Claims found per week
          </h2>
          <p class="chart-card__lede">The last {weeks.length} weeks, weeks starting on Monday.</p>
          <ColumnChart
            title="Claims found per week"
            data={weeks}
            yLabel="Claims"
            xLabel="Week starting"
            categoryName="Week"
            valueName="Claims"
            testId="chart-weeks"
          />
        </Card>

        <Card class="chart-card" aria-labelledby="chart-states">
          <h2 id="chart-states" class="chart-card__title">
            Verdicts by state
          </h2>
          <p class="chart-card__lede">From first draft to published, in the order a verdict goes.</p>
          {verdicts > 0 ? (
            <BarChart title="Verdicts by state" data={states} categoryName="State" valueName="Verdicts" testId="chart-states" />
          ) : (
            <p class="chart-card__empty">No verdict has been started yet.</p>
          )}
        </Card>

        <Card class="chart-card" aria-labelledby="chart-ratings">
          <h2 id="chart-ratings" class="chart-card__title">
            Published verdicts by rating
          </h2>
          <p class="chart-card__lede">Each published verdict’s current rating, in the order of the scale.</p>
          {published > 0 && ratings.some((r) => r.count > 0) ? (
            <BarChart title="Published verdicts by rating" data={ratings} categoryName="Rating" valueName="Verdicts" testId="chart-ratings" />
          ) : (
            <p class="chart-card__empty">Nothing published yet.</p>
          )}
        </Card>

        <Card class="chart-card chart-card--wide" aria-labelledby="chart-publication">
          <h2 id="chart-publication" class="chart-card__title">
            Time from claim to publication
          </h2>
          {published > 0 ? (
            <>
              <p class="chart-card__lede" data-testid="publication-times">
                {published === 1 ? (
                  <>
                    The one published verdict came out <strong>{median ?? '—'}</strong> after its claim was found.
                  </>
                ) : (
                  <>
                    Half of the {published} published verdicts came out within <strong>{median ?? '—'}</strong> of their claim being found; nine in ten within{' '}
                    <strong>{p90 ?? '—'}</strong>.
                  </>
                )}
              </p>
              <ColumnChart
                title="Time from claim to publication"
                data={buckets}
                yLabel="Verdicts"
                xLabel="Time to publication"
                categoryName="Time to publication"
                valueName="Verdicts"
                barsWhenCrowded
                testId="chart-publication"
              />
            </>
          ) : (
            <p class="chart-card__empty">No verdict has been published yet, so there is no time to measure.</p>
          )}
        </Card>
      </div>
    </div>
  );
}
