import { useState } from 'preact/hooks';
import type { Workspace } from '../api/client';
import { Link } from '../router';
import { useApp } from '../session';
import { Badge, Button, LiveIndicator } from '../ui/components';
import { roleName } from '../ui/format';

/** The bar across every logged-in page: desk, live state, who you are, log out. */
export function AppHeader({ workspace }: { workspace: Workspace | undefined }) {
  const { session, liveStatus, logout } = useApp();
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
        <div class="app-header__end">
          <LiveIndicator status={liveStatus} />
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
