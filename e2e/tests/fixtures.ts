// What every spec shares: the server's address, the demo accounts, and
// how a person logs in.
import { type Browser, type Page, expect, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const baseURL = process.env.FACTDESK_E2E_URL;
if (!baseURL) {
  throw new Error('FACTDESK_E2E_URL is not set: run the suite with `npm test`, which starts the server in global-setup.ts.');
}

export const password = process.env.FACTDESK_E2E_PASSWORD!;

export const users = {
  admin: { email: 'admin@factdesk.example', role: 'Admin' },
  editor: { email: 'editor@factdesk.example', role: 'Editor' },
  checker: { email: 'checker@factdesk.example', role: 'Checker' },
  viewer: { email: 'viewer@factdesk.example', role: 'Viewer' },
  editor2: { email: 'editor2@factdesk.example', role: 'Editor' },
} as const;

export type Who = keyof typeof users;

/** What watchForBreakage collected on pages made by personIn. */
export const problemsOf = new WeakMap<Page, string[]>();

/** Uncaught errors and CSP violations on a page: every test expects none. */
export function watchForBreakage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(`csp: ${message.text()}`);
    }
  });
  return problems;
}

export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(baseURL);
  },
  page: async ({ page }, use) => {
    const problems = watchForBreakage(page);
    await use(page);
    expect(problems, 'the page logged errors or CSP violations').toEqual([]);
  },
});
export { expect };

export async function login(page: Page, who: Who): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(users[who].email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/w\/demo$/);
  await expect(page.getByTestId('workspace-name')).toHaveText('Demo desk');
}

/** A fresh, logged-in browser context for another person. */
export async function personIn(browser: Browser, who: Who): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  problemsOf.set(page, watchForBreakage(page));
  await login(page, who);
  return page;
}

const shots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshots');

/** Saves a screenshot under e2e/test-results/screenshots to look at the design. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
}

/**
 * Selects phrase in the article with the mouse, as a person would: press
 * at the left edge of its first character, release at the right edge of
 * its last.
 */
export async function selectWithMouse(page: Page, phrase: string): Promise<void> {
  const points = await page.getByTestId('article-text').evaluate((root, phrase) => {
    const text = root.textContent ?? '';
    const start = text.indexOf(phrase);
    if (start < 0) throw new Error(`"${phrase}" is not in the article`);
    const end = start + phrase.length;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const at = (offset: number, last: boolean) => {
      let seen = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (offset < seen + node.length || (last && offset === seen + node.length)) {
          const range = document.createRange();
          const local = offset - seen;
          range.setStart(node, last ? local - 1 : local);
          range.setEnd(node, last ? local : local + 1);
          walker.currentNode = root;
          return range.getBoundingClientRect();
        }
        seen += node.length;
      }
      throw new Error('offset out of range');
    };
    const first = at(start, false);
    const lastChar = at(end, true);
    return {
      x1: first.left + 1,
      y1: first.top + first.height / 2,
      x2: lastChar.right - 1,
      y2: lastChar.top + lastChar.height / 2,
    };
  }, phrase);
  await page.mouse.move(points.x1, points.y1);
  await page.mouse.down();
  await page.mouse.move((points.x1 + points.x2) / 2, (points.y1 + points.y2) / 2, { steps: 4 });
  await page.mouse.move(points.x2, points.y2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe(phrase);
}

const pagesURL = process.env.FACTDESK_E2E_PAGES_URL;

/**
 * Puts a web page on the loopback page server (see page-server.ts) and
 * returns its address, for importing by URL. Putting again at the same
 * name changes what that address serves.
 */
export async function putPage(name: string, html: string): Promise<string> {
  if (!pagesURL) throw new Error('FACTDESK_E2E_PAGES_URL is not set: run the suite with `npm test`.');
  const url = `${pagesURL}/pages/${encodeURIComponent(name)}`;
  const response = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html });
  if (!response.ok) throw new Error(`page server: PUT ${url} answered ${response.status}`);
  return url;
}

/** Where the first highlight of an annotation starts in the article's text, in UTF-16 units. */
export function offsetOfMark(page: Page, annotationId?: string): Promise<number> {
  return page.getByTestId('article-text').evaluate((root, id) => {
    const mark = root.querySelector(id ? `mark.highlight[data-annotation-id="${id}"]` : 'mark.highlight');
    if (!mark) throw new Error('no highlight');
    const before = document.createRange();
    before.setStart(root, 0);
    before.setEndBefore(mark);
    return before.toString().length;
  }, annotationId);
}

/** Marks the window; notReloaded(page) stays true until the page is loaded again. */
export async function markLoaded(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
}

export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
}

/**
 * Makes an article with one highlight made a claim, through the API as the
 * person logged in on page (for tests about what others then see).
 */
export async function seedClaimedArticle(page: Page, text: string, phrase: string): Promise<{ articleId: string; claimId: string }> {
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'X-CSRF-Token': session.csrfToken as string };
  const post = async (url: string, data: unknown) => {
    const response = await page.request.post(url, { headers, data });
    if (!response.ok()) throw new Error(`POST ${url} answered ${response.status()}: ${await response.text()}`);
    return response.json();
  };
  const article = await post('/api/workspaces/demo/articles', { title: `Seeded ${Date.now()}`, text });
  const detail = await (await page.request.get(`/api/articles/${article.id}`)).json();
  const plain: string = detail.content.text;
  const start = [...plain.slice(0, plain.indexOf(phrase))].length;
  const annotation = await post(`/api/articles/${article.id}/annotations`, {
    articleVersionId: detail.content.versionId,
    kind: 'comment',
    body: 'Seeded note',
    selectors: { quote: { exact: phrase }, position: { start, end: start + [...phrase].length } },
  });
  const claim = await post('/api/workspaces/demo/claims', { statement: phrase, claimant: 'Seed', annotationId: annotation.id });
  await post(`/api/claims/${claim.id}/evidence`, { url: 'https://example.org/source', title: 'Seeded source', stance: 'context' });
  return { articleId: article.id, claimId: claim.id };
}
