// The other ways in: an uploaded Markdown file, pasted HTML, a new version
// pasted by hand; and, by keyboard alone, linking an existing highlight to a
// claim the desk already has.
import { expect, login, screenshot, seedClaimedArticle, test } from './fixtures';

test('an uploaded Markdown file, re-imported by paste, and a highlight linked to an existing claim by keyboard', async ({ page }) => {
  await login(page, 'checker');
  const stamp = Date.now();
  // A claim the desk already has.
  await seedClaimedArticle(page, `Exports rose by 12 percent in 2024, the ministry said (${stamp}).`, 'Exports rose by 12 percent in 2024');

  await page.getByText('Upload a file', { exact: true }).click();
  await page.getByLabel('File to import').setInputFiles({
    name: `trade-${stamp}.md`,
    mimeType: 'text/markdown',
    buffer: Buffer.from(`# Trade figures ${stamp}\n\nThe minister said **exports rose by 12 percent in 2024**.\n\nImports were flat.\n`),
  });
  await expect(page.getByTestId('file-chosen')).toContainText(`trade-${stamp}.md`);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Trade figures ${stamp}` })).toBeVisible();
  const text = page.getByTestId('article-text');
  await expect(text.locator('strong')).toHaveText('exports rose by 12 percent in 2024');

  // Highlight with the keyboard: from the start of the text, word by word.
  await text.focus();
  for (let i = 0; i < 'The minister said'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe('The minister said');
  await page.keyboard.press('a');
  await page.keyboard.type('Which ministry release?');
  await page.keyboard.press('Control+Enter');
  const card = page.getByTestId('annotation-card');
  await expect(card).toContainText('Which ministry release?');

  // Focus the highlight, press C, and take the desk's claim.
  await text.locator('mark.highlight').first().focus();
  await page.keyboard.press('c');
  const form = page.getByRole('region', { name: 'Make claim' });
  await form.getByLabel('Statement').fill('Exports rose by 12 percent in 2024');
  const suggestion = form.getByTestId('similar-claim').filter({ hasText: 'Exports rose by 12 percent in 2024' });
  await expect(suggestion.first()).toBeVisible();
  await suggestion.first().getByRole('button', { name: /Use this claim/ }).focus();
  await page.keyboard.press('Enter');
  await expect(form).toHaveCount(0);
  await expect(card.getByTestId('claim-link')).toHaveText('Exports rose by 12 percent in 2024');
  await expect(text.locator('mark.highlight--claim')).toHaveCount(1);

  // A new version pasted as HTML: the highlight moves, nothing is orphaned.
  await page.getByRole('button', { name: 'New version' }).click();
  const dialog = page.getByRole('dialog', { name: 'New version' });
  await dialog.getByText('Paste', { exact: true }).click();
  await dialog.getByLabel('Format').selectOption('html');
  await dialog.getByLabel('Article text').fill(`<h1>Trade figures ${stamp}</h1><p>Correction appended.</p><p>The minister said <strong>exports rose by 12 percent in 2024</strong>.</p><p>Imports were flat.</p>`);
  await screenshot(page, 'new-version-paste');
  await dialog.getByRole('button', { name: 'Import new version' }).click();
  await expect(page.getByTestId('version-notice')).toContainText('Version 2 imported');
  await expect(page.getByTestId('version-notice')).not.toContainText('orphaned');
  await expect(text).toContainText('Correction appended.');
  await expect(text.locator('mark.highlight--claim').first()).toContainText('The minister said');
  await expect(page.getByTestId('orphans')).toHaveCount(0);

  // Esc closes the dialog without importing.
  await page.getByRole('button', { name: 'New version' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'New version' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New version' })).toBeFocused();
});
