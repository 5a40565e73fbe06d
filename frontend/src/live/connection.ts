// One websocket per tab to GET /api/live, shared by every open room.
// It reconnects with backoff and resubscribes each room after the last
// sequence number it applied, so a dropped connection loses nothing.
import type { Event } from '../api/client';
import { backoffDelay } from './backoff';
import { PresenceReporter } from './presence';
import { type ClientMessage, parseFrame, type PresenceMember, type PresenceState } from './protocol';
import { type RoomSeqs, receive, setSeq } from './rooms';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface RoomListener {
  /** The server confirmed the subscription (again, after each reconnect). */
  onSubscribed?(seq: number): void;
  /** A new event, in order, never one already applied. */
  onEvent(event: Event): void;
  /** The server cannot resume this room: refetch, then call resubscribe. */
  onReload?(reason: string): void;
  onError?(code: string, message: string): void;
}

export interface LiveOptions {
  url: string;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
  /** Whether the browser says it is offline (then no reconnect is tried). */
  isOffline?: () => boolean;
}

/** The websocket address of the live endpoint for the current page. */
export function liveURL(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private seqs: RoomSeqs = {};
  private readonly listeners = new Map<string, Set<RoomListener>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  /** Who is in each room, as the server last said (emptied while disconnected). */
  private readonly members = new Map<string, PresenceMember[]>();
  private readonly presenceListeners = new Map<string, Set<(members: PresenceMember[]) => void>>();
  /** What this tab says it has open and types in, per room: said again after each reconnect. */
  private readonly presenceStates = new Map<string, PresenceState>();
  /** Rooms the server has confirmed on the current socket: presence may be sent there. */
  private readonly joined = new Set<string>();
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  status: LiveStatus = 'connecting';

  constructor(private readonly options: LiveOptions) {
    this.connect();
  }

  /**
   * Joins room, resuming after seq (omit it to start from now). Returns the
   * leave function. Several listeners may follow one room (a page and the
   * header's notifications both follow the workspace's): the first joins it,
   * the others share its stream from where it is, and the last to leave
   * leaves it.
   */
  subscribe(room: string, after: number | undefined, listener: RoomListener): () => void {
    const held = this.listeners.get(room);
    if (held && held.size > 0) {
      held.add(listener);
      if (this.joined.has(room)) {
        const seq = this.seqs[room] ?? 0;
        queueMicrotask(() => {
          if (this.listeners.get(room)?.has(listener) && this.joined.has(room)) listener.onSubscribed?.(seq);
        });
      }
    } else {
      this.listeners.set(room, new Set([listener]));
      this.seqs = setSeq(this.seqs, room, after);
      this.sendSubscribe(room);
    }
    return () => {
      const set = this.listeners.get(room);
      if (!set?.delete(listener) || set.size > 0) return;
      this.listeners.delete(room);
      this.joined.delete(room);
      this.presenceStates.delete(room);
      this.seqs = setSeq(this.seqs, room, undefined);
      this.send({ type: 'unsubscribe', room });
      this.setMembers(room, []);
    };
  }

  /** After a reload: subscribe again from the state just fetched. */
  resubscribe(room: string, after: number | undefined): void {
    this.seqs = setSeq(this.seqs, room, after);
    this.sendSubscribe(room);
  }

  /** The last sequence number applied in room. */
  seq(room: string): number | undefined {
    return this.seqs[room];
  }

  /**
   * Says what this tab has open and is typing in, in an article or claim
   * room; said again after every reconnect. Use presence() for the throttled
   * reporter rather than calling this on every keystroke.
   */
  setPresence(room: string, state: PresenceState): void {
    const held = this.presenceStates.get(room) ?? { focus: null, typing: null };
    if (held.focus === state.focus && held.typing === state.typing) return;
    this.presenceStates.set(room, { ...state });
    if (this.joined.has(room)) this.send({ type: 'presence', room, focus: state.focus, typing: state.typing });
  }

  /** A reporter for room: focus and typing, coalesced and idle-timed (see PresenceReporter). */
  presence(room: string): PresenceReporter {
    return new PresenceReporter({
      send: (state) => this.setPresence(room, state),
      ...(this.options.schedule ? { schedule: this.options.schedule } : {}),
      ...(this.options.cancel ? { cancel: this.options.cancel } : {}),
    });
  }

  /** Calls listener with the room's members now and on every change. Returns the stop function. */
  watchPresence(room: string, listener: (members: PresenceMember[]) => void): () => void {
    let set = this.presenceListeners.get(room);
    if (!set) this.presenceListeners.set(room, (set = new Set()));
    set.add(listener);
    listener(this.members.get(room) ?? []);
    return () => {
      set.delete(listener);
    };
  }

  /** Reconnects at once if waiting to (e.g. the browser says it is online again). */
  retryNow(): void {
    if (this.closed || this.socket || this.timer === null) return;
    (this.options.cancel ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
    this.connect();
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) {
      (this.options.cancel ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
      this.timer = null;
    }
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.setStatus('closed');
  }

  private connect(): void {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const socket = create(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus('live');
      for (const room of this.listeners.keys()) {
        this.sendSubscribe(room);
      }
    };
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data === 'string') {
        this.handleFrame(message.data);
      }
    };
    socket.onclose = () => this.lost(socket);
    // An error is always followed by close, which handles it.
    socket.onerror = () => {};
  }

  /**
   * Gives up the socket now (the browser went offline, or requests fail):
   * an open websocket can outlive the network for a long while, and events
   * the page believes it follows would silently stop. Reconnecting resumes
   * after the last event applied.
   */
  drop(): void {
    const socket = this.socket;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close(4000, 'offline');
    } catch {
      // Already closing.
    }
    this.lost(socket);
  }

  private lost(socket: WebSocket): void {
    if (this.socket !== socket) {
      return;
    }
    this.socket = null;
    this.joined.clear();
    // Whoever was here may be gone by the time we are back: show no one
    // rather than people who left.
    for (const room of this.members.keys()) this.setMembers(room, []);
    if (this.closed) {
      return;
    }
    this.setStatus('reconnecting');
    this.reconnectLater();
  }

  private reconnectLater(): void {
    const delay = backoffDelay(this.attempt++, this.options.random);
    this.timer = (this.options.schedule ?? setTimeout)(() => {
      this.timer = null;
      if (this.closed) return;
      // The browser knows it is offline: wait (retryNow is called when it is back).
      if (this.options.isOffline?.()) this.reconnectLater();
      else this.connect();
    }, delay);
  }

  private handleFrame(frame: string): void {
    for (const message of parseFrame(frame, (line) => console.warn('live: ignored message', line))) {
      const { seqs, delivery } = receive(this.seqs, message);
      this.seqs = seqs;
      if (!delivery) {
        continue;
      }
      // A copy: a listener may leave the room while it is being told.
      const listeners = [...((delivery.room === undefined ? undefined : this.listeners.get(delivery.room)) ?? [])];
      switch (delivery.kind) {
        case 'subscribed': {
          this.joined.add(delivery.room);
          // A new connection starts with nothing open: say it again.
          const state = this.presenceStates.get(delivery.room);
          if (state && (state.focus !== null || state.typing !== null)) {
            this.send({ type: 'presence', room: delivery.room, focus: state.focus, typing: state.typing });
          }
          for (const listener of listeners) listener.onSubscribed?.(delivery.seq);
          break;
        }
        case 'presence':
          this.setMembers(delivery.room, delivery.members);
          break;
        case 'event':
          for (const listener of listeners) listener.onEvent(delivery.event);
          break;
        case 'reload': {
          // Each listener refetches and resubscribes; with none that can, resubscribe from now.
          const reloading = listeners.filter((listener) => listener.onReload);
          for (const listener of reloading) listener.onReload!(delivery.reason);
          if (reloading.length === 0 && listeners.length > 0) this.resubscribe(delivery.room, undefined);
          break;
        }
        case 'error': {
          const told = listeners.filter((listener) => listener.onError);
          for (const listener of told) listener.onError!(delivery.code, delivery.message);
          if (told.length === 0) console.warn('live:', delivery.code, delivery.message);
          break;
        }
      }
    }
  }

  private setMembers(room: string, members: PresenceMember[]): void {
    const held = this.members.get(room);
    if (members.length === 0 && (!held || held.length === 0)) return;
    if (members.length === 0) this.members.delete(room);
    else this.members.set(room, members);
    for (const listener of this.presenceListeners.get(room) ?? []) listener(members);
  }

  private sendSubscribe(room: string): void {
    const after = this.seqs[room];
    this.send(after === undefined ? { type: 'subscribe', room } : { type: 'subscribe', room, after });
  }

  private send(message: ClientMessage): void {
    if (this.socket && this.socket.readyState === 1 /* OPEN */) {
      this.socket.send(JSON.stringify(message));
    }
  }

  private setStatus(status: LiveStatus): void {
    if (status !== this.status) {
      this.status = status;
      for (const listener of this.statusListeners) {
        listener(status);
      }
    }
  }
}
