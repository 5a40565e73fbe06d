import { describe, expect, it } from 'vitest';
import { renderNote, sanitizeArticle } from '../src/markdown';

function mount(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderNote', () => {
  it('renders Markdown', () => {
    const html = renderNote('**Source:** [the ministry](https://example.org/report), p. 4');
    const note = mount(html);
    expect(note.querySelector('strong')!.textContent).toBe('Source:');
    const link = note.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/report');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it('never lets an image with an event handler through', () => {
    const html = renderNote('Look: <img src=x onerror="alert(1)"> and ![pic](https://example.org/x.png "t")');
    expect(html).not.toMatch(/<img/i);
    const note = mount(html);
    expect(note.querySelector('img')).toBeNull();
    for (const element of note.querySelectorAll('*')) {
      expect(element.getAttributeNames().filter((name) => name.startsWith('on'))).toEqual([]);
    }
  });

  it('drops javascript: links, in Markdown and in raw HTML', () => {
    const html = renderNote('[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">raw</a> <a href="&#106;avascript:alert(3)">enc</a>');
    // Raw HTML stays visible as text; no link anywhere carries a script.
    expect(mount(html).textContent).toContain('<a href="JaVaScRiPt:alert(2)">raw</a>');
    for (const a of mount(html).querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/script/i);
    }
  });

  it('removes scripts, styles and inline handlers', () => {
    const html = renderNote('<script>alert(1)</script><style>*{}</style><p onclick="x()" style="color:red">hi</p><svg onload="x()"></svg>');
    expect(html).not.toMatch(/<script|<style|<svg|<p onclick/i);
    const note = mount(html);
    expect(note.querySelectorAll('script, style, svg, [onclick], [onload], [style]')).toHaveLength(0);
    expect(note.textContent).toContain('hi');
  });

  it('shows raw HTML as the text that was typed, without parsing it', () => {
    const html = renderNote('Use <b>bold</b>? Write **bold**. <img src=x onerror="alert(1)">');
    const note = mount(html);
    expect(note.querySelector('b, img')).toBeNull();
    expect(note.querySelector('strong')!.textContent).toBe('bold');
    expect(note.textContent!.trim()).toBe('Use <b>bold</b>? Write bold. <img src=x onerror="alert(1)">');
  });
});

describe('sanitizeArticle', () => {
  it('keeps the article text intact and removes what is dangerous', () => {
    const html = '<h2>Title</h2><p>One <em>two</em> 😀</p><img src=x onerror=alert(1)>';
    const clean = sanitizeArticle(html);
    expect(clean).not.toMatch(/onerror/);
    expect(mount(clean).textContent).toBe('TitleOne two 😀');
  });
});
