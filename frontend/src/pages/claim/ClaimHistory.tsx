// Everything that happened to a claim, its evidence and its verdict, from
// the events table, newest first (what changed last is what one looks for):
// who, what, when, send-back comments and correction notes, and how the
// rationale changed.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Rating } from '../../api/client';
import { type HistoryEntry, verdictApi } from '../../api/verdicts';
import { Alert } from '../../ui/components';
import { count, formatFull, formatWhen } from '../../ui/format';
import { DiffView, RatingBadge, VerdictStateBadge } from '../../ui/verdict';

/** Newest first; the same moment keeps the server's order, reversed. */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.slice().sort((a, b) => b.seq - a.seq);
}

const COLLAPSED = 8;

/** Entries that only edit (or start) a verdict: their state and rating are noise; the summary says a rating change. */
const edits = new Set(['verdict.created', 'verdict.updated']);

export function ClaimHistory({
  claimId,
  changes,
  scale,
}: {
  claimId: string;
  /** Goes up on every live event of the claim: fetch again. */
  changes: number;
  scale: readonly Rating[] | null;
}) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [all, setAll] = useState(false);

  useEffect(() => {
    let current = true;
    // A burst of events is fetched once.
    const timer = setTimeout(
      () =>
        verdictApi.history(claimId).then(
          (list) => {
            if (!current) return;
            setEntries(newestFirst(list));
            setError(null);
          },
          (failure: unknown) => current && setError(failure instanceof ApiError ? failure.message : 'Could not load the history.'),
        ),
      changes === 0 ? 0 : 300,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [claimId, changes]);

  const shown = entries && !all ? entries.slice(0, COLLAPSED) : entries;
  return (
    <section class="history" aria-labelledby="history-heading">
      <div class="section-head">
        <h2 id="history-heading" class="section-head__title">
          History {entries && <span class="section-head__count">{entries.length}</span>}
        </h2>
        <span class="history__order">Newest first</span>
      </div>
      {error && <Alert>{error}</Alert>}
      {!entries && !error && <p class="muted">Loading the history…</p>}
      {entries && entries.length === 0 && <p class="sidebar__empty">Nothing has happened to this claim yet.</p>}
      {shown && shown.length > 0 && (
        <ol class="history__list" data-testid="history">
          {shown.map((entry) => (
            <li key={entry.seq} class="history-entry" data-testid="history-entry">
              <div class="history-entry__head">
                <span class="history-entry__who">{entry.actor?.name ?? 'Factdesk'}</span>
                <span class="history-entry__what">{entry.summary}</span>
                {entry.state && !edits.has(entry.type) && <VerdictStateBadge state={entry.state} />}
                {entry.rating && !edits.has(entry.type) && <RatingBadge label={entry.rating} scale={scale} />}
                <time class="history-entry__when" dateTime={entry.at} title={formatFull(entry.at)}>
                  {formatWhen(entry.at)}
                </time>
              </div>
              {entry.comment && (
                <blockquote class={entry.type === 'verdict.corrected' ? 'history-entry__comment history-entry__comment--note' : 'history-entry__comment'}>
                  <span class="visually-hidden">{entry.type === 'verdict.corrected' ? 'Correction note: ' : 'Comment: '}</span>
                  {entry.comment}
                </blockquote>
              )}
              {entry.rationaleDiff && entry.rationaleDiff.some((p) => p.op !== 'equal') && (
                <div class="history-entry__diff">
                  <p class="history-entry__diff-label">Rationale changes</p>
                  <DiffView parts={entry.rationaleDiff} />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {entries && entries.length > COLLAPSED && (
        <button type="button" class="link-button history__more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show only the latest' : `Show all ${count(entries.length, 'entry', 'entries')}`}
        </button>
      )}
    </section>
  );
}
