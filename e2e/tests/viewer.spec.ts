// A viewer reads everything and changes nothing: the UI does not offer
// what the server would refuse.
import { expect, login, selectWithMouse, test } from './fixtures';

test('a viewer is offered neither the import form nor the Annotate action', async ({ page }) => {
  await login(page, 'viewer');
  await expect(page.getByRole('banner')).toContainText('Viewer');
  await expect(page.getByRole('heading', { name: 'Import article' })).toHaveCount(0);
  await expect(page.getByLabel('Article text')).toHaveCount(0);

  const list = page.getByTestId('article-list');
  await expect(list.getByRole('link').first()).toBeVisible();
  await list.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/articles\//);
  const articleText = page.getByTestId('article-text');
  await expect(articleText).not.toBeEmpty();

  // Select a passage with the mouse, then try both ways in.
  const firstWords = (await articleText.locator('p').first().textContent())!.slice(0, 12);
  await selectWithMouse(page, firstWords);
  await expect(page.getByRole('button', { name: /Annotate/ })).toHaveCount(0);
  await page.keyboard.press('a');
  await expect(page.getByRole('region', { name: 'New annotation' })).toHaveCount(0);
});
