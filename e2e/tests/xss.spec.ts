// Stored XSS: hostile text in every field people can write (article title
// and HTML, notes, tags, replies, claims, claimants, evidence) is rendered on
// every screen it appears on, and no script ever runs. Each payload would
// set window.__xss; the fixture also fails the test on any uncaught error
// or CSP violation (an inline handler that reached the DOM would log one).
// csp.spec.ts stores the same payloads with the sanitizer off, to prove
// the Content-Security-Policy alone stops them too.
import { type Page } from '@playwright/test';
import { expect, login, screenshot, selectWithMouse, test } from './fixtures';

import { ARTICLE_HTML, CANARY, IFRAME, IMG, JS_URL, NOTE, REPLY, SVG, TAGS } from './xss-payloads';

async function expectNoScriptRan(page: Page, where: string): Promise<void> {
  // Give any handler that made it into the DOM its chance to run.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `a payload ran on ${where}`).toBeUndefined();
  const dangerous = await page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name) || attribute.name === 'srcdoc' || /^\s*javascript:/i.test(attribute.value)) {
          found.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
        }
      }
    }
    for (const element of document.querySelectorAll('main iframe, main script, main object, main embed, main form[action]')) {
      found.push(`<${element.tagName.toLowerCase()}>`);
    }
    return found;
  });
  expect(dangerous, `dangerous markup reached the DOM on ${where}`).toEqual([]);
}

test('hostile text in every field is shown as text everywhere, and no script runs', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'checker');

  // An article pasted as HTML, with a hostile title.
  const title = `Budget ${Date.now()} ${IMG}`;
  await page.getByLabel('Format').selectOption('html');
  await page.getByLabel('Article text').fill(ARTICLE_HTML);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('article-text')).toContainText('unemployment fell to 3.9 percent');
  const articleURL = page.url();

  // A comment with a hostile note and tags, and a hostile reply.
  await selectWithMouse(page, 'unemployment fell to 3.9 percent');
  await page.getByRole('button', { name: /Annotate/ }).click();
  const form = page.getByRole('region', { name: 'New annotation' });
  await form.getByLabel('Note').fill(NOTE);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expectNoScriptRan(page, 'the note preview');
  await form.getByRole('button', { name: 'Write' }).click();
  const tags = form.getByRole('combobox', { name: 'Tags' });
  for (const tag of TAGS) {
    await tags.fill(tag);
    await tags.press('Enter');
  }
  await form.getByRole('button', { name: 'Save' }).click();
  const card = page.getByTestId('annotation-card');
  await expect(card).toContainText(`Note ${CANARY}`);
  await expect(card.getByRole('listitem').filter({ hasText: '<svg onload=window.__xss=16>' })).toHaveCount(1);
  await card.getByRole('button', { name: 'Reply' }).click();
  await card.getByRole('textbox', { name: 'Reply' }).fill(REPLY);
  await card.getByRole('button', { name: 'Send reply' }).click();
  await expect(card.getByTestId('reply')).toContainText(`Reply ${CANARY}`);

  // A claim with a hostile statement and claimant.
  await card.getByRole('button', { name: 'Make claim' }).click();
  const claimForm = page.getByRole('region', { name: 'Make claim' });
  await claimForm.getByLabel('Statement').fill(`Unemployment is 3.9 percent ${SVG}`);
  await claimForm.getByLabel('Claimant').fill(IMG);
  await claimForm.getByRole('button', { name: 'Create claim' }).click();
  await expect(card.getByTestId('claim-link')).toContainText('<svg onload=');
  await expectNoScriptRan(page, 'the reading view');
  await screenshot(page, 'xss-reading-view');

  // Evidence with a javascript: URL and hostile text.
  await card.getByTestId('claim-link').click();
  await expect(page.getByTestId('claim-statement')).toContainText('<svg onload=');
  await expect(page.getByTestId('claim-claimant')).toHaveText(IMG);
  await page.getByRole('button', { name: 'Add evidence' }).click();
  const evidenceForm = page.getByRole('region', { name: 'New evidence' });
  await evidenceForm.getByLabel('Source URL').fill(JS_URL);
  await evidenceForm.getByLabel('Title').fill(IFRAME);
  await evidenceForm.getByLabel('Publisher').fill(SVG);
  await evidenceForm.getByLabel('Quoted passage').fill(IMG);
  await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
  const evidence = page.getByTestId('evidence');
  // The server may refuse a javascript: URL; if it kept it, it is shown as text, never as a link.
  const outcome = await Promise.race([
    evidence.first().waitFor().then(() => 'saved'),
    evidenceForm.locator('.field__error, [role=alert]').first().waitFor().then(() => 'refused'),
  ]);
  if (outcome === 'refused') {
    await evidenceForm.getByLabel('Source URL').fill(`https://example.org/?q=${encodeURIComponent(IMG)}`);
    await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
  }
  await expect(evidence).toContainText(CANARY);
  await expect(evidence.locator('a[href^="javascript"]')).toHaveCount(0);
  await expectNoScriptRan(page, 'the claim page');
  await screenshot(page, 'xss-claim-page');

  // The claims list, the desk home, search results, and the article again.
  await page.getByRole('link', { name: 'Claims', exact: true }).click();
  await expect(page.getByTestId('claim-list')).toContainText('<svg onload=');
  await expectNoScriptRan(page, 'the claims list');
  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await expect(page.getByTestId('article-list')).toContainText(title);
  await expectNoScriptRan(page, 'the desk home');
  await page.goto(`/w/demo/search?q=${CANARY}`);
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  expect(await page.getByTestId('search-result').count()).toBeGreaterThanOrEqual(4);
  await expectNoScriptRan(page, 'the search results');
  await screenshot(page, 'xss-search');
  await page.goto(articleURL);
  await expect(page.getByTestId('annotation-card')).toContainText(`Reply ${CANARY}`);
  await card.getByRole('button', { name: 'Edit' }).first().click();
  await card.getByRole('button', { name: 'Preview' }).click();
  await expectNoScriptRan(page, 'the reading view after a reload');
});
