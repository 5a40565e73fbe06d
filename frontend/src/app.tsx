// The app shell: who is logged in, the one live connection, and the routes.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, type Session, setCsrfToken, setReachabilityHandler, setUnauthorizedHandler } from './api/client';
import { randomUUID } from './api/uuid';
import { LiveConnection, type LiveStatus, liveURL } from './live/connection';
import { Outbox } from './offline/outbox';
import { emptyQueue, type QueueState, storageKey } from './offline/queue';
import { ArticlePage } from './pages/ArticlePage';
import { ClaimPage } from './pages/ClaimPage';
import { ClaimsPage } from './pages/ClaimsPage';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { NotFound } from './pages/NotFound';
import { ReviewPage } from './pages/ReviewPage';
import { SearchPage } from './pages/SearchPage';
import { SettingsPage } from './pages/SettingsPage';
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
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [queue, setQueue] = useState<QueueState>(emptyQueue);
  const [reachable, setReachable] = useState(true);

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

  // One live connection and one outbox of edits per logged-in user.
  const userId = state.status === 'in' ? state.session.user.id : null;
  const loggedIn = userId !== null;
  useEffect(() => {
    if (!userId) {
      return;
    }
    const box = new Outbox({ userId, storage: window.localStorage, newId: randomUUID });
    setOutbox(box);
    setQueue(box.queue.state);
    setReachable(box.reachable);
    const stops = [box.queue.subscribe(setQueue), box.onReachable(setReachable)];
    setReachabilityHandler((ok) => box.setReachable(ok));
    // Another tab of the same person queued or sent something.
    const onStorage = (e: StorageEvent) => {
      if (e.key === storageKey(userId)) box.queue.reload();
    };
    window.addEventListener('storage', onStorage);
    // Edits left from before a reload go as soon as the server answers.
    void box.flush();
    return () => {
      stops.forEach((stop) => stop());
      window.removeEventListener('storage', onStorage);
      setReachabilityHandler(() => {});
      box.stop();
      setOutbox(null);
    };
  }, [userId]);

  useEffect(() => {
    if (!loggedIn || !outbox) {
      return;
    }
    const connection = new LiveConnection({ url: liveURL(), isOffline: () => navigator.onLine === false });
    setLive(connection);
    setLiveStatus(connection.status);
    // The browser says it is back: do not wait out the reconnect backoff.
    const onOnline = () => {
      connection.retryNow();
      void outbox.flush();
    };
    const onOffline = () => outbox.setReachable(false);
    // Out of reach (the browser says so, or a request failed): let the
    // websocket go too, rather than trust one the network may have left.
    const stopReach = outbox.onReachable((reachable) => {
      if (!reachable) connection.drop();
    });
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const stop = connection.onStatus((status) => {
      setLiveStatus(status);
      // The live connection is up: the server is reachable, send what waits.
      if (status === 'live') {
        outbox.setReachable(true);
        void outbox.flush();
      }
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
      stopReach();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      connection.close();
      setLive(null);
    };
  }, [loggedIn, outbox]);

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
    () => (state.status === 'in' && live && outbox ? { session: state.session, live, liveStatus, logout, outbox, queue, reachable } : null),
    [state, live, liveStatus, logout, outbox, queue, reachable],
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

  const query = new URLSearchParams(search);
  let page;
  if (path === '/') {
    const first = state.session.workspaces[0];
    page = first ? <Redirect to={`/w/${encodeURIComponent(first.slug)}`} /> : <NotFound message="You are not a member of any workspace yet. Ask an admin to add you." />;
  } else {
    const article = match('/w/:slug/articles/:id', path);
    const claim = match('/w/:slug/claims/:id', path);
    const claims = match('/w/:slug/claims', path);
    const search = match('/w/:slug/search', path);
    const dashboard = match('/w/:slug/dashboard', path);
    const settings = match('/w/:slug/settings', path);
    const review = match('/w/:slug/review', path);
    const myWork = match('/w/:slug/my-work', path);
    const workspace = match('/w/:slug', path);
    if (article) {
      page = <ArticlePage key={article.id} slug={article.slug!} articleId={article.id!} />;
    } else if (claim) {
      page = <ClaimPage key={claim.id} slug={claim.slug!} claimId={claim.id!} />;
    } else if (claims) {
      page = <ClaimsPage key={claims.slug} slug={claims.slug!} />;
    } else if (search) {
      page = <SearchPage key={search.slug} slug={search.slug!} />;
    } else if (dashboard) {
      const articleId = query.get('article');
      page = <DashboardPage key={`${dashboard.slug}:${articleId ?? ''}`} slug={dashboard.slug!} articleId={articleId} />;
    } else if (settings) {
      page = <SettingsPage key={settings.slug} slug={settings.slug!} />;
    } else if (review) {
      page = <ReviewPage key={review.slug} slug={review.slug!} />;
    } else if (myWork) {
      page = <MyWorkPage key={myWork.slug} slug={myWork.slug!} />;
    } else if (workspace) {
      page = <WorkspacePage key={workspace.slug} slug={workspace.slug!} />;
    } else {
      page = <NotFound />;
    }
  }
  return <SessionContext.Provider value={context}>{page}</SessionContext.Provider>;
}
