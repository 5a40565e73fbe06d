// The article's text, with every annotation drawn over its passage, and the
// reader's selection turned into something that can be annotated.
//
// Preact renders an empty element; this component owns its content: the
// server's HTML (sanitized once more) and the <mark> highlights over it.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Annotation } from '../api/client';
import { highlightRange, removeHighlights } from '../anchoring/highlight';
import { anchor } from '../anchoring/selectors';
import { highlightStyle, isOrphaned } from '../state/article';
import { sanitizeArticle } from '../markdown';

export interface TextSelection {
  range: Range;
  /** Where to show the Annotate button, relative to the text's container. */
  top: number;
  left: number;
}

interface Props {
  html: string;
  /** The article's title: a leading heading that repeats it is not shown twice. */
  title?: string;
  expectedText: string;
  annotations: Annotation[];
  activeId: string | null;
  pendingRange: Range | null;
  onActivate(id: string | null): void;
  onOpen(id: string): void;
  onAnchored(orphans: Set<string>): void;
  onSelection(selection: TextSelection | null): void;
}

// Timing, in the browser's performance timeline: from the article's data
// (ArticlePage marks factdesk:article-data once its GET is parsed) to every
// highlight in the DOM (factdesk:highlights), split into rendering the page
// (factdesk:highlights:render), anchoring and wrapping
// (factdesk:highlights:anchor) and the next paint (factdesk:highlights:paint).
const ARTICLE_DATA = 'factdesk:article-data';
let timedSince = -1;

function markId(target: EventTarget | null): string | null {
  const mark = target instanceof Element ? target.closest<HTMLElement>('mark[data-annotation-id]') : null;
  return mark?.dataset.annotationId ?? null;
}

/** The part of the document's selection that lies in root, if any. */
export function selectionIn(root: HTMLElement): Range | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return null;
  }
  const range = selection.getRangeAt(0).cloneRange();
  if (!range.intersectsNode(root)) {
    return null;
  }
  if (!root.contains(range.startContainer)) {
    range.setStart(root, 0);
  }
  if (!root.contains(range.endContainer)) {
    range.setEnd(root, root.childNodes.length);
  }
  return range.toString().trim() === '' ? null : range;
}

const ARROWS: Record<string, 'forward' | 'backward'> = {
  ArrowRight: 'forward',
  ArrowDown: 'forward',
  ArrowLeft: 'backward',
  ArrowUp: 'backward',
  End: 'forward',
  Home: 'backward',
};

export function ArticleText(props: Props) {
  const rootRef = useRef<HTMLDivElement>(null);
  const marks = useRef(new Map<string, { signature: string; elements: HTMLElement[] }>());
  const latest = useRef(props);
  latest.current = props;

  // The content itself: replaced only when the HTML changes.
  useLayoutEffect(() => {
    const root = rootRef.current!;
    root.innerHTML = sanitizeArticle(props.html);
    marks.current = new Map();
    if (root.textContent !== props.expectedText) {
      console.warn('factdesk: the rendered text differs from content.text; positions may be rejected');
    }
  }, [props.html]);

  // Imported pages often start with their own title. The reading view
  // shows it above already: hide the repeat (its text stays, so selector
  // positions are unchanged), from sight and from screen readers alike.
  useLayoutEffect(() => {
    const first = rootRef.current!.firstElementChild;
    const norm = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
    first?.classList.toggle('article-text__repeated-title', /^H[1-3]$/.test(first.tagName) && !!props.title && norm(first.textContent) === norm(props.title));
  }, [props.html, props.title]);

  // Highlights: add the new, redraw the changed, remove the gone, leave the
  // rest alone (so a live update does not disturb someone's selection
  // elsewhere). Orphaned annotations have no passage to draw.
  useLayoutEffect(() => {
    const data = performance.getEntriesByName(ARTICLE_DATA, 'mark');
    const since = data.length > 0 ? data[data.length - 1]!.startTime : -1;
    const timed = since > timedSince;
    if (timed) performance.mark('factdesk:highlights-start');
    const root = rootRef.current!;
    const drawn = marks.current;
    const wanted = new Map<string, { annotation: Annotation; signature: string }>();
    for (const annotation of props.annotations) {
      if (isOrphaned(annotation)) continue;
      const { position, quote } = annotation.selectors;
      const style = highlightStyle(annotation);
      wanted.set(annotation.id, { annotation, signature: `${position.start}:${position.end}:${quote.exact}:${style.classes.join(' ')}:${annotation.createdBy.name}` });
    }
    for (const [id, drawing] of drawn) {
      if (wanted.get(id)?.signature !== drawing.signature) {
        removeHighlights(drawing.elements);
        drawn.delete(id);
      }
    }
    for (const [id, { annotation, signature }] of wanted) {
      if (drawn.has(id)) {
        continue;
      }
      const found = anchor(root, annotation.selectors);
      const elements = found ? highlightRange(found.range, annotation.id, highlightStyle(annotation).classes) : [];
      const first = elements[0];
      if (first) {
        first.tabIndex = 0;
        first.setAttribute('aria-describedby', `annotation-${annotation.id}`);
        first.setAttribute('aria-label', `${annotation.kind === 'claim' ? 'Claim' : 'Comment'} by ${annotation.createdBy.name}: ${found!.range.toString()}`);
      }
      drawn.set(id, { signature, elements });
    }
    if (timed) {
      timedSince = since;
      performance.mark('factdesk:highlights-drawn', { detail: { annotations: drawn.size } });
      performance.measure('factdesk:highlights', ARTICLE_DATA, 'factdesk:highlights-drawn');
      performance.measure('factdesk:highlights:render', ARTICLE_DATA, 'factdesk:highlights-start');
      performance.measure('factdesk:highlights:anchor', 'factdesk:highlights-start', 'factdesk:highlights-drawn');
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark('factdesk:highlights-painted');
          performance.measure('factdesk:highlights:paint', 'factdesk:highlights-drawn', 'factdesk:highlights-painted');
        }),
      );
    }
    const orphans = new Set<string>();
    for (const [id, drawing] of drawn) {
      if (drawing.elements.length === 0) {
        orphans.add(id);
      }
    }
    props.onAnchored(orphans);
  }, [props.html, props.annotations]);

  // The passage being annotated stays visible while the form has focus.
  useLayoutEffect(() => {
    if (!props.pendingRange) {
      return;
    }
    const pending = highlightRange(props.pendingRange, 'pending', 'pending');
    return () => removeHighlights(pending);
  }, [props.pendingRange]);

  useEffect(() => {
    for (const [id, { elements }] of marks.current) {
      for (const element of elements) {
        element.classList.toggle('highlight--active', id === props.activeId);
      }
    }
  }, [props.activeId, props.annotations]);

  useEffect(() => {
    const root = rootRef.current!;
    const container = root.parentElement!;
    const update = () => {
      const range = selectionIn(root);
      if (!range) {
        latest.current.onSelection(null);
        return;
      }
      const rects = range.getClientRects();
      const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
      const box = container.getBoundingClientRect();
      latest.current.onSelection({
        range,
        top: last.bottom - box.top + 6,
        left: Math.max(0, Math.min(last.right - box.left - 40, box.width - 150)),
      });
    };
    document.addEventListener('selectionchange', update);
    return () => document.removeEventListener('selectionchange', update);
  }, []);

  return (
    <div
      ref={rootRef}
      class="article-text"
      data-testid="article-text"
      tabIndex={0}
      role="document"
      aria-label="Article text. Select a passage with Shift and the arrow keys, then press A to annotate it."
      onMouseOver={(e) => {
        const id = markId(e.target);
        if (id) latest.current.onActivate(id);
      }}
      onMouseOut={(e) => {
        if (markId(e.target) && markId(e.relatedTarget) !== markId(e.target)) latest.current.onActivate(null);
      }}
      onFocusIn={(e) => {
        const id = markId(e.target);
        if (id) latest.current.onActivate(id);
      }}
      onClick={(e) => {
        const id = markId(e.target);
        if (id && document.getSelection()?.isCollapsed !== false) latest.current.onOpen(id);
      }}
      onKeyDown={(e) => {
        const id = markId(e.target);
        if (id && e.key === 'Enter') {
          e.preventDefault();
          latest.current.onOpen(id);
          return;
        }
        const direction = ARROWS[e.key];
        const selection = document.getSelection();
        if (!direction || !selection) {
          return;
        }
        const root = rootRef.current!;
        const inside = selection.rangeCount > 0 && root.contains(selection.focusNode);
        if (!e.shiftKey && !inside) {
          return; // plain arrows scroll, as usual
        }
        if (!inside) {
          // Start a keyboard selection at the top of the visible text.
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let first = walker.nextNode();
          while (first && (first.parentElement?.closest('.article-text__repeated-title') || first.textContent!.trim() === '')) first = walker.nextNode();
          selection.collapse(first ?? root, 0);
        }
        const granularity =
          e.key === 'Home' || e.key === 'End' ? 'lineboundary' : e.key === 'ArrowUp' || e.key === 'ArrowDown' ? 'line' : e.ctrlKey || e.altKey ? 'word' : 'character';
        selection.modify(e.shiftKey ? 'extend' : 'move', direction, granularity);
        e.preventDefault();
      }}
    />
  );
}
