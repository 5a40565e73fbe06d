import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api/client';
import type { LiveConnection, LiveStatus } from './live/connection';

export interface AppContext {
  session: Session;
  live: LiveConnection;
  liveStatus: LiveStatus;
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
