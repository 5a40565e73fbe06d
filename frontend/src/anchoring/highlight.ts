// Drawing annotations over the article: every text node of the passage is
// wrapped in a <mark>. Wrapping never changes root.textContent, so positions
// stay valid while highlights come and go.

import { nextText } from './offsets';

export const HIGHLIGHT_CLASS = 'highlight';

/** The text nodes covered by range, split so that each lies wholly inside it. */
function splitTextNodes(range: Range): Text[] {
  let { startContainer, startOffset, endContainer, endOffset } = range;
  if (endContainer.nodeType === Node.TEXT_NODE && endOffset < (endContainer as Text).length) {
    (endContainer as Text).splitText(endOffset);
  }
  if (startContainer.nodeType === Node.TEXT_NODE && startOffset > 0) {
    const rest = (startContainer as Text).splitText(startOffset);
    if (endContainer === startContainer) {
      endContainer = rest;
      endOffset -= startOffset;
    }
    startContainer = rest;
    startOffset = 0;
  }
  if (startContainer.nodeType === Node.TEXT_NODE && endContainer.nodeType === Node.TEXT_NODE) {
    // The usual case (every anchored range): the text nodes from the first
    // to the last, in document order. No Range or TreeWalker to make: each
    // one lives on in the document until collected, and slows every later
    // change to the DOM.
    const nodes = [startContainer as Text];
    const document = startContainer.ownerDocument!;
    for (let node: Node | null = startContainer; node && node !== endContainer; ) {
      node = nextText(node, document);
      if (node) nodes.push(node as Text);
    }
    return nodes;
  }
  const covered = startContainer.ownerDocument!.createRange();
  covered.setStart(startContainer, startOffset);
  covered.setEnd(endContainer, endOffset);
  const root = covered.commonAncestorContainer;
  const nodes: Text[] = [];
  if (root.nodeType === Node.TEXT_NODE) {
    return [root as Text];
  }
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (covered.intersectsNode(node)) {
      nodes.push(node as Text);
    }
  }
  return nodes;
}

/**
 * Wraps the text of range in <mark> elements carrying the annotation's id
 * and its style: a kind ("comment", "claim") or a list of extra classes;
 * returns them (the first is the one to focus). Afterwards range still
 * covers the same text (moving a node into a <mark> would otherwise
 * collapse a live range onto its old place).
 */
export function highlightRange(range: Range, id: string, style: string | readonly string[]): HTMLElement[] {
  const classes = typeof style === 'string' ? [`${HIGHLIGHT_CLASS}--${style}`] : style;
  const marks: HTMLElement[] = [];
  const nodes = splitTextNodes(range);
  for (const node of nodes) {
    // Whitespace between block elements would only make ragged highlights.
    if (node.data.trim() === '') {
      continue;
    }
    const mark = node.ownerDocument.createElement('mark');
    mark.className = [HIGHLIGHT_CLASS, ...classes].join(' ');
    mark.dataset.annotationId = id;
    node.parentNode!.replaceChild(mark, node);
    mark.appendChild(node);
    marks.push(mark);
  }
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (first && last && marks.length > 0) {
    range.setStart(first, 0);
    range.setEnd(last, last.length);
  }
  return marks;
}

/** Removes highlights, putting their text back where it was. */
export function removeHighlights(marks: HTMLElement[]): void {
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) {
      continue;
    }
    while (mark.firstChild) {
      parent.insertBefore(mark.firstChild, mark);
    }
    parent.removeChild(mark);
    parent.normalize();
  }
}
