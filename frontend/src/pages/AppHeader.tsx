import { useState } from 'preact/hooks';
import type { Workspace } from '../api/client';
import { Link, navigate, useLocation } from '../router';
import { useApp } from '../session';
import { Badge, Button, LiveIndicator } from '../ui/components';
import { NotificationBell } from '../ui/notifications';
import { roleName } from '../ui/format';
import { useShortcut } from '../ui/shortcuts';

/** The bar across every logged-in page: desk, sections, search, live state, who you are, log out. */
export function AppHeader({ workspace }: { workspace: Workspace | undefined }) {
  const { session, liveStatus, logout, reachable, queue } = useApp();
  const [busy, setBusy] = useState(false);
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="app-header__inner">
        <Link class="brand" href={workspace ? `/w/${workspace.slug}` : '/'} aria-label={workspace ? `${workspace.name}, Factdesk home` : 'Factdesk home'}>
          <span class="brand__mark" aria-hidden="true">F</span>
          <span class="brand__name">Factdesk</span>
        </Link>
        {workspace && (
          <span class="app-header__workspace" data-testid="workspace-name">
            {workspace.name}
          </span>
        )}
        {workspace && <DeskNav slug={workspace.slug} admin={workspace.role === 'admin'} role={workspace.role} />}
        {workspace && <SearchBox slug={workspace.slug} />}
        <div class="app-header__end">
          <LiveIndicator status={liveStatus} reachable={reachable} waiting={queue.pending.length} held={queue.conflicts.length + queue.refused.length} />
          {workspace && <NotificationBell slug={workspace.slug} />}
          <span class="app-header__user">
            <span class="app-header__name" data-testid="user-name">
              {session.user.name}
            </span>
            {workspace && <Badge tone="role">{roleName(workspace.role)}</Badge>}
          </span>
          <Button
            size="small"
            variant="ghost"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await logout().catch(() => {});
            }}
          >
            Log out
          </Button>
        </div>
      </div>
    </header>
  );
}

function DeskNav({ slug, admin, role }: { slug: string; admin: boolean; role: Workspace['role'] }) {
  const { path } = useLocation();
  const base = `/w/${slug}`;
  const section = (['claims', 'search', 'dashboard', 'settings', 'review', 'my-work'] as const).find((s) => path.startsWith(`${base}/${s}`)) ?? 'articles';
  return (
    <nav class="desk-nav" aria-label="Desk">
      <Link class="desk-nav__link" href={base} aria-current={section === 'articles' ? 'page' : undefined}>
        Articles
      </Link>
      <Link class="desk-nav__link" href={`${base}/claims`} aria-current={section === 'claims' ? 'page' : undefined}>
        Claims
      </Link>
      {/* Verdicts: the editors' review queue, and each checker's own work. */}
      {(role === 'editor' || role === 'admin') && (
        <Link class="desk-nav__link" href={`${base}/review`} aria-current={section === 'review' ? 'page' : undefined}>
          Review
        </Link>
      )}
      {role !== 'viewer' && (
        <Link class="desk-nav__link" href={`${base}/my-work`} aria-current={section === 'my-work' ? 'page' : undefined}>
          My work
        </Link>
      )}
      <Link class="desk-nav__link" href={`${base}/dashboard`} aria-current={section === 'dashboard' ? 'page' : undefined}>
        Dashboard
      </Link>
      {admin && (
        <Link class="desk-nav__link" href={`${base}/settings`} aria-current={section === 'settings' ? 'page' : undefined}>
          Settings
        </Link>
      )}
    </nav>
  );
}

/** The search box in the header; "/" puts the cursor in it from anywhere. */
function SearchBox({ slug }: { slug: string }) {
  const { path, search } = useLocation();
  const onSearchPage = path === `/w/${slug}/search`;
  const [q, setQ] = useState(() => (onSearchPage ? new URLSearchParams(search).get('q') ?? '' : ''));
  useShortcut('/', () => {
    const input = document.getElementById('header-search') as HTMLInputElement | null;
    input?.focus();
    input?.select();
  });
  return (
    <form
      class="header-search"
      role="search"
      aria-label="Desk search"
      onSubmit={(e) => {
        e.preventDefault();
        const query = q.trim();
        if (!query) return;
        const params = onSearchPage ? new URLSearchParams(search) : new URLSearchParams();
        params.set('q', query);
        navigate(`/w/${slug}/search?${params.toString()}`);
      }}
    >
      <svg class="header-search__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="m10.5 10.5 3 3" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
      </svg>
      <input
        id="header-search"
        class="header-search__input"
        type="search"
        name="q"
        value={q}
        aria-label="Search the desk"
        title="Search articles, claims, notes, replies and evidence (/)"
        aria-keyshortcuts="/"
        placeholder="Search"
        autoComplete="off"
        onInput={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.currentTarget.blur();
          }
        }}
      />
      <kbd class="header-search__key" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}
