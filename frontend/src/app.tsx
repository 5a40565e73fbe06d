// The app shell: who is logged in, the one live connection, and the routes.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, type Session, setCsrfToken, setUnauthorizedHandler } from './api/client';
import { LiveConnection, type LiveStatus, liveURL } from './live/connection';
import { ArticlePage } from './pages/ArticlePage';
import { ClaimPage } from './pages/ClaimPage';
import { ClaimsPage } from './pages/ClaimsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFound } from './pages/NotFound';
import { SearchPage } from './pages/SearchPage';
import { WorkspacePage } from './pages/WorkspacePage';
import { match, navigate, Redirect, useLocation } from './router';
import { type AppContext, SessionContext } from './session';

type SessionState = { status: 'loading' } | { status: 'anonymous'; notice?: string } | { status: 'in'; session: Session };

function loginPath(next: string, search = ''): string {
  const back = next + search;
  return back === '/' || back.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(back)}`;
}

export function App() {
  const { path, search } = useLocation();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [live, setLive] = useState<LiveConnection | null>(null);
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');

  const signIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'in', session });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setState({ status: 'anonymous', notice: 'Your session has ended. Please log in again.' }));
    api.getSession().then(signIn, (error: unknown) => {
      setState({
        status: 'anonymous',
        ...(error instanceof ApiError && error.status !== 401 ? { notice: error.message } : {}),
      });
    });
  }, [signIn]);

  // One live connection per logged-in session.
  const loggedIn = state.status === 'in';
  useEffect(() => {
    if (!loggedIn) {
      return;
    }
    const connection = new LiveConnection({ url: liveURL() });
    setLive(connection);
    setLiveStatus(connection.status);
    const stop = connection.onStatus((status) => {
      setLiveStatus(status);
      // A connection that drops may mean the session ended (logged out in
      // another tab, expired): ask once per outage, and show login if so.
      if (status === 'reconnecting') {
        api.getSession().catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) {
            setState({ status: 'anonymous', notice: 'Your session has ended. Please log in again.' });
          }
        });
      }
    });
    return () => {
      stop();
      connection.close();
      setLive(null);
    };
  }, [loggedIn]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken('');
      setState({ status: 'anonymous' });
      navigate('/login');
    }
  }, []);

  const context = useMemo<AppContext | null>(
    () => (state.status === 'in' && live ? { session: state.session, live, liveStatus, logout } : null),
    [state, live, liveStatus, logout],
  );

  if (path === '/login') {
    if (state.status === 'in') {
      const next = new URLSearchParams(search).get('next');
      return <Redirect to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} />;
    }
    return (
      <LoginPage
        notice={state.status === 'anonymous' ? state.notice : undefined}
        loading={state.status === 'loading'}
        onLogin={signIn}
      />
    );
  }
  if (state.status === 'loading' || (state.status === 'in' && !context)) {
    return <p class="page-loading" aria-live="polite">Loading…</p>;
  }
  if (state.status === 'anonymous') {
    return <Redirect to={loginPath(path, search)} />;
  }

  let page;
  if (path === '/') {
    const first = state.session.workspaces[0];
    page = first ? <Redirect to={`/w/${encodeURIComponent(first.slug)}`} /> : <NotFound message="You are not a member of any workspace yet. Ask an admin to add you." />;
  } else {
    const article = match('/w/:slug/articles/:id', path);
    const claim = match('/w/:slug/claims/:id', path);
    const claims = match('/w/:slug/claims', path);
    const search = match('/w/:slug/search', path);
    const workspace = match('/w/:slug', path);
    if (article) {
      page = <ArticlePage key={article.id} slug={article.slug!} articleId={article.id!} />;
    } else if (claim) {
      page = <ClaimPage key={claim.id} slug={claim.slug!} claimId={claim.id!} />;
    } else if (claims) {
      page = <ClaimsPage key={claims.slug} slug={claims.slug!} />;
    } else if (search) {
      page = <SearchPage key={search.slug} slug={search.slug!} />;
    } else if (workspace) {
      page = <WorkspacePage key={workspace.slug} slug={workspace.slug!} />;
    } else {
      page = <NotFound />;
    }
  }
  return <SessionContext.Provider value={context}>{page}</SessionContext.Provider>;
}
