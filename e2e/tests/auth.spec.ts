import { request } from '@playwright/test';
import { expect, login, password, screenshot, test, users } from './fixtures';

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Log in to your desk' })).toBeVisible();
  await screenshot(page, 'login');
  await page.getByLabel('Email').fill(users.checker.email);
  await page.getByLabel('Password').fill(`${password}-wrong`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
  await expect(page).toHaveURL(/\/login$/);
  await screenshot(page, 'login-error');
});

test('logging out returns to the login page and ends the session on the server', async ({ page, baseURL }) => {
  await login(page, 'checker');
  await expect(page.getByTestId('user-name')).not.toBeEmpty();
  await expect(page.getByRole('banner')).toContainText(users.checker.role);
  const cookies = await page.context().cookies();
  const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  expect(cookieHeader).toContain('factdesk_session=');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Email')).toBeVisible();

  // The old cookie no longer opens anything.
  const old = await request.newContext({ baseURL, extraHTTPHeaders: { Cookie: cookieHeader } });
  const session = await old.get('/api/session');
  expect(session.status()).toBe(401);
  const articles = await old.get('/api/workspaces/demo/articles');
  expect(articles.status()).toBe(401);
  await old.dispose();

  // And the app sends the browser back to the login page.
  await page.goto('/w/demo');
  await expect(page).toHaveURL(/\/login\?next=%2Fw%2Fdemo$/);
});

test('after logging in, the user lands where they were going', async ({ page }) => {
  await page.goto('/w/demo');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(users.editor.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/w\/demo$/);
  await expect(page.getByRole('banner')).toContainText('Editor');
});

test('logging out in one tab sends the other tabs of that session to the login page', async ({ page }) => {
  await login(page, 'checker');
  const other = await page.context().newPage();
  await other.goto('/w/demo');
  await expect(other.getByTestId('live-status')).toHaveText('Live');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The server closes the session's live connections; the other tab notices.
  await expect(other).toHaveURL(/\/login\?next=%2Fw%2Fdemo$/, { timeout: 20_000 });
  await expect(other.getByText('Your session has ended. Please log in again.')).toBeVisible();
  await other.close();
});
