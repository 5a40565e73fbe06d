// A viewer reads everything and changes nothing: the UI does not offer
// what the server would refuse.
import { expect, login, personIn, seedClaimedArticle, selectWithMouse, test } from './fixtures';

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

test('a viewer reads annotations, claims and evidence but is offered no change to them', async ({ page, browser }) => {
  const checker = await personIn(browser, 'checker');
  const { articleId, claimId } = await seedClaimedArticle(checker, 'Turnout was 71 percent, the highest since 1992.', '71 percent');
  await checker.context().close();

  await login(page, 'viewer');
  await page.goto(`/w/demo/articles/${articleId}`);
  await expect(page.getByTestId('article-text').locator('mark.highlight--claim')).toHaveText('71 percent');
  await expect(page.getByRole('button', { name: 'New version' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Annotations \(JSON-LD\)/ })).toBeVisible();
  const card = page.getByTestId('annotation-card');
  await expect(card).toContainText('Seeded note');
  for (const name of ['Reply', 'Edit', 'Resolve', 'Reopen', 'Delete', 'Make claim']) {
    await expect(card.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expect(card.getByRole('link', { name: 'Download as JSON-LD' })).toBeVisible();
  await card.hover();
  await page.keyboard.press('c');
  await expect(page.getByRole('region', { name: 'Make claim' })).toHaveCount(0);

  await card.getByTestId('claim-link').click();
  await expect(page).toHaveURL(new RegExp(`/w/demo/claims/${claimId}$`));
  await expect(page.getByTestId('claim-statement')).toHaveText('71 percent');
  await expect(page.getByTestId('evidence')).toContainText('Seeded source');
  await expect(page.getByRole('button', { name: 'Edit claim' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add evidence' })).toHaveCount(0);
  await expect(page.getByTestId('evidence').getByRole('button')).toHaveCount(0);
});
