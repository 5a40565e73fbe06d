// Where every editor's save goes: straight to the server when it can be
// reached and nothing waits before it; into the queue otherwise, to be sent
// in order when the connection is back.
import { isUnreachable } from '../api/client';
import { type Edit, EditQueue, type EditQueueOptions, type Outcome } from './queue';
import { perform, sendEdit } from './send';

/** What submit returns for an edit that was queued rather than sent. */
export const QUEUED = Symbol('queued');
export type Submitted<T> = T | typeof QUEUED;

export interface OutboxOptions {
  userId: string;
  storage: EditQueueOptions['storage'];
  newId(): string;
  send?: (edit: Edit) => Promise<Outcome>;
  /** Sends an edit directly; throws as the API client does. */
  perform?: (edit: Edit) => Promise<unknown>;
  /** How long to wait before trying again while the server is out of reach. */
  retryMs?: number;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

export class Outbox {
  readonly queue: EditQueue;
  private reachableNow = true;
  private readonly reachListeners = new Set<(reachable: boolean) => void>();
  private readonly sentListeners = new Set<(edit: Edit, record: unknown) => void>();
  private retryTimer: unknown = null;
  private stopped = false;

  constructor(private readonly options: OutboxOptions) {
    this.queue = new EditQueue({
      storage: options.storage,
      userId: options.userId,
      newId: options.newId,
      send: options.send ?? sendEdit,
      onSent: (edit, record) => {
        for (const listener of this.sentListeners) listener(edit, record);
      },
    });
  }

  get reachable(): boolean {
    return this.reachableNow;
  }

  /** Whether the server answered the last request (or the live connection opened). */
  setReachable(reachable: boolean): void {
    if (reachable === this.reachableNow) return;
    this.reachableNow = reachable;
    for (const listener of this.reachListeners) listener(reachable);
    if (reachable) this.flush();
  }

  onReachable(listener: (reachable: boolean) => void): () => void {
    this.reachListeners.add(listener);
    return () => this.reachListeners.delete(listener);
  }

  /** Edits that reached the server from the queue, with the record each made. */
  onSent(listener: (edit: Edit, record: unknown) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /**
   * Sends edit now, or queues it (then returns QUEUED) when the server is
   * out of reach or earlier edits still wait to be sent. A conflict (412) or
   * a refusal on a direct send is thrown, for the editor to show.
   */
  async submit<T>(edit: Edit): Promise<Submitted<T>> {
    if (this.queue.state.pending.length > 0 || !this.reachableNow) {
      this.queue.add(edit);
      void this.flush();
      return QUEUED;
    }
    try {
      return (await (this.options.perform ?? perform)(edit)) as T;
    } catch (failure) {
      if (!isUnreachable(failure)) throw failure;
      this.setReachable(false);
      this.queue.add(edit);
      this.retryLater();
      return QUEUED;
    }
  }

  /** Sends what waits; while the server stays out of reach, tries again every so often. */
  async flush(): Promise<void> {
    if (this.stopped) return;
    await this.queue.flush();
    if (this.queue.state.pending.length > 0) this.retryLater();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) (this.options.cancel ?? clearTimeout)(this.retryTimer as ReturnType<typeof setTimeout>);
    this.retryTimer = null;
  }

  private retryLater(): void {
    if (this.retryTimer !== null || this.stopped) return;
    this.retryTimer = (this.options.schedule ?? setTimeout)(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.options.retryMs ?? 5000);
  }
}
