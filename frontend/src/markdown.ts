// Notes are Markdown written by users: rendered with marked, then
// sanitized with DOMPurify before they reach the DOM. The CSP backs this up.
//
// Raw HTML typed into a note is shown as the text it is, not parsed: notes
// are Markdown. Besides, Chromium reports a CSP violation as soon as it
// parses an inline handler (onerror=…), even in the inert document DOMPurify
// sanitizes in, so parsing hostile HTML at all would fill the console (and
// any CSP report endpoint) although nothing runs.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

// Tests only: a server started with FACTDESK_TEST_UNSAFE_MARKDOWN marks the
// page with <meta name="factdesk-unsafe-markdown" content="1">, and notes are
// then whatever marked makes of them, raw HTML included, with no DOMPurify:
// e2e/tests/csp.spec.ts stores hostile notes that way to prove that the
// Content-Security-Policy alone stops them. (Escaping raw HTML is a lock of
// its own, so it is off too, or nothing hostile would reach the page.)
const rawMarked = new Marked({ gfm: true, breaks: true, async: false });

let unsafeMarkdown: boolean | undefined;

function sanitizerOff(): boolean {
  unsafeMarkdown ??= typeof document !== 'undefined' && document.querySelector('meta[name="factdesk-unsafe-markdown"][content="1"]') !== null;
  return unsafeMarkdown;
}

let hooked = false;

function purifier() {
  if (!hooked) {
    // Links in notes open elsewhere and pass nothing about Factdesk along.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

const NOTE_TAGS = [
  'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

const NOTE_CONFIG = { ALLOWED_TAGS: NOTE_TAGS, ALLOWED_ATTR: ['href', 'title', 'target', 'rel'] };

// An article with a thousand notes renders each of them on every full
// render; parsing and sanitizing dominate that. The same source always
// gives the same safe HTML, so it is kept, in a bounded cache.
const rendered = new Map<string, string>();
const MAX_RENDERED = 4000;

/** The note as safe HTML: no scripts, no event handlers, no javascript: links, no images. */
export function renderNote(markdown: string): string {
  if (markdown === '') return '';
  const cached = rendered.get(markdown);
  if (cached !== undefined) return cached;
  const html = sanitizerOff()
    ? (rawMarked.parse(markdown) as string)
    : purifier().sanitize(marked.parse(markdown) as string, NOTE_CONFIG);
  if (rendered.size >= MAX_RENDERED) {
    rendered.delete(rendered.keys().next().value!);
  }
  rendered.set(markdown, html);
  return html;
}

/** Article HTML is sanitized by the server; this is the second lock on the door. */
export function sanitizeArticle(html: string): string {
  return purifier().sanitize(html, { USE_PROFILES: { html: true } });
}
