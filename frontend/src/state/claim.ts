// A claim's page and the workspace's claims list, kept current by live
// events. As everywhere: an older version than the one held is ignored, and
// what was deleted stays deleted.
import type { Annotation, Claim, ClaimDetail, Event, Evidence } from '../api/client';
import type { Verdict } from '../api/verdicts';
import { assignedClaimOf, refOf, verdictEventOf } from './verdict';

export interface ClaimState {
  detail: ClaimDetail;
  /** Ids of evidence removed since the page loaded. */
  deleted: ReadonlySet<string>;
}

export type ClaimAction =
  | { type: 'loaded'; detail: ClaimDetail }
  | { type: 'claimSaved'; claim: Claim }
  | { type: 'evidenceSaved'; evidence: Evidence }
  | { type: 'evidenceDeleted'; id: string }
  | { type: 'verdictSaved'; verdict: Verdict }
  | { type: 'claimAssigned'; claim: Claim }
  | { type: 'event'; event: Event };

/** Evidence in the order it was added. */
function byCreation(a: Evidence, b: Evidence): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function withClaim(state: ClaimState, claim: Claim): ClaimState {
  const held = state.detail.claim;
  if (claim.id !== held.id || claim.version <= held.version) return state;
  return { ...state, detail: { ...state.detail, claim } };
}

/** An assignment: the claim as the event or the answer has it (on the same version too: who is assigned is what changed). */
function withAssignment(state: ClaimState, claim: Claim): ClaimState {
  const held = state.detail.claim;
  if (claim.id !== held.id || claim.version < held.version) return state;
  return { ...state, detail: { ...state.detail, claim: { ...held, ...claim } } };
}

/** The claim's verdict, when newer than the one held; the claim's brief of it follows. */
function withVerdict(state: ClaimState, verdict: Verdict): ClaimState {
  const held = state.detail.verdict;
  if (verdict.claimId !== state.detail.claim.id || (held && held.id === verdict.id && held.version >= verdict.version)) return state;
  return { ...state, detail: { ...state.detail, verdict, claim: { ...state.detail.claim, verdict: refOf(verdict) } } };
}

function withEvidence(state: ClaimState, evidence: Evidence): ClaimState {
  if (evidence.claimId !== state.detail.claim.id || state.deleted.has(evidence.id)) return state;
  const list = state.detail.evidence;
  const index = list.findIndex((e) => e.id === evidence.id);
  if (index >= 0 && list[index]!.version >= evidence.version) return state;
  const next = index >= 0 ? list.map((e, i) => (i === index ? evidence : e)) : [...list, evidence].sort(byCreation);
  return { ...state, detail: { ...state.detail, evidence: next } };
}

function withoutEvidence(state: ClaimState, id: string): ClaimState {
  const deleted = new Set(state.deleted).add(id);
  return { ...state, deleted, detail: { ...state.detail, evidence: state.detail.evidence.filter((e) => e.id !== id) } };
}

/**
 * Whether an annotation event changes where the claim appears. The event
 * lacks the article's title, so the page refetches rather than guess.
 */
export function touchesAppearances(state: ClaimState, event: Event): boolean {
  const payload = event.payload as Partial<Annotation> & { id?: string };
  const claimId = state.detail.claim.id;
  const listed = state.detail.appearances.some((a) => a.annotationId === payload.id);
  switch (event.type) {
    case 'annotation.created':
    case 'annotation.updated':
      return listed || payload.claim?.id === claimId;
    case 'annotation.deleted':
      return listed;
    case 'article.versioned':
      return true;
    default:
      return false;
  }
}

export function claimReducer(state: ClaimState | null, action: ClaimAction): ClaimState | null {
  if (action.type === 'loaded') {
    const deleted = state?.deleted ?? new Set<string>();
    const detail = { ...action.detail, evidence: action.detail.evidence.filter((e) => !deleted.has(e.id)).sort(byCreation) };
    // Keep what is newer than the fetch (a live event that overtook it).
    let next: ClaimState = { detail, deleted };
    if (state && state.detail.claim.id === detail.claim.id) {
      next = withClaim(next, state.detail.claim);
      for (const evidence of state.detail.evidence) next = withEvidence(next, evidence);
      if (state.detail.verdict) next = withVerdict(next, state.detail.verdict);
    }
    return next;
  }
  if (!state) return state;
  switch (action.type) {
    case 'claimSaved':
      return withClaim(state, action.claim);
    case 'evidenceSaved':
      return withEvidence(state, action.evidence);
    case 'evidenceDeleted':
      return withoutEvidence(state, action.id);
    case 'verdictSaved':
      return withVerdict(state, action.verdict);
    case 'claimAssigned':
      return withAssignment(state, action.claim);
    case 'event': {
      const { event } = action;
      const payload = event.payload as Record<string, unknown>;
      const verdict = verdictEventOf(event);
      if (verdict) return withVerdict(state, verdict.verdict);
      switch (event.type) {
        case 'claim.assigned': {
          const claim = assignedClaimOf(event);
          return claim ? withAssignment(state, claim) : state;
        }
        case 'claim.created':
        case 'claim.updated':
          return withClaim(state, payload as unknown as Claim);
        case 'evidence.created':
        case 'evidence.updated':
          return withEvidence(state, payload as unknown as Evidence);
        case 'evidence.deleted':
          return typeof payload.id === 'string' && payload.claimId === state.detail.claim.id ? withoutEvidence(state, payload.id) : state;
        default:
          return state;
      }
    }
  }
}

// ---------- The claims list ----------

export type ClaimsAction = { type: 'loaded'; claims: Claim[] } | { type: 'claimSaved'; claim: Claim } | { type: 'event'; event: Event };

/** Newest first, as the API lists them. */
function newestFirst(a: Claim, b: Claim): number {
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/** Adds or replaces a claim; on the same version, onTie says whether the incoming copy wins (counts may differ). */
function upsertClaim(claims: Claim[], claim: Claim, onTie: 'incoming' | 'held' = 'incoming'): Claim[] {
  const index = claims.findIndex((c) => c.id === claim.id);
  if (index < 0) return [...claims, claim].sort(newestFirst);
  const held = claims[index]!;
  if (held.version > claim.version || (held.version === claim.version && onTie === 'held')) return claims;
  return claims.map((c, i) => (i === index ? claim : c));
}

export function claimsReducer(claims: Claim[] | null, action: ClaimsAction): Claim[] | null {
  switch (action.type) {
    case 'loaded': {
      let merged = action.claims.slice().sort(newestFirst);
      for (const claim of claims ?? []) merged = upsertClaim(merged, claim, 'held');
      return merged;
    }
    case 'claimSaved':
      return upsertClaim(claims ?? [], action.claim);
    case 'event': {
      const { event } = action;
      if (event.type === 'claim.created' || event.type === 'claim.updated') {
        return upsertClaim(claims ?? [], event.payload as unknown as Claim);
      }
      const assigned = assignedClaimOf(event);
      if (assigned && claims) {
        return claims.map((c) => (c.id === assigned.id && c.version <= assigned.version ? { ...c, ...assigned } : c));
      }
      const verdict = verdictEventOf(event);
      if (verdict && claims) {
        return claims.map((c) => (c.id === verdict.verdict.claimId ? { ...c, verdict: refOf(verdict.verdict) } : c));
      }
      return claims;
    }
  }
}

/** Whether an event may change a listed claim's counts (then the list is fetched again). */
export function changesClaimCounts(event: Event): boolean {
  return /^(evidence|annotation)\.(created|deleted|updated)$/.test(event.type) || event.type === 'article.versioned';
}

/** Whether an event changes a listed claim's assignee or verdict (applied at once, then fetched again to be sure). */
export function changesClaimWork(event: Event): boolean {
  return event.type === 'claim.assigned' || event.type.startsWith('verdict.');
}
