// Issue 5: the desk's settings (admins only) and its dashboard.
import type { Page } from '@playwright/test';
import { expect, login, screenshot, seedClaimedArticle, test } from './fixtures';

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get('/api/session')).json()).csrfToken as string;
}

test('the admin names the organisation and adds a rating; both are there after a reload', async ({ page }) => {
  await login(page, 'admin');
  // What other specs expect back afterwards.
  const original = await (await page.request.get('/api/workspaces/demo/settings')).json();
  try {
    await page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/w\/demo\/settings$/);
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

    const name = `Demo Fact Check ${Date.now()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Website').fill('https://factcheck.example.org');
    await expect(page.getByText(/names this organisation as its author/)).toBeVisible();

    const rows = page.getByTestId('scale-row');
    const before = await rows.count();
    await page.getByRole('button', { name: 'Add rating' }).click();
    await expect(rows).toHaveCount(before + 1);
    const added = rows.last();
    await expect(added.getByLabel('Label', { exact: true })).toBeFocused();
    await page.keyboard.type('Needs context');
    await added.getByLabel(/as hex$/).fill('#7a4f8a');
    await expect(added.getByLabel('Colour', { exact: true })).toHaveValue('#7a4f8a');
    await expect(page.getByTestId('scale-preview')).toContainText('Needs context');

    // On the scale with a value another rating has: named next to the field, nothing sent.
    await added.getByRole('switch').check();
    await added.getByLabel('Value', { exact: true }).fill(String(original.ratingScale[0].value));
    await page.getByTestId('save-settings').click();
    await expect(added.getByText(/Another rating on the scale has/)).toBeVisible();
    await expect(added.getByLabel('Value', { exact: true })).toBeFocused();
    await added.getByRole('switch').uncheck();

    // Reordering by keyboard: the moved rating keeps the focus.
    const up = added.getByRole('button', { name: 'Move Needs context up' });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect(rows.nth(before - 1).getByLabel('Label', { exact: true })).toHaveValue('Needs context');
    await expect(rows.nth(before - 1).getByRole('button', { name: 'Move Needs context up' })).toBeFocused();
    await screenshot(page, 'settings');

    await page.getByTestId('save-settings').click();
    await expect(page.getByText('Settings saved.')).toBeVisible();

    await page.reload();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(page.getByLabel('Website')).toHaveValue('https://factcheck.example.org');
    await expect(rows.nth(before - 1).getByLabel('Label', { exact: true })).toHaveValue('Needs context');
    await expect(page.getByTestId('scale-preview')).toContainText('Needs context');
  } finally {
    const now = await (await page.request.get('/api/workspaces/demo/settings')).json();
    const restored = await page.request.put('/api/workspaces/demo/settings', {
      headers: { 'X-CSRF-Token': await csrf(page) },
      data: { organisation: original.organisation, ratingScale: original.ratingScale, version: now.version },
    });
    expect(restored.status()).toBe(200);
  }
});

test('a checker is refused the settings, by the page and by the API', async ({ page }) => {
  await login(page, 'checker');
  const nav = page.getByRole('navigation', { name: 'Desk' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  await page.goto('/w/demo/settings');
  await expect(page.getByTestId('settings-refused')).toContainText('Only admins can change these settings');
  await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);

  const current = await (await page.request.get('/api/workspaces/demo/settings')).json();
  const response = await page.request.put('/api/workspaces/demo/settings', {
    headers: { 'X-CSRF-Token': await csrf(page) },
    data: { organisation: { name: 'Taken over', url: '' }, ratingScale: current.ratingScale, version: current.version },
  });
  expect(response.status()).toBe(403);
});

test('the dashboard draws its charts once a claim exists, for the desk and for one article', async ({ page }) => {
  await login(page, 'checker');
  const { articleId } = await seedClaimedArticle(page, 'The mayor said crime fell by 40 percent last year.', 'crime fell by 40 percent');

  await page.getByRole('navigation', { name: 'Desk' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/w\/demo\/dashboard$/);
  await expect(page.getByTestId('claims-found')).not.toHaveText('0');
  const weeks = page.getByRole('img', { name: 'Claims found per week' });
  await expect(weeks).toBeVisible();
  await expect(weeks.locator('rect.chart__bar')).toHaveCount(12);
  // The numbers, for keyboards and screen readers.
  const summary = page.getByTestId('chart-weeks').getByText('Show as table');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chart-weeks').getByRole('table')).toContainText('Week of');

  // From the article's header to its own dashboard.
  await page.goto(`/w/demo/articles/${articleId}`);
  await page.getByRole('toolbar', { name: 'Article' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/demo/dashboard\\?article=${articleId}$`));
  await expect(page.getByTestId('claims-found')).toHaveText('1');
  await expect(page.getByTestId('claims-without-verdict')).toHaveText('1');
  await expect(page.getByRole('img', { name: 'Claims found per week' })).toBeVisible();
  await screenshot(page, 'dashboard-article');
});

test('an article without claims shows a friendly empty dashboard, not empty charts', async ({ page }) => {
  await login(page, 'checker');
  const created = await page.request.post('/api/workspaces/demo/articles', {
    headers: { 'X-CSRF-Token': await csrf(page) },
    data: { title: `Quiet article ${Date.now()}`, text: 'Nothing checkable here at all.' },
  });
  expect(created.ok()).toBe(true);
  const article = await created.json();
  await page.goto(`/w/demo/dashboard?article=${article.id}`);
  await expect(page.getByTestId('dashboard-empty')).toContainText('No claims in this article yet');
  await expect(page.getByRole('img')).toHaveCount(0);
});
