// The bell in the header: how many notifications are unread, and a panel
// listing them (who did what to which claim, their comment, when), with
// "Mark all read". New ones arrive live and are announced politely.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Notification } from '../api/verdicts';
import { Link } from '../router';
import { useApp } from '../session';
import { arrived, holdFeed, type NotificationFeed, noNotifications, type NotificationsState } from '../state/notifications';
import { notificationWhat, unreadLabel } from '../state/verdict';
import { Alert, Button } from './components';
import { formatFull, formatWhen } from './format';

function useFeed(slug: string): [NotificationsState, NotificationFeed | null] {
  const { live, session } = useApp();
  const [state, setState] = useState<NotificationsState>(noNotifications);
  const [feed, setFeed] = useState<NotificationFeed | null>(null);
  useEffect(() => {
    const held = holdFeed(live, slug, session.user.id);
    setFeed(held.feed);
    const stop = held.feed.subscribe(setState);
    return () => {
      stop();
      held.release();
    };
  }, [live, slug, session.user.id]);
  return [state, feed];
}

export function NotificationBell({ slug }: { slug: string }) {
  const [state, feed] = useFeed(slug);
  const [open, setOpen] = useState(false);
  const [announce, setAnnounce] = useState('');
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const previous = useRef<Notification[] | null>(null);

  // Say a new one once, when it arrives (not the ones there on load).
  useEffect(() => {
    if (!state.loaded) return;
    if (previous.current) {
      const fresh = arrived(previous.current, state.notifications);
      if (fresh) setAnnounce(`New notification: ${fresh.actor.name} ${notificationWhat(fresh.kind)}.`);
    }
    previous.current = state.notifications;
  }, [state]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  // Esc or a click elsewhere closes the panel; Esc brings focus back to the
  // bell when it was in the panel (or nowhere).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const active = document.activeElement;
      const inside = !active || active === document.body || (wrapRef.current?.contains(active) ?? false);
      e.preventDefault();
      close(inside);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div class="bell-area" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        class={state.unread > 0 ? 'bell bell--unread' : 'bell'}
        aria-label={unreadLabel(state.unread)}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="notifications-button"
        onClick={() => setOpen(!open)}
      >
        <svg class="bell__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 1.8a4.2 4.2 0 0 0-4.2 4.2v2.6L2.5 11v.7h11V11l-1.3-2.4V6A4.2 4.2 0 0 0 8 1.8z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
          <path d="M6.3 13.2a1.8 1.8 0 0 0 3.4 0" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
        </svg>
        {state.unread > 0 && (
          <span class="bell__count" aria-hidden="true" data-testid="notifications-count">
            {state.unread > 99 ? '99+' : state.unread}
          </span>
        )}
      </button>
      <span class="visually-hidden" role="status">
        {announce}
      </span>
      <div id={panelId} ref={panelRef} tabIndex={-1} class="notifications" role="region" aria-label="Notifications" hidden={!open} data-testid="notifications">
        <div class="notifications__head">
          <h2 class="notifications__title">Notifications</h2>
          <Button
            size="small"
            variant="ghost"
            disabled={state.unread === 0}
            onClick={() => {
              // The button goes disabled: keep focus in the panel, not lost to the page.
              panelRef.current?.focus();
              void feed?.markAllRead();
            }}
          >
            Mark all read
          </Button>
        </div>
        {state.error && <Alert>{state.error}</Alert>}
        {state.loaded && state.notifications.length === 0 && <p class="notifications__empty">Nothing yet. You are told here when your work is assigned, sent back, approved or published.</p>}
        {state.notifications.length > 0 && (
          <ul class="notifications__list">
            {state.notifications.map((n) => (
              <li key={n.id} class={n.read ? 'notification' : 'notification notification--unread'} data-testid="notification">
                <p class="notification__what">
                  {!n.read && <span class="visually-hidden">Unread: </span>}
                  <strong>{n.actor.name}</strong> {notificationWhat(n.kind)}
                </p>
                <Link class="notification__claim" href={`/w/${encodeURIComponent(slug)}/claims/${n.claimId}`} onClick={() => close(false)}>
                  {n.claimStatement}
                </Link>
                {n.comment && <p class="notification__comment">{n.comment}</p>}
                <time class="notification__when" dateTime={n.createdAt} title={formatFull(n.createdAt)}>
                  {formatWhen(n.createdAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
