// Small pieces every verdict screen shares: the state as a badge, a rating
// with its colour swatch, how long something has waited, and a rationale's
// changes as insertions and deletions.
import { useEffect, useState } from 'preact/hooks';
import { api, type Rating } from '../api/client';
import type { DiffPart, VerdictState } from '../api/verdicts';
import type { LiveConnection } from '../live/connection';
import { workspaceRoom } from '../live/protocol';
import { ratingOf, safeColour, stateLabels, waitingFor } from '../state/verdict';

/** The verdict's state in words, with a shape per state (not only a colour). */
export function VerdictStateBadge({ state }: { state: VerdictState }) {
  return (
    <span class={`badge verdict-state verdict-state--${state}`} data-testid="verdict-state">
      <span class="verdict-state__mark" aria-hidden="true" />
      {stateLabels[state] ?? state}
    </span>
  );
}

export function RatingSwatch({ rating }: { rating: Rating | undefined }) {
  const colour = safeColour(rating?.colour);
  return <span class={colour ? 'rating-swatch' : 'rating-swatch rating-swatch--none'} aria-hidden="true" style={colour ? { backgroundColor: colour } : undefined} />;
}

/** A rating label with its swatch; "off scale" is said, not only shown. */
export function RatingBadge({ label, scale, large }: { label: string; scale?: readonly Rating[] | null; large?: boolean }) {
  if (!label) return <span class="rating rating--none">No rating yet</span>;
  const rating = ratingOf(scale, label);
  return (
    <span class={large ? 'rating rating--large' : 'rating'} data-testid="rating">
      <RatingSwatch rating={rating} />
      <span class="rating__label">{label}</span>
      {rating && !rating.onScale && <span class="rating__off">off the scale</span>}
    </span>
  );
}

/** The time now, moved on every interval (for "waiting 5 min"). */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Waiting({ since, now }: { since: string | null | undefined; now: number }) {
  if (!since) return null;
  return (
    <time class="waiting" dateTime={since} data-testid="waiting">
      {waitingFor(since, now)}
    </time>
  );
}

/**
 * How a text changed: insertions underlined in green (<ins>), deletions
 * struck in red (<del>), long unchanged stretches shortened around the edits.
 */
export function DiffView({ parts, context = 80 }: { parts: readonly DiffPart[]; context?: number }) {
  return (
    <p class="diff" data-testid="rationale-diff">
      {parts.map((part, i) => {
        if (part.op === 'insert') {
          return (
            <ins key={i} class="diff__ins">
              {part.text}
            </ins>
          );
        }
        if (part.op === 'delete') {
          return (
            <del key={i} class="diff__del">
              {part.text}
            </del>
          );
        }
        return <span key={i}>{shorten(part.text, context, i === 0, i === parts.length - 1)}</span>;
      })}
    </p>
  );
}

/** An unchanged stretch: only its ends next to edits are worth reading. */
function shorten(text: string, context: number, first: boolean, last: boolean): string {
  if (text.length <= context * 2 + 1) return text;
  if (first && last) return text;
  if (first) return `…${text.slice(-context)}`;
  if (last) return `${text.slice(0, context)}…`;
  return `${text.slice(0, context)} … ${text.slice(-context)}`;
}

/**
 * The workspace's rating scale (for swatches and the rating choice), kept
 * current when an admin changes the settings.
 */
export function useRatingScale(slug: string, live: LiveConnection): Rating[] | null {
  const [scale, setScale] = useState<Rating[] | null>(null);
  useEffect(() => {
    let current = true;
    api.getSettings(slug).then(
      (settings) => current && setScale(settings.ratingScale),
      () => {},
    );
    const leave = live.subscribe(workspaceRoom(slug), undefined, {
      onEvent(event) {
        if (event.type !== 'workspace.settings_updated') return;
        const next = (event.payload as { ratingScale?: unknown }).ratingScale;
        if (Array.isArray(next)) setScale(next as Rating[]);
      },
    });
    return () => {
      current = false;
      leave();
    };
  }, [slug, live]);
  return scale;
}
