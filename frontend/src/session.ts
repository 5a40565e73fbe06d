import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api/client';
import type { LiveConnection, LiveStatus } from './live/connection';
import type { Outbox } from './offline/outbox';
import type { QueueState } from './offline/queue';

export interface AppContext {
  session: Session;
  live: LiveConnection;
  liveStatus: LiveStatus;
  /** Where editors send their saves: now, or queued while the server is out of reach. */
  outbox: Outbox;
  /** The queue's edits: waiting, in conflict, refused. */
  queue: QueueState;
  /** Whether the server answered the last request (or the live connection is up). */
  reachable: boolean;
  /** Logs out on the server, then shows the login page. */
  logout(): Promise<void>;
}

export const SessionContext = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const context = useContext(SessionContext);
  if (!context) {
    throw new Error('useApp outside a logged-in page');
  }
  return context;
}
