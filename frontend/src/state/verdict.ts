// Verdicts on their way through review, as the desk shows them: the pure
// parts (words for states, the order of a rating scale, what a submit still
// lacks, how long a verdict has waited) and the reducers that keep the
// editor's queue and a claim's verdict current from live events. As
// everywhere: an older version than the one held is ignored.
import type { Claim, ClaimRef, Event, Rating } from '../api/client';
import type { Verdict, VerdictDetail, VerdictListItem, VerdictState } from '../api/verdicts';

export const stateLabels: Record<VerdictState, string> = {
  draft: 'Draft',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Published',
};

/** The verdict event types, by the state they leave the verdict in (created/updated/corrected keep it). */
export const verdictEventTypes = [
  'verdict.created',
  'verdict.updated',
  'verdict.in_review',
  'verdict.changes_requested',
  'verdict.approved',
  'verdict.published',
  'verdict.draft',
  'verdict.corrected',
] as const;

export interface VerdictEvent {
  verdict: Verdict;
  claim: ClaimRef;
  /** The user ids the event tells (a new notification each). */
  notify: string[];
  comment?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notifyOf(payload: Record<string, unknown>): string[] {
  return Array.isArray(payload.notify) ? payload.notify.filter((id): id is string => typeof id === 'string') : [];
}

/** The verdict a "verdict.*" event carries, or null for any other event (or a malformed one). */
export function verdictEventOf(event: Event): VerdictEvent | null {
  if (!event.type.startsWith('verdict.')) return null;
  const { verdict, claim, comment } = event.payload;
  if (!isObject(verdict) || typeof verdict.id !== 'string' || typeof verdict.version !== 'number') return null;
  const v = verdict as unknown as Verdict;
  const ref: ClaimRef = isObject(claim) && typeof claim.id === 'string' ? { id: claim.id, statement: typeof claim.statement === 'string' ? claim.statement : '' } : { id: v.claimId, statement: '' };
  return { verdict: v, claim: ref, notify: notifyOf(event.payload), ...(typeof comment === 'string' ? { comment } : {}) };
}

/** The claim a "claim.assigned" event carries, or null. */
export function assignedClaimOf(event: Event): Claim | null {
  if (event.type !== 'claim.assigned') return null;
  const claim = event.payload.claim;
  return isObject(claim) && typeof claim.id === 'string' && typeof claim.version === 'number' ? (claim as unknown as Claim) : null;
}

/** Whether the event brings userId a new notification. */
export function notifies(event: Event, userId: string): boolean {
  return notifyOf(event.payload).includes(userId);
}

/** A rating scale as people choose from it: the scale from truest down, then the labels outside it, each group in its given order. */
export function orderedScale(scale: readonly Rating[]): Rating[] {
  const on = scale.filter((r) => r.onScale).map((r, i) => ({ r, i }));
  on.sort((a, b) => (b.r.value ?? 0) - (a.r.value ?? 0) || a.i - b.i);
  return [...on.map(({ r }) => r), ...scale.filter((r) => !r.onScale)];
}

export function ratingOf(scale: readonly Rating[] | null | undefined, label: string): Rating | undefined {
  return label ? scale?.find((r) => r.label === label) : undefined;
}

/** A colour the server says is "#rrggbb", or null (never anything else reaches a style). */
export function safeColour(colour: string | undefined): string | null {
  return colour && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : null;
}

/** What a verdict still lacks before it can be submitted, in words ("a rating"); the server has the last word. */
export function missingForSubmit(verdict: Pick<Verdict, 'rating' | 'rationale' | 'evidenceIds'>): string[] {
  const missing: string[] = [];
  if (!verdict.rating) missing.push('a rating');
  if (!verdict.rationale.trim()) missing.push('a rationale');
  if (verdict.evidenceIds.length === 0) missing.push('at least one piece of evidence');
  return missing;
}

/** "a rating, a rationale and evidence". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** How long something has waited, in whole minutes: "waiting 2 h 5 min". */
export function waitingFor(since: string | null | undefined, now: number): string {
  const start = since ? Date.parse(since) : Number.NaN;
  if (Number.isNaN(start)) return '';
  const minutes = Math.max(0, Math.floor((now - start) / 60_000));
  if (minutes < 1) return 'waiting less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `waiting ${days} d${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `waiting ${hours} h${mins ? ` ${mins} min` : ''}`;
  return `waiting ${mins} min`;
}

/** A claim's brief verdict after this verdict. */
export function refOf(verdict: Verdict): NonNullable<Claim['verdict']> {
  return { id: verdict.id, state: verdict.state, rating: verdict.rating };
}

// ---------- A claim's verdict, in detail ----------

/** The detail with a newer verdict (what I may do is fetched again by the caller). */
export function withVerdict(detail: VerdictDetail, verdict: Verdict): VerdictDetail {
  if (verdict.id !== detail.verdict.id || verdict.version <= detail.verdict.version) return detail;
  return { ...detail, verdict };
}

// ---------- The editor's queue ----------

export interface QueueState {
  /** In review, oldest submission first. */
  items: VerdictListItem[];
  /** The newest version seen of each verdict, and its state then. */
  seen: Readonly<Record<string, { version: number; state: VerdictState }>>;
}

export type QueueAction =
  | { type: 'loaded'; items: VerdictListItem[] }
  /** A verdict changed (a live event, or this person's own transition). */
  | { type: 'verdict'; verdict: Verdict; claim?: ClaimRef };

export const emptyQueue: QueueState = { items: [], seen: {} };

function oldestSubmittedFirst(a: VerdictListItem, b: VerdictListItem): number {
  const x = a.verdict.submittedAt ?? a.verdict.updatedAt;
  const y = b.verdict.submittedAt ?? b.verdict.updatedAt;
  return x.localeCompare(y) || a.verdict.id.localeCompare(b.verdict.id);
}

function see(seen: QueueState['seen'], verdict: Verdict): QueueState['seen'] {
  const held = seen[verdict.id];
  if (held && held.version >= verdict.version) return seen;
  return { ...seen, [verdict.id]: { version: verdict.version, state: verdict.state } };
}

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'loaded': {
      const byId = new Map(action.items.map((item) => [item.verdict.id, item]));
      // What arrived live while the list was fetched stays: newer versions win,
      // and a verdict seen leaving review stays gone.
      for (const held of state.items) {
        const loaded = byId.get(held.verdict.id);
        if (!loaded || loaded.verdict.version < held.verdict.version) byId.set(held.verdict.id, held);
      }
      const items = [...byId.values()].filter((item) => {
        const seen = state.seen[item.verdict.id];
        return item.verdict.state === 'in_review' && !(seen && seen.version > item.verdict.version && seen.state !== 'in_review');
      });
      let seen = state.seen;
      for (const item of items) seen = see(seen, item.verdict);
      return { items: items.sort(oldestSubmittedFirst), seen };
    }
    case 'verdict': {
      const { verdict } = action;
      const known = state.seen[verdict.id];
      if (known && known.version >= verdict.version) return state;
      const seen = see(state.seen, verdict);
      const index = state.items.findIndex((item) => item.verdict.id === verdict.id);
      if (verdict.state !== 'in_review') {
        return { items: index < 0 ? state.items : state.items.filter((_, i) => i !== index), seen };
      }
      const held = index >= 0 ? state.items[index] : undefined;
      const claim = held?.claim ?? action.claim ?? { id: verdict.claimId, statement: '' };
      const item: VerdictListItem = { verdict, claim: action.claim?.statement ? action.claim : claim, article: held?.article ?? null };
      const rest = index < 0 ? state.items : state.items.filter((_, i) => i !== index);
      return { items: [...rest, item].sort(oldestSubmittedFirst), seen };
    }
  }
}

// ---------- Notifications ----------

const notificationWords: Record<string, string> = {
  assigned: 'assigned you a claim',
  sent_back: 'sent your verdict back',
  approved: 'approved your verdict',
  published: 'published your verdict',
  corrected: 'corrected a published verdict',
};

/** What happened, after the actor's name: "sent your verdict back". */
export function notificationWhat(kind: string): string {
  return notificationWords[kind] ?? kind.replace(/_/g, ' ');
}

export function unreadLabel(unread: number): string {
  return unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
}
