// Describing a selected passage as W3C selectors, and finding it again.
//
// The libraries do the work (dom-anchor-text-position for offsets,
// dom-anchor-text-quote for the quote and its fuzzy search); this module
// only converts their UTF-16 offsets to the code points the API speaks,
// and keeps context from splitting a surrogate pair.
import * as textPosition from 'dom-anchor-text-position';
import * as textQuote from 'dom-anchor-text-quote';
import type { Selectors } from '../api/client';
import { snapToCodePoint, toCodePoints, toUtf16 } from './codepoints';

/** How many characters of context go into prefix and suffix. */
export const CONTEXT_LENGTH = 32;

/** Describes range, a selection inside root, as selectors over root.textContent. */
export function describe(root: Element, range: Range): Selectors | null {
  const text = root.textContent ?? '';
  const offsets = textPosition.fromRange(root, range);
  const start = snapToCodePoint(text, offsets.start, 'back');
  const end = snapToCodePoint(text, offsets.end, 'forward');
  if (end <= start) {
    return null;
  }
  const quote = textQuote.fromTextPosition(root, { start, end });
  // The library cuts context at CONTEXT_LENGTH code units; never leave half
  // of an astral character at the outer edge.
  const prefixStart = snapToCodePoint(text, Math.max(0, start - CONTEXT_LENGTH), 'forward');
  const suffixEnd = snapToCodePoint(text, Math.min(text.length, end + CONTEXT_LENGTH), 'back');
  return {
    quote: {
      exact: quote.exact,
      prefix: text.slice(prefixStart, start),
      suffix: text.slice(end, suffixEnd),
    },
    position: {
      start: toCodePoints(text, start),
      end: toCodePoints(text, end),
    },
  };
}

export type AnchorMethod = 'position' | 'quote';

export interface Anchor {
  range: Range;
  method: AnchorMethod;
}

/**
 * Finds the passage selectors describe inside root: by position first,
 * verified against the quote; failing that, by the quote (fuzzily, near the
 * remembered position). Returns null when the passage is gone (orphaned).
 */
export function anchor(root: Element, selectors: Selectors): Anchor | null {
  const text = root.textContent ?? '';
  const { quote, position } = selectors;
  const start = toUtf16(text, position.start);
  const end = toUtf16(text, position.end);
  if (end > start && end <= text.length && text.slice(start, end) === quote.exact) {
    return { range: textPosition.toRange(root, { start, end }), method: 'position' };
  }
  const found = textQuote.toTextPosition(root, quote, { hint: start });
  if (found && found.end > found.start) {
    return { range: textPosition.toRange(root, found), method: 'quote' };
  }
  return null;
}
