// Edits made while the server cannot be reached wait here, in the order
// they were made, kept in localStorage per user so a reload loses none, and
// are sent when the connection is back: each create with the idempotency key
// it got when it was made (a create that did arrive is not made twice), each
// update based on the version it was made on (one that lost a race comes
// back as a conflict for the person to settle, never an overwrite).
import type { CreateAnnotationRequest, EvidenceRequest } from '../api/client';

export type AnnotationDraft = { body: string; tags: string[]; kind: 'comment' | 'claim' };
export type ClaimDraft = { statement: string; claimant: string; claimDate: string | null };

export type Edit =
  | { kind: 'createAnnotation'; articleId: string; request: CreateAnnotationRequest; key: string }
  | { kind: 'updateAnnotation'; articleId: string; annotationId: string; draft: AnnotationDraft; baseVersion: number }
  | { kind: 'createReply'; articleId: string; annotationId: string; body: string; key: string }
  | { kind: 'updateReply'; articleId: string; annotationId: string; replyId: string; draft: { body: string }; baseVersion: number }
  | { kind: 'updateClaim'; claimId: string; draft: ClaimDraft; baseVersion: number }
  | { kind: 'createEvidence'; claimId: string; request: EvidenceRequest; key: string }
  | { kind: 'updateEvidence'; claimId: string; evidenceId: string; draft: EvidenceRequest; baseVersion: number };

export type UpdateEdit = Extract<Edit, { baseVersion: number }>;

export interface Queued {
  id: string;
  edit: Edit;
  queuedAt: string;
}

/** An update that lost a race on replay: theirs (current) against mine (edit). */
export interface HeldConflict {
  id: string;
  edit: UpdateEdit;
  current: Record<string, unknown>;
}

/** An edit the server refused on replay (e.g. the note was deleted meanwhile): shown, not dropped silently. */
export interface Refused {
  id: string;
  edit: Edit;
  message: string;
}

export interface QueueState {
  pending: Queued[];
  conflicts: HeldConflict[];
  refused: Refused[];
}

export const emptyQueue: QueueState = { pending: [], conflicts: [], refused: [] };

/** What sending one edit came to. */
export type Outcome =
  | { type: 'sent'; record: unknown }
  | { type: 'offline' }
  | { type: 'conflict'; current: Record<string, unknown> }
  | { type: 'refused'; message: string };

/** The record an edit changes, for updates; creates have none yet. */
export function recordOf(edit: Edit): string | null {
  switch (edit.kind) {
    case 'updateAnnotation':
      return `annotation:${edit.annotationId}`;
    case 'updateReply':
      return `reply:${edit.replyId}`;
    case 'updateClaim':
      return `claim:${edit.claimId}`;
    case 'updateEvidence':
      return `evidence:${edit.evidenceId}`;
    default:
      return null;
  }
}

/**
 * Adds an edit at the end. A second update of a record still waiting
 * replaces the first in its place, keeping the first one's base version:
 * both were made on that version, and the later text is what the person
 * wants (sent one after the other, the second would conflict with the first).
 */
export function enqueue(state: QueueState, queued: Queued): QueueState {
  const record = recordOf(queued.edit);
  if (record !== null) {
    const index = state.pending.findIndex((q) => recordOf(q.edit) === record);
    if (index >= 0) {
      const held = state.pending[index]!;
      const edit = { ...queued.edit, baseVersion: (held.edit as UpdateEdit).baseVersion } as Edit;
      const pending = state.pending.slice();
      pending[index] = { ...held, edit };
      return { ...state, pending };
    }
  }
  return { ...state, pending: [...state.pending, queued] };
}

/** Applies what sending the first waiting edit came to. */
export function settle(state: QueueState, id: string, outcome: Outcome): QueueState {
  const queued = state.pending.find((q) => q.id === id);
  if (!queued || outcome.type === 'offline') return state;
  const pending = state.pending.filter((q) => q.id !== id);
  switch (outcome.type) {
    case 'sent':
      return { ...state, pending };
    case 'conflict':
      return 'baseVersion' in queued.edit
        ? { ...state, pending, conflicts: [...state.conflicts, { id, edit: queued.edit, current: outcome.current }] }
        : { ...state, pending, refused: [...state.refused, { id, edit: queued.edit, message: 'It changed meanwhile.' }] };
    case 'refused':
      return { ...state, pending, refused: [...state.refused, { id, edit: queued.edit, message: outcome.message }] };
  }
}

export function withoutConflict(state: QueueState, id: string): QueueState {
  return { ...state, conflicts: state.conflicts.filter((c) => c.id !== id) };
}

export function withoutRefused(state: QueueState, id: string): QueueState {
  return { ...state, refused: state.refused.filter((r) => r.id !== id) };
}

/** How many edits the person is waiting on. */
export function waitingCount(state: QueueState): number {
  return state.pending.length;
}

export function waitingText(n: number): string {
  return n === 1 ? '1 edit waiting to be sent' : `${n} edits waiting to be sent`;
}

/** Reads a stored queue; anything unreadable counts as empty rather than breaking the app. */
export function parseStored(json: string | null): QueueState {
  if (!json) return emptyQueue;
  try {
    const value = JSON.parse(json) as Partial<QueueState> & { v?: number };
    if (value.v !== 1) return emptyQueue;
    return {
      pending: Array.isArray(value.pending) ? value.pending : [],
      conflicts: Array.isArray(value.conflicts) ? value.conflicts : [],
      refused: Array.isArray(value.refused) ? value.refused : [],
    };
  } catch {
    return emptyQueue;
  }
}

export function storageKey(userId: string): string {
  return `factdesk.queue.${userId}`;
}

export interface EditQueueOptions {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  userId: string;
  send(edit: Edit): Promise<Outcome>;
  newId(): string;
  now?: () => Date;
  /** Called with each edit that reached the server, and what it made. */
  onSent?(edit: Edit, record: unknown): void;
}

/**
 * The queue of one user's edits. flush() sends the waiting edits one at a
 * time, in order, and stops at the first that cannot get through (the rest
 * wait behind it: a later edit must not overtake an earlier one).
 */
export class EditQueue {
  private current: QueueState;
  private readonly listeners = new Set<(state: QueueState) => void>();
  private flushing: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: EditQueueOptions) {
    this.current = parseStored(options.storage.getItem(storageKey(options.userId)));
  }

  get state(): QueueState {
    return this.current;
  }

  subscribe(listener: (state: QueueState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another tab of the same user changed the stored queue. */
  reload(): void {
    this.set(parseStored(this.options.storage.getItem(storageKey(this.options.userId))), false);
  }

  add(edit: Edit): Queued {
    const queued: Queued = { id: this.options.newId(), edit, queuedAt: (this.options.now?.() ?? new Date()).toISOString() };
    this.set(enqueue(this.current, queued));
    return queued;
  }

  resolveConflict(id: string): void {
    this.set(withoutConflict(this.current, id));
  }

  dismissRefused(id: string): void {
    this.set(withoutRefused(this.current, id));
  }

  /** Sends what waits, in order; resolves when done or when the server is out of reach again. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = this.run();
    this.flushing = run;
    // Cleared only after it is set: a run with nothing to send ends at once.
    void run.finally(() => {
      if (this.flushing === run) this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    // Start on a later tick, so the caller has set flushing first.
    await Promise.resolve();
    do {
      this.again = false;
      while (this.current.pending.length > 0) {
        const first = this.current.pending[0]!;
        const outcome = await this.options.send(first.edit);
        if (outcome.type === 'offline') return;
        // The first may have been replaced meanwhile by a newer edit of
        // the same record (same id, newer text): send that one too.
        const now = this.current.pending.find((q) => q.id === first.id);
        if (now && now.edit !== first.edit && outcome.type === 'sent') {
          this.set({ ...this.current, pending: this.current.pending.map((q) => (q.id === first.id ? { ...q, edit: rebase(q.edit, outcome.record) } : q)) });
          continue;
        }
        this.set(settle(this.current, first.id, outcome));
        if (outcome.type === 'sent') this.options.onSent?.(first.edit, outcome.record);
      }
    } while (this.again);
  }

  private set(state: QueueState, persist = true): void {
    this.current = state;
    if (persist) {
      const key = storageKey(this.options.userId);
      try {
        if (state.pending.length === 0 && state.conflicts.length === 0 && state.refused.length === 0) this.options.storage.removeItem(key);
        else this.options.storage.setItem(key, JSON.stringify({ v: 1, ...state }));
      } catch {
        // Storage full or refused: the queue still works for this page.
      }
    }
    for (const listener of this.listeners) listener(state);
  }
}

/** An update replaced while its first text was on the way: the newer text is based on what that made. */
function rebase(edit: Edit, record: unknown): Edit {
  const version = (record as { version?: unknown } | null)?.version;
  return 'baseVersion' in edit && typeof version === 'number' ? { ...edit, baseVersion: version } : edit;
}

/** What waits for one annotation: its note, new replies, reply edits, and conflicts. */
export interface AnnotationQueue {
  note: AnnotationDraft | null;
  newReplies: Array<{ id: string; body: string }>;
  replyEdits: ReadonlyMap<string, string>;
  conflict: HeldConflict | null;
  replyConflicts: ReadonlyMap<string, HeldConflict>;
}

export interface ArticleQueue {
  /** New highlights waiting, in order. */
  creates: Array<{ id: string; request: CreateAnnotationRequest }>;
  byAnnotation: ReadonlyMap<string, AnnotationQueue>;
  refused: Refused[];
}

/** The queue as an article's reading view shows it. */
export function articleQueue(state: QueueState, articleId: string): ArticleQueue {
  const byAnnotation = new Map<string, AnnotationQueue>();
  const of = (id: string) => {
    let q = byAnnotation.get(id) as (AnnotationQueue & { replyEdits: Map<string, string>; replyConflicts: Map<string, HeldConflict> }) | undefined;
    if (!q) byAnnotation.set(id, (q = { note: null, newReplies: [], replyEdits: new Map(), conflict: null, replyConflicts: new Map() }));
    return q;
  };
  const creates: ArticleQueue['creates'] = [];
  for (const { id, edit } of state.pending) {
    if (!('articleId' in edit) || edit.articleId !== articleId) continue;
    switch (edit.kind) {
      case 'createAnnotation':
        creates.push({ id, request: edit.request });
        break;
      case 'updateAnnotation':
        of(edit.annotationId).note = edit.draft;
        break;
      case 'createReply':
        of(edit.annotationId).newReplies.push({ id, body: edit.body });
        break;
      case 'updateReply':
        of(edit.annotationId).replyEdits.set(edit.replyId, edit.draft.body);
        break;
    }
  }
  for (const held of state.conflicts) {
    const edit = held.edit;
    if (edit.kind === 'updateAnnotation' && edit.articleId === articleId) of(edit.annotationId).conflict = held;
    if (edit.kind === 'updateReply' && edit.articleId === articleId) of(edit.annotationId).replyConflicts.set(edit.replyId, held);
  }
  const refused = state.refused.filter((r) => 'articleId' in r.edit && r.edit.articleId === articleId);
  return { creates, byAnnotation, refused };
}

/** The queue as a claim's page shows it. */
export function claimQueue(state: QueueState, claimId: string) {
  const mine = (edit: Edit) => 'claimId' in edit && edit.claimId === claimId && !('articleId' in edit);
  const pending = state.pending.filter((q) => mine(q.edit));
  return {
    claim: pending.map((q) => q.edit).find((e): e is Extract<Edit, { kind: 'updateClaim' }> => e.kind === 'updateClaim')?.draft ?? null,
    newEvidence: pending.flatMap((q) => (q.edit.kind === 'createEvidence' ? [{ id: q.id, request: q.edit.request }] : [])),
    evidenceEdits: new Map(pending.flatMap((q) => (q.edit.kind === 'updateEvidence' ? [[q.edit.evidenceId, q.edit.draft] as const] : []))),
    claimConflict: state.conflicts.find((c) => c.edit.kind === 'updateClaim' && c.edit.claimId === claimId) ?? null,
    evidenceConflicts: new Map(state.conflicts.flatMap((c) => (c.edit.kind === 'updateEvidence' && c.edit.claimId === claimId ? [[c.edit.evidenceId, c] as const] : []))),
    refused: state.refused.filter((r) => mine(r.edit)),
  };
}

/** A few words on what a queued edit was, for a list of those the server refused. */
export function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'createAnnotation':
      return `New annotation on “${edit.request.selectors.quote.exact}”`;
    case 'updateAnnotation':
      return 'Edit of a note';
    case 'createReply':
      return `Reply: ${edit.body}`;
    case 'updateReply':
      return `Edit of a reply: ${edit.draft.body}`;
    case 'updateClaim':
      return `Edit of the claim: ${edit.draft.statement}`;
    case 'createEvidence':
      return `New evidence: ${edit.request.title || edit.request.url}`;
    case 'updateEvidence':
      return `Edit of evidence: ${edit.draft.title || edit.draft.url}`;
  }
}
