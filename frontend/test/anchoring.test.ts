import { beforeEach, describe as suite, expect, it } from 'vitest';
import { toCodePoints, toUtf16 } from '../src/anchoring/codepoints';
import { highlightRange, removeHighlights } from '../src/anchoring/highlight';
import { anchor, CONTEXT_LENGTH, describe } from '../src/anchoring/selectors';

function render(html: string): HTMLElement {
  document.body.innerHTML = '';
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.appendChild(root);
  return root;
}

/** A DOM range over the UTF-16 span [start, end) of root's text. */
function rangeOf(root: HTMLElement, phrase: string): Range {
  const text = root.textContent!;
  const start = text.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = start + phrase.length;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const next = offset + node.length;
    if (start >= offset && start < next) range.setStart(node, start - offset);
    if (end > offset && end <= next) range.setEnd(node, end - offset);
    offset = next;
  }
  return range;
}

/** Code point slicing, as the server does it. */
function cpSlice(text: string, start: number, end?: number): string {
  return Array.from(text).slice(start, end).join('');
}

const ARTICLE =
  '<h2>Budget</h2><p>The mayor said the city hired <em>1,200</em> new teachers last year.</p>' +
  '<p>Critics 🧐 said only 300 👩🏽‍🏫 were hired, and that 😀 the rest were transfers.</p>';

suite('code points', () => {
  it('converts between UTF-16 offsets and code points', () => {
    const text = 'a😀b𝒳c';
    expect(toCodePoints(text, 0)).toBe(0);
    expect(toCodePoints(text, 1)).toBe(1);
    expect(toCodePoints(text, 3)).toBe(2); // after the emoji (two units)
    expect(toCodePoints(text, text.length)).toBe(5);
    expect(toUtf16(text, 2)).toBe(3);
    expect(toUtf16(text, 4)).toBe(6);
    expect(toUtf16(text, 5)).toBe(text.length);
    for (let cp = 0; cp <= 5; cp++) {
      expect(toCodePoints(text, toUtf16(text, cp))).toBe(cp);
    }
  });
});

suite('describe and anchor', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = render(ARTICLE);
  });

  it('describes a passage across elements with quote, context and position', () => {
    const selectors = describe(root, rangeOf(root, 'hired 1,200 new teachers'))!;
    const text = root.textContent!;
    expect(selectors.quote.exact).toBe('hired 1,200 new teachers');
    // Only 30 characters come before it: the prefix is all of them.
    expect(selectors.quote.prefix).toBe('BudgetThe mayor said the city ');
    // The suffix is CONTEXT_LENGTH code units long (the emoji counts two).
    expect(selectors.quote.suffix).toBe(' last year.Critics 🧐 said only ');
    expect(selectors.quote.suffix!.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
    expect(cpSlice(text, selectors.position.start, selectors.position.end)).toBe('hired 1,200 new teachers');
  });

  it('counts positions in code points when emoji come before the passage', () => {
    const phrase = 'the rest were transfers';
    const selectors = describe(root, rangeOf(root, phrase))!;
    const text = root.textContent!;
    const utf16Start = text.indexOf(phrase);
    // Several astral characters precede it, so the two counts differ.
    expect(selectors.position.start).toBeLessThan(utf16Start);
    expect(selectors.position.start).toBe(Array.from(text.slice(0, utf16Start)).length);
    expect(cpSlice(text, selectors.position.start, selectors.position.end)).toBe(phrase);
    // The server checks the context against the text around the position.
    expect(cpSlice(text, 0, selectors.position.start).endsWith(selectors.quote.prefix!)).toBe(true);
    expect(cpSlice(text, selectors.position.end).startsWith(selectors.quote.suffix!)).toBe(true);
  });

  it('quotes an emoji itself and never splits a surrogate pair in the context', () => {
    const selectors = describe(root, rangeOf(root, '🧐'))!;
    expect(selectors.quote.exact).toBe('🧐');
    expect(selectors.position.end - selectors.position.start).toBe(1);
    for (const part of [selectors.quote.prefix!, selectors.quote.suffix!]) {
      expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      expect(encodeURIComponent(part)).toBeTruthy(); // throws on a lone surrogate
    }
  });

  it('round-trips: the anchored range has the same text and the same selectors', () => {
    for (const phrase of ['1,200', 'only 300 👩🏽‍🏫 were hired', 'Budget', 'transfers.']) {
      const selectors = describe(root, rangeOf(root, phrase))!;
      const found = anchor(root, selectors)!;
      expect(found.method).toBe('position');
      expect(found.range.toString()).toBe(phrase);
      expect(describe(root, found.range)).toEqual(selectors);
    }
  });

  it('falls back to the quote when the position no longer matches', () => {
    const selectors = describe(root, rangeOf(root, 'only 300'))!;
    root = render('<p>Editor’s note: updated.</p>' + ARTICLE);
    const found = anchor(root, selectors)!;
    expect(found.method).toBe('quote');
    expect(found.range.toString()).toBe('only 300');
  });

  it('keeps anchoring after highlights split the text nodes', () => {
    const first = describe(root, rangeOf(root, 'city hired 1,200'))!;
    const second = describe(root, rangeOf(root, '1,200 new'))!;
    const marks = highlightRange(anchor(root, first)!.range, 'a', 'claim');
    expect(root.textContent).toBe(render(ARTICLE).textContent);
    root = document.body.firstElementChild as HTMLElement;
    expect(marks.map((m) => m.textContent).join('')).toBe('city hired 1,200');
    const overlapping = highlightRange(anchor(root, second)!.range, 'b', 'comment');
    expect(overlapping.map((m) => m.textContent).join('')).toBe('1,200 new');
    expect(anchor(root, first)!.range.toString()).toBe('city hired 1,200');
    removeHighlights([...marks, ...overlapping]);
    expect(root.querySelectorAll('mark')).toHaveLength(0);
    expect(root.innerHTML).toBe(ARTICLE);
  });

  it('reports a passage that is gone as orphaned', () => {
    const selectors = describe(root, rangeOf(root, 'new teachers last year'))!;
    root = render('<p>Something else entirely, about the weather in spring.</p>');
    expect(anchor(root, selectors)).toBeNull();
  });
});
