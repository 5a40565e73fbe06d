// Sends one queued edit through the API, and says what came of it.
import { api, ApiError, isUnreachable, StaleError } from '../api/client';
import { conflictOf, isMootConflict } from '../state/conflict';
import type { Edit, Outcome } from './queue';

/** The request an edit makes. Throws what the API client throws. */
export function perform(edit: Edit): Promise<unknown> {
  switch (edit.kind) {
    case 'createAnnotation':
      return api.createAnnotation(edit.articleId, edit.request, edit.key);
    case 'updateAnnotation':
      return api.updateAnnotation(edit.annotationId, { ...edit.draft, version: edit.baseVersion });
    case 'createReply':
      return api.createReply(edit.annotationId, edit.body, edit.key);
    case 'updateReply':
      return api.updateReply(edit.replyId, edit.draft.body, edit.baseVersion);
    case 'updateClaim':
      return api.updateClaim(edit.claimId, { ...edit.draft, version: edit.baseVersion });
    case 'createEvidence':
      return api.createEvidence(edit.claimId, edit.request, edit.key);
    case 'updateEvidence':
      return api.updateEvidence(edit.evidenceId, { ...edit.draft, version: edit.baseVersion });
  }
}

/** The fields an update changes, to compare with the record it raced. */
export function draftOf(edit: Edit): Record<string, unknown> {
  switch (edit.kind) {
    case 'updateAnnotation':
    case 'updateReply':
    case 'updateClaim':
    case 'updateEvidence':
      return edit.draft;
    default:
      return {};
  }
}

/** What sending the edit came to: sent, out of reach (try later), a conflict, or refused. */
export async function sendEdit(edit: Edit): Promise<Outcome> {
  try {
    return { type: 'sent', record: await perform(edit) };
  } catch (failure) {
    if (failure instanceof StaleError) {
      const current = failure.current as Record<string, unknown>;
      // The same change made elsewhere (or this very edit, whose answer was
      // lost on the way): it stands, there is nothing to choose.
      return isMootConflict(conflictOf(draftOf(edit), current)) ? { type: 'sent', record: current } : { type: 'conflict', current };
    }
    // Out of reach, or the session ended (after logging in again, the same
    // user's queue is sent): keep it and try later.
    if (isUnreachable(failure) || (failure instanceof ApiError && failure.status === 401)) return { type: 'offline' };
    return { type: 'refused', message: failure instanceof ApiError ? failure.message : 'The server refused it.' };
  }
}
