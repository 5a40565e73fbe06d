// The story: a checker imports an article and highlights a claim;
// an editor reading the same article sees it appear live; after a reload
// the highlight sits on exactly the same text.
import { expect, login, personIn, problemsOf, screenshot, selectWithMouse, test } from './fixtures';

const PHRASE = 'built 4,200 new homes';

// Astral characters before the passage make UTF-16 offsets and code point
// positions differ, so the client and the server must agree on the latter.
const TEXT = [
  'The council’s housing report 🏠 was published on Monday after months of delay.',
  'In it, the mayor claims the city built 4,200 new homes in 2024 — “more than any year this decade” 📈.',
  'Opposition councillors dispute the figure, saying that fewer than 3,000 were finished and that the rest are still under construction.',
].join('\n\n');

test('a highlight saved by a checker appears live for an editor and survives a reload', async ({ page, browser }) => {
  const title = `Housing claims ${Date.now()}`;

  // The editor is on the desk's home page, live.
  const editor = await personIn(browser, 'editor');
  await expect(editor.getByTestId('live-status')).toHaveText('Live');

  // The checker imports the article.
  await login(page, 'checker');
  await screenshot(page, 'home-checker');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Article text').fill(TEXT);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/w\/demo\/articles\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const articleText = page.getByTestId('article-text');
  await expect(articleText).toContainText('the mayor claims the city built 4,200 new homes in 2024');
  await expect(articleText.locator('p')).toHaveCount(3);
  const articleURL = page.url();

  // The new article appears in the editor's list without a reload; the
  // editor opens it and waits there, live.
  await editor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const listed = editor.getByTestId('article-list').getByRole('link', { name: title });
  await expect(listed).toBeVisible();
  await listed.click();
  await expect(editor).toHaveURL(articleURL);
  await expect(editor.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(editor.getByTestId('live-status')).toHaveText('Live');
  await expect(editor.getByTestId('annotation-card')).toHaveCount(0);
  await expect(page.getByTestId('live-status')).toHaveText('Live');

  // The checker selects the passage with the mouse and annotates it.
  await selectWithMouse(page, PHRASE);
  await page.getByRole('button', { name: /Annotate/ }).click();
  const form = page.getByRole('region', { name: 'New annotation' });
  await expect(form.locator('blockquote')).toHaveText(PHRASE);
  await form.getByText('Claim', { exact: true }).click();
  await form.getByLabel('Note').fill('Check against the **housing report**, table 3: completions were 2,950.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);

  const card = page.getByTestId('annotation-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(PHRASE);
  await expect(card.locator('strong')).toHaveText('housing report');
  await expect(card).toContainText('Checker');
  const mark = articleText.locator('mark.highlight');
  await expect(mark).toHaveText(PHRASE);
  await expect(mark).toHaveClass(/highlight--claim/);

  // The editor sees it without reloading.
  const editorCard = editor.getByTestId('annotation-card');
  await expect(editorCard).toHaveCount(1);
  await expect(editorCard).toContainText(PHRASE);
  await expect(editorCard.locator('strong')).toHaveText('housing report');
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveText(PHRASE);
  expect(await editor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Hovering the highlight points at its card.
  await editor.getByTestId('article-text').locator('mark.highlight').hover();
  await expect(editorCard).toHaveClass(/annotation-card--active/);
  await screenshot(editor, 'reading-view-editor');

  // After a reload the highlight is on exactly the same text.
  const offsetBefore = await textOffsetOfFirstMark(page);
  await page.reload();
  await expect(mark).toHaveText(PHRASE);
  expect(await textOffsetOfFirstMark(page)).toBe(offsetBefore);
  expect(offsetBefore).toBe(await articleText.evaluate((root, phrase) => root.textContent!.indexOf(phrase), PHRASE));
  await expect(page.getByTestId('annotation-card')).toHaveCount(1);
  await page.getByTestId('annotation-card').hover();
  await screenshot(page, 'reading-view');

  expect(problemsOf.get(editor), "the editor's page logged errors or CSP violations").toEqual([]);
  await editor.context().close();
});

test('a passage can be selected and annotated with the keyboard alone', async ({ page }) => {
  await login(page, 'checker');
  await page.getByLabel('Title').fill(`Keyboard ${Date.now()}`);
  await page.getByLabel('Article text').fill('Unemployment fell to 3.9 percent in March 😀, the lowest rate since 2019.');
  await page.getByRole('button', { name: 'Import article' }).click();
  const articleText = page.getByTestId('article-text');
  await expect(articleText).toContainText('Unemployment fell');

  await articleText.focus();
  for (let i = 0; i < 'Unemployment'.length; i++) {
    await page.keyboard.press('Shift+ArrowRight');
  }
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe('Unemployment');
  await page.keyboard.press('a');
  const form = page.getByRole('region', { name: 'New annotation' });
  await expect(form.getByLabel('Note')).toBeFocused();
  await page.keyboard.type('Source: the statistics office.');
  await screenshot(page, 'annotation-form');
  await page.keyboard.press('Control+Enter');
  await expect(articleText.locator('mark.highlight')).toHaveText('Unemployment');
  await expect(page.getByTestId('annotation-card')).toContainText('the statistics office');
});

/** Where the first highlight starts in the article's text, in UTF-16 units. */
function textOffsetOfFirstMark(page: import('@playwright/test').Page): Promise<number> {
  return page.getByTestId('article-text').evaluate((root) => {
    const mark = root.querySelector('mark.highlight');
    if (!mark) throw new Error('no highlight');
    const before = document.createRange();
    before.setStart(root, 0);
    before.setEndBefore(mark);
    return before.toString().length;
  });
}
