// My notifications in a workspace: fetched once, fetched again when a live
// event names me in its `notify`, shared by every page's header (a page
// change keeps them, rather than flashing an empty bell).
import type { Event } from '../api/client';
import { type Notification, verdictApi } from '../api/verdicts';
import type { LiveConnection } from '../live/connection';
import { workspaceRoom } from '../live/protocol';
import { notifies } from './verdict';

export interface NotificationsState {
  notifications: Notification[];
  unread: number;
  loaded: boolean;
  error: string | null;
}

export const noNotifications: NotificationsState = { notifications: [], unread: 0, loaded: false, error: null };

/** All read, as the server will have them after "Mark all read". */
export function allRead(state: NotificationsState): NotificationsState {
  return { ...state, unread: 0, notifications: state.notifications.map((n) => (n.read ? n : { ...n, read: true })) };
}

/** The newest unread notification that was not in before (to announce it), if any. */
export function arrived(before: readonly Notification[], after: readonly Notification[]): Notification | null {
  const known = new Set(before.map((n) => n.id));
  return after.find((n) => !n.read && !known.has(n.id)) ?? null;
}

export interface FeedDeps {
  live: Pick<LiveConnection, 'subscribe' | 'resubscribe'>;
  load(slug: string): Promise<{ notifications: Notification[]; unread: number }>;
  markRead(slug: string): Promise<number>;
  schedule?(fn: () => void, ms: number): unknown;
  cancel?(handle: unknown): void;
}

/** One workspace's notifications for one person, following the workspace's room. */
export class NotificationFeed {
  state: NotificationsState = noNotifications;
  private readonly listeners = new Set<(state: NotificationsState) => void>();
  private leave: (() => void) | null = null;
  private timer: unknown = null;
  private loading = 0;

  constructor(
    private readonly slug: string,
    private readonly userId: string,
    private readonly deps: FeedDeps,
  ) {}

  start(): void {
    if (this.leave) return;
    const room = workspaceRoom(this.slug);
    let first = true;
    this.leave = this.deps.live.subscribe(room, undefined, {
      onSubscribed: () => {
        // Subscribed (again, after a reconnect): what came meanwhile is fetched.
        if (first) first = false;
        else this.refetchSoon();
      },
      onEvent: (event: Event) => {
        if (notifies(event, this.userId)) this.refetchSoon();
      },
      onReload: () => {
        void this.refetch().then(() => this.deps.live.resubscribe(room, undefined));
      },
    });
    void this.refetch();
  }

  stop(): void {
    this.leave?.();
    this.leave = null;
    if (this.timer !== null) (this.deps.cancel ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
  }

  subscribe(listener: (state: NotificationsState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  refetch(): Promise<void> {
    const ticket = ++this.loading;
    return this.deps.load(this.slug).then(
      (list) => {
        // An older answer never replaces a newer one.
        if (ticket === this.loading) this.set({ notifications: list.notifications, unread: list.unread, loaded: true, error: null });
      },
      (error: unknown) => {
        if (ticket === this.loading) this.set({ ...this.state, error: error instanceof Error ? error.message : 'Could not load the notifications.' });
      },
    );
  }

  async markAllRead(): Promise<void> {
    const before = this.state;
    this.set(allRead(before));
    try {
      const unread = await this.deps.markRead(this.slug);
      // One that arrived while marking stays unread: ask again.
      if (unread > 0) await this.refetch();
    } catch (error) {
      this.set({ ...before, error: error instanceof Error ? error.message : 'Could not mark them read.' });
    }
  }

  private refetchSoon(): void {
    if (this.timer !== null) (this.deps.cancel ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = (this.deps.schedule ?? setTimeout)(() => {
      this.timer = null;
      void this.refetch();
    }, 150);
  }

  private set(state: NotificationsState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

const feeds = new WeakMap<object, Map<string, { feed: NotificationFeed; users: number; stopTimer: ReturnType<typeof setTimeout> | null }>>();

/**
 * The feed for slug and user on this live connection, shared by whoever
 * holds it; the last to release it stops it a little later (the next page's
 * header takes it over on a navigation).
 */
export function holdFeed(live: LiveConnection, slug: string, userId: string): { feed: NotificationFeed; release(): void } {
  let byKey = feeds.get(live);
  if (!byKey) feeds.set(live, (byKey = new Map()));
  const key = `${slug}\n${userId}`;
  let entry = byKey.get(key);
  if (!entry) {
    const feed = new NotificationFeed(slug, userId, { live, load: verdictApi.notifications, markRead: (s) => verdictApi.markRead(s) });
    entry = { feed, users: 0, stopTimer: null };
    byKey.set(key, entry);
    feed.start();
  }
  const held = entry;
  if (held.stopTimer) clearTimeout(held.stopTimer);
  held.stopTimer = null;
  held.users++;
  let released = false;
  return {
    feed: held.feed,
    release() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      held.stopTimer = setTimeout(() => {
        if (held.users > 0) return;
        held.feed.stop();
        byKey!.delete(key);
      }, 5_000);
    },
  };
}
