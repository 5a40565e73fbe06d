// Search across the desk: articles, highlights and their notes, replies,
// claims and evidence, narrowed by tag, author, claim or article. The query
// lives in the address, so a search can be linked and reloaded.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Article, type Claim, type Member, type SearchResult, type SearchResults, type TagCount } from '../api/client';
import { navigate, Link, useLocation } from '../router';
import { splitMatches } from '../search/matches';
import { useApp } from '../session';
import { Alert, Badge, Button, Card, Field, Input, Select } from '../ui/components';
import { count } from '../ui/format';
import { AppHeader } from './AppHeader';
import { NotFound } from './NotFound';

const FILTERS = ['tag', 'author', 'claim', 'article'] as const;
type Filter = (typeof FILTERS)[number];

const typeLabels: Record<SearchResult['type'], string> = {
  article: 'Article',
  annotation: 'Highlight',
  reply: 'Reply',
  claim: 'Claim',
  evidence: 'Evidence',
};

/** The snippet with its matched words in <mark>: text nodes only, never HTML. */
export function Snippet({ text, matches }: { text: string; matches: readonly string[] }) {
  return (
    <>
      {splitMatches(text, matches).map((segment, i) => (segment.match ? <mark key={i}>{segment.text}</mark> : segment.text))}
    </>
  );
}

function resultHref(slug: string, result: SearchResult): string {
  const base = `/w/${slug}`;
  switch (result.type) {
    case 'article':
      return `${base}/articles/${result.id}`;
    case 'annotation':
      return result.articleId ? `${base}/articles/${result.articleId}?annotation=${result.id}` : base;
    case 'reply':
      return result.articleId ? `${base}/articles/${result.articleId}?reply=${result.id}` : base;
    case 'claim':
      return `${base}/claims/${result.id}`;
    case 'evidence':
      return result.claimId ? `${base}/claims/${result.claimId}` : `${base}/claims`;
  }
}

export function SearchPage({ slug }: { slug: string }) {
  const { session } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const query = { q: params.get('q') ?? '', tag: params.get('tag') ?? '', author: params.get('author') ?? '', claim: params.get('claim') ?? '', article: params.get('article') ?? '' };
  const [q, setQ] = useState(query.q);
  const [filters, setFilters] = useState<Record<Filter, string>>({ tag: query.tag, author: query.author, claim: query.claim, article: query.article });
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [options, setOptions] = useState<{ members: Member[]; tags: TagCount[]; claims: Claim[]; articles: Article[] }>({ members: [], tags: [], claims: [], articles: [] });

  // What the filters can be: loaded once.
  useEffect(() => {
    if (!workspace) return;
    document.title = `Search · ${workspace.name} · Factdesk`;
    const quiet = <T,>(p: Promise<T[]>) => p.catch(() => [] as T[]);
    Promise.all([quiet(api.listMembers(slug)), quiet(api.listTags(slug)), quiet(api.listClaims(slug)), quiet(api.listArticles(slug))]).then(([members, tags, claims, articles]) =>
      setOptions({ members, tags, claims, articles }),
    );
  }, [slug, workspace?.slug]);

  // The address changed (a search from the header, back/forward): follow it.
  useEffect(() => {
    setQ(query.q);
    setFilters({ tag: query.tag, author: query.author, claim: query.claim, article: query.article });
    if (!query.q.trim()) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api.search(slug, query, controller.signal).then(
      (found) => {
        setResults(found);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure.message : 'The search failed. Please try again.');
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [slug, search]);

  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }

  const submit = (next: Record<Filter, string> = filters) => {
    const out = new URLSearchParams();
    if (q.trim()) out.set('q', q.trim());
    for (const key of FILTERS) if (next[key]) out.set(key, next[key]);
    navigate(`/w/${slug}/search?${out.toString()}`, { replace: search !== '' && params.get('q') === q.trim() });
  };
  const setFilter = (key: Filter, value: string) => {
    const next = { ...filters, [key]: value };
    setFilters(next);
    if (q.trim()) submit(next);
  };
  const active = FILTERS.filter((key) => filters[key]);

  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page search-page" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">Search</h1>
          <p class="page__lede">Articles, highlights and notes, replies, claims and evidence in {workspace.name}.</p>
        </div>
        <div class="search-page__grid">
          <Card class="search-form">
            <form
              class="stack"
              role="search"
              aria-label="Search the desk"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <Field label="Search for">
                {(id) => (
                  <div class="search-form__row">
                    <Input id={id} type="search" name="q" value={q} autoComplete="off" onInput={(e) => setQ(e.currentTarget.value)} />
                    <Button type="submit" variant="primary">
                      Search
                    </Button>
                  </div>
                )}
              </Field>
              <fieldset class="filters">
                <legend class="field__label">Only</legend>
                <Field label="Tag">
                  {(id) => (
                    <Select id={id} value={filters.tag} onChange={(e) => setFilter('tag', e.currentTarget.value)}>
                      <option value="">Any tag</option>
                      {withCurrent(options.tags.map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` })), filters.tag).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Field label="Author">
                  {(id) => (
                    <Select id={id} value={filters.author} onChange={(e) => setFilter('author', e.currentTarget.value)}>
                      <option value="">Anyone</option>
                      {withCurrent(options.members.map((m) => ({ value: m.id, label: m.name })), filters.author).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Field label="Claim">
                  {(id) => (
                    <Select id={id} value={filters.claim} onChange={(e) => setFilter('claim', e.currentTarget.value)}>
                      <option value="">Any claim</option>
                      {withCurrent(options.claims.map((c) => ({ value: c.id, label: truncate(c.statement, 70) })), filters.claim).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Field label="Article">
                  {(id) => (
                    <Select id={id} value={filters.article} onChange={(e) => setFilter('article', e.currentTarget.value)}>
                      <option value="">Any article</option>
                      {withCurrent(options.articles.map((a) => ({ value: a.id, label: truncate(a.title, 70) })), filters.article).map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
                {active.length > 0 && (
                  <Button size="small" variant="ghost" onClick={submitCleared}>
                    Clear filters
                  </Button>
                )}
              </fieldset>
            </form>
          </Card>

          <section class="results" aria-labelledby="results-heading" aria-busy={loading}>
            <h2 id="results-heading" class="visually-hidden">
              Results
            </h2>
            {error && <Alert>{error}</Alert>}
            {!query.q && <p class="sidebar__empty">Type what you are looking for. Press / anywhere to search.</p>}
            {loading && !results && <p class="page-loading">Searching…</p>}
            {results && (
              <p class="results__count" role="status">
                {count(results.results.length, 'result')} for “{results.query}”
              </p>
            )}
            {results && results.results.length > 0 && (
              <ol class="results__list" data-testid="search-results">
                {results.results.map((result) => (
                  <li key={`${result.type}:${result.id}`} class="result" data-testid="search-result">
                    <div class="result__head">
                      <Badge tone={result.type === 'claim' ? 'claim' : result.type === 'annotation' || result.type === 'reply' ? 'comment' : 'neutral'}>{typeLabels[result.type]}</Badge>
                      <Link class="result__title" href={resultHref(slug, result)}>
                        {result.title || typeLabels[result.type]}
                      </Link>
                    </div>
                    {result.snippet && (
                      <p class="result__snippet">
                        <Snippet text={result.snippet} matches={result.matches} />
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </main>
    </>
  );

  function submitCleared() {
    const cleared = { tag: '', author: '', claim: '', article: '' };
    setFilters(cleared);
    submit(cleared);
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The options, plus the selected value if it is not among them (so the select shows it). */
function withCurrent(options: Array<{ value: string; label: string }>, current: string) {
  return current && !options.some((o) => o.value === current) ? [{ value: current, label: current }, ...options] : options;
}
