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
import { rangeAt, textOf, utf16Offset } from './offsets';

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
  // Anchoring many in a row (every highlight of an article) goes through
  // offsets.ts: the text read once, an index of its nodes. Whatever that
  // cannot vouch for is done again from the DOM, with the libraries.
  return anchorIn(root, selectors, textOf(root)) ?? anchorIn(root, selectors, textOf(root, true), true);
}

function anchorIn(root: Element, selectors: Selectors, text: string, fresh = false): Anchor | null {
  const { quote, position } = selectors;
  const start = utf16Offset(root, text, position.start) ?? toUtf16(text, position.start);
  const end = utf16Offset(root, text, position.end) ?? toUtf16(text, position.end);
  const rangeOf = (at: { start: number; end: number }) => rangeAt(root, text, at.start, at.end) ?? (fresh ? textPosition.toRange(root, at) : null);
  if (end > start && end <= text.length && text.slice(start, end) === quote.exact) {
    const range = rangeOf({ start, end });
    return range ? { range, method: 'position' } : null;
  }
  if (!fresh) {
    return null;
  }
  const found = textQuote.toTextPosition(root, quote, { hint: start });
  if (found && found.end > found.start) {
    return { range: rangeOf(found)!, method: 'quote' };
  }
  return null;
}
