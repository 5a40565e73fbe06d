// The test-only switch (FACTDESK_TEST_UNSAFE_MARKDOWN on the server, a
// <meta> in the page) turns the note sanitizer off, so that the e2e test
// e2e/tests/csp.spec.ts can prove the Content-Security-Policy alone stops
// stored script. Its own file: the switch is read once per page.
import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import { renderNote } from '../src/markdown';

describe('renderNote in a page marked factdesk-unsafe-markdown', () => {
  it("is marked's own output: raw HTML, handlers and javascript: links kept", () => {
    const meta = document.createElement('meta');
    meta.name = 'factdesk-unsafe-markdown';
    meta.content = '1';
    document.head.append(meta);
    const note = '**Source:** [x](javascript:window.__xss=7)\n\n<img src=x onerror="window.__xss=1">';
    const html = renderNote(note);
    expect(html).toBe(new Marked({ gfm: true, breaks: true, async: false }).parse(note));
    expect(html).toContain('<img src=x onerror="window.__xss=1">');
    expect(html).toContain('href="javascript:window.__xss=7"');
    expect(html).toContain('<strong>Source:</strong>');
  });
});
