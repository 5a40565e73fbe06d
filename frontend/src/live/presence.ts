// What this tab tells a room about itself: the card or editor it has open
// (focus) and the one it is typing in (typing). The server keeps the last
// thing said until the next, so a change is sent once, not on every key:
// typing starts with the first keystroke and ends after a few idle seconds,
// on save or on cancel. Changes close together are coalesced into one
// message, far below the server's limit of 50 messages a second.
import type { PresenceState } from './protocol';

export interface PresenceReporterOptions {
  send(state: PresenceState): void;
  /** How long without a keystroke before "typing" ends. */
  idleMs?: number;
  /** The least time between two messages; changes in between are coalesced. */
  minIntervalMs?: number;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

export const TYPING_IDLE_MS = 3000;
export const PRESENCE_MIN_INTERVAL_MS = 400;

export class PresenceReporter {
  private state: PresenceState = { focus: null, typing: null };
  private sent: PresenceState = { focus: null, typing: null };
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private flushTimer: unknown = null;
  private idleTimer: unknown = null;
  private disposed = false;
  private readonly idleMs: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;

  constructor(private readonly options: PresenceReporterOptions) {
    this.idleMs = options.idleMs ?? TYPING_IDLE_MS;
    this.minIntervalMs = options.minIntervalMs ?? PRESENCE_MIN_INTERVAL_MS;
    this.now = options.now ?? (() => Date.now());
    this.schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
    this.cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  current(): PresenceState {
    return { ...this.state };
  }

  /** The card, highlight or editor now open (null: none). */
  focus(target: string | null): void {
    this.update({ ...this.state, focus: target });
  }

  /** Call on every input in target's editor: cheap, sends only when something changes. */
  typed(target: string): void {
    if (this.disposed) return;
    if (this.idleTimer !== null) this.cancel(this.idleTimer);
    this.idleTimer = this.schedule(() => {
      this.idleTimer = null;
      if (this.state.typing === target) this.update({ ...this.state, typing: null });
    }, this.idleMs);
    this.update({ ...this.state, typing: target });
  }

  /** Saved or cancelled: stops saying we type in target (or in anything, without one). */
  stoppedTyping(target?: string): void {
    if (target !== undefined && this.state.typing !== target) return;
    if (this.idleTimer !== null) {
      this.cancel(this.idleTimer);
      this.idleTimer = null;
    }
    this.update({ ...this.state, typing: null });
  }

  /** Leaving the room: nothing open, nothing typed, no more messages. */
  dispose(): void {
    this.stoppedTyping();
    this.focus(null);
    this.flush();
    this.disposed = true;
    if (this.flushTimer !== null) this.cancel(this.flushTimer);
    this.flushTimer = null;
  }

  private update(next: PresenceState): void {
    if (this.disposed) return;
    this.state = next;
    if (this.flushTimer !== null) return; // a send is already on its way
    const wait = this.lastSentAt + this.minIntervalMs - this.now();
    if (wait <= 0) {
      this.flush();
    } else {
      this.flushTimer = this.schedule(() => {
        this.flushTimer = null;
        this.flush();
      }, wait);
    }
  }

  private flush(): void {
    if (this.disposed) return;
    const { focus, typing } = this.state;
    if (focus === this.sent.focus && typing === this.sent.typing) return;
    this.sent = { focus, typing };
    this.lastSentAt = this.now();
    this.options.send({ focus, typing });
  }
}
