// One websocket per tab to GET /api/live, shared by every open room.
// It reconnects with backoff and resubscribes each room after the last
// sequence number it applied, so a dropped connection loses nothing.
import type { Event } from '../api/client';
import { backoffDelay } from './backoff';
import { type ClientMessage, parseFrame } from './protocol';
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
}

/** The websocket address of the live endpoint for the current page. */
export function liveURL(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private seqs: RoomSeqs = {};
  private readonly listeners = new Map<string, RoomListener>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  status: LiveStatus = 'connecting';

  constructor(private readonly options: LiveOptions) {
    this.connect();
  }

  /** Joins room, resuming after seq (omit it to start from now). Returns the leave function. */
  subscribe(room: string, after: number | undefined, listener: RoomListener): () => void {
    this.listeners.set(room, listener);
    this.seqs = setSeq(this.seqs, room, after);
    this.sendSubscribe(room);
    return () => {
      if (this.listeners.get(room) === listener) {
        this.listeners.delete(room);
        this.seqs = setSeq(this.seqs, room, undefined);
        this.send({ type: 'unsubscribe', room });
      }
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
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      if (this.closed) {
        return;
      }
      this.setStatus('reconnecting');
      const delay = backoffDelay(this.attempt++, this.options.random);
      this.timer = (this.options.schedule ?? setTimeout)(() => {
        this.timer = null;
        if (!this.closed) {
          this.connect();
        }
      }, delay);
    };
    // An error is always followed by close, which handles it.
    socket.onerror = () => {};
  }

  private handleFrame(frame: string): void {
    for (const message of parseFrame(frame, (line) => console.warn('live: ignored message', line))) {
      const { seqs, delivery } = receive(this.seqs, message);
      this.seqs = seqs;
      if (!delivery) {
        continue;
      }
      const listener = delivery.room === undefined ? undefined : this.listeners.get(delivery.room);
      switch (delivery.kind) {
        case 'subscribed':
          listener?.onSubscribed?.(delivery.seq);
          break;
        case 'event':
          listener?.onEvent(delivery.event);
          break;
        case 'reload':
          if (listener?.onReload) {
            listener.onReload(delivery.reason);
          } else if (listener) {
            this.resubscribe(delivery.room, undefined);
          }
          break;
        case 'error':
          if (listener?.onError) {
            listener.onError(delivery.code, delivery.message);
          } else {
            console.warn('live:', delivery.code, delivery.message);
          }
          break;
      }
    }
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
