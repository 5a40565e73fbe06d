// From offsets into root.textContent to places in the DOM, fast enough to
// anchor a thousand annotations in a row.
//
// dom-anchor-text-position walks every text node from the start of root
// with a new NodeIterator on each call, and a code point conversion walks
// the text from its start: both grow with the article, so 1,000 anchors
// cost 1,000 × the article. Here one index per root remembers where each
// text node starts; a lookup is a binary search and a short walk forward.
//
// The index stays right while highlights come and go: wrapping a text node
// in a <mark> keeps it and its text, splitText() keeps the node's start (the
// new node follows it), and normalize() merges into the earlier node. It is
// rebuilt when the text differs (new content) or a node it names has left
// root, and every range it gives is checked against the text before use.

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The node after node in document order, not leaving root; null at its end. */
function following(node: Node, root: Node): Node | null {
  if (node.firstChild) {
    return node.firstChild;
  }
  for (let at: Node | null = node; at && at !== root; at = at.parentNode) {
    if (at.nextSibling) {
      return at.nextSibling;
    }
  }
  return null;
}

/** The text node after node in document order, inside root; null at its end. */
export function nextText(node: Node, root: Node): Text | null {
  for (let at = following(node, root); at; at = following(at, root)) {
    if (at.nodeType === Node.TEXT_NODE) {
      return at as Text;
    }
  }
  return null;
}

// root.textContent builds the whole text again on every call: anchoring
// 1,000 passages asked for it 1,000 times. It is remembered for the rest of
// the task (highlights never change the text, and a new content replaces
// the nodes, which the index notices); textOf(root, true) reads it afresh.
let texts = new WeakMap<Node, string>();
let forgetting = false;

export function textOf(root: Node, fresh = false): string {
  let text = fresh ? undefined : texts.get(root);
  if (text === undefined) {
    text = root.textContent ?? '';
    texts.set(root, text);
    if (!forgetting) {
      forgetting = true;
      queueMicrotask(() => {
        texts = new WeakMap();
        forgetting = false;
      });
    }
  }
  return text;
}

interface TextIndex {
  text: string;
  /** The non-empty text nodes of root in order, and the UTF-16 offset each starts at. */
  nodes: Text[];
  starts: number[];
  /** The UTF-16 offsets of the surrogate pairs in text. */
  pairs: number[];
}

const indexes = new WeakMap<Node, { text: string; index: TextIndex | null }>();

function build(root: Node, text: string): TextIndex | null {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (let node = nextText(root, root); node; node = nextText(node, root)) {
    if (node.length > 0) {
      nodes.push(node);
      starts.push(offset);
      offset += node.length;
    }
  }
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs.push(i++);
    }
  }
  // Text that is not in text nodes (never in HTML): leave it to the libraries.
  return offset === text.length ? { text, nodes, starts, pairs } : null;
}

function indexFor(root: Node, text: string, fresh = false): TextIndex | null {
  const known = indexes.get(root);
  if (!fresh && known && known.text === text) {
    return known.index;
  }
  const index = build(root, text);
  indexes.set(root, { text, index });
  return index;
}

/** The UTF-16 offset of a code point offset into root's text (clamped to its end). */
export function utf16Offset(root: Node, text: string, codePointOffset: number): number | null {
  const index = indexFor(root, text);
  if (!index) {
    return null;
  }
  // Pair k is code point number pairs[k] − k; count those before the offset.
  const { pairs } = index;
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid]! - mid < codePointOffset) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(Math.max(0, codePointOffset) + lo, text.length);
}

/**
 * The text node holding UTF-16 offset of the text, and the offset in it: a
 * start lies before a character (never at a node's end), an end after one
 * (never at a node's start). Null when the index has gone stale.
 */
function locate(root: Node, index: TextIndex, offset: number, side: 'start' | 'end'): [Text, number] | null {
  const { starts, nodes, text } = index;
  // The last indexed node starting at (a start) or before (an end) offset.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (side === 'start' ? starts[mid]! <= offset : starts[mid]! < offset) lo = mid;
    else hi = mid - 1;
  }
  let node: Text | null = nodes[lo] ?? null;
  let at = starts[lo] ?? 0;
  if (!node || !root.contains(node) || !text.startsWith(node.data, at)) {
    return null;
  }
  // Highlights may have split it since: walk on through the pieces.
  while (node) {
    const end = at + node.length;
    if (node.length > 0 && (side === 'start' ? offset < end : offset <= end)) {
      return [node, offset - at];
    }
    at = end;
    node = nextText(node, root);
  }
  return null;
}

/**
 * A range over the UTF-16 span [start, end) of root's text (text being
 * root.textContent), or null if the index cannot tell (the caller then
 * asks dom-anchor-text-position).
 */
export function rangeAt(root: Node, text: string, start: number, end: number): Range | null {
  if (!(start >= 0 && end > start && end <= text.length)) {
    return null;
  }
  for (const fresh of [false, true]) {
    const index = indexFor(root, text, fresh);
    if (!index) {
      return null;
    }
    const from = locate(root, index, start, 'start');
    const to = from && locate(root, index, end, 'end');
    if (from && to) {
      const range = root.ownerDocument!.createRange();
      range.setStart(from[0], from[1]);
      range.setEnd(to[0], to[1]);
      if (range.toString() === text.slice(start, end)) {
        return range;
      }
    }
  }
  return null;
}
