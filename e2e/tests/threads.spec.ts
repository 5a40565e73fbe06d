// Working on one annotation together: replies arrive live; two people who
// edit the same note at once see each other's version and choose (never a
// silent overwrite); resolve and reopen; only what one may change is
// offered; exports download; a deletion disappears for everyone.
import { readFileSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, login, personIn, problemsOf, screenshot, selectWithMouse, test } from './fixtures';

async function edit(card: Locator, note: string): Promise<void> {
  await card.getByRole('button', { name: 'Edit', exact: true }).click();
  const field = card.getByRole('textbox', { name: 'Note' });
  await expect(field).toBeFocused();
  await field.fill(note);
}

async function download(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path!, 'utf8') };
}

test('a thread, worked on by two people at once', async ({ page: checker, browser }) => {
  test.setTimeout(120_000);
  await login(checker, 'checker');
  await checker.getByLabel('Title').fill(`Bridges ${Date.now()}`);
  await checker.getByLabel('Article text').fill('Officials said 87 percent of the bridges were inspected in 2023.\n\nOthers said it was 60 percent.');
  await checker.getByRole('button', { name: 'Import article' }).click();
  await expect(checker.getByTestId('article-text')).toContainText('87 percent');
  await selectWithMouse(checker, '87 percent');
  await checker.keyboard.press('a');
  await checker.getByRole('textbox', { name: 'Note' }).fill('First take: ask the ministry.');
  await checker.keyboard.press('Control+Enter');
  const card = checker.getByTestId('annotation-card');
  await expect(card).toContainText('First take');

  const editor = await personIn(browser, 'editor');
  await editor.goto(checker.url());
  const theirCard = editor.getByTestId('annotation-card');
  await expect(theirCard).toContainText('First take');

  // The editor replies; the checker sees it arrive.
  await theirCard.getByRole('button', { name: 'Reply' }).click();
  await theirCard.getByRole('textbox', { name: 'Reply' }).fill('Which **table** did you use?');
  await theirCard.getByRole('button', { name: 'Send reply' }).click();
  await expect(card.getByTestId('reply')).toContainText('Which table did you use?');
  await expect(card.getByTestId('reply').locator('strong')).toHaveText('table');
  // The checker may not edit the editor's reply; the editor may.
  await expect(card.getByRole('button', { name: /Edit reply/ })).toHaveCount(0);
  await expect(theirCard.getByRole('button', { name: /Edit reply/ })).toHaveCount(1);

  // Both edit the note at once; the editor saves first.
  await edit(card, 'Checker’s wording: the ministry’s table 4 says 79 percent.');
  await edit(theirCard, 'Editor’s wording: cite table 4.');
  await theirCard.getByRole('button', { name: 'Save' }).click();
  await expect(theirCard).toContainText('Editor’s wording');
  await card.getByRole('button', { name: 'Save' }).click();
  const conflict = card.getByTestId('conflict');
  await expect(conflict).toBeFocused();
  await expect(conflict.getByRole('region', { name: 'Their version' })).toContainText('Editor’s wording: cite table 4.');
  await expect(conflict.getByRole('region', { name: 'Your version' })).toContainText('Checker’s wording');
  await expect(conflict).toContainText('while you were editing');
  await screenshot(checker, 'edit-conflict');
  await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(card).toContainText('Checker’s wording');
  await expect(theirCard).toContainText('Checker’s wording');

  // Again, and this time the checker keeps the editor's version.
  await edit(card, 'A third wording nobody will keep.');
  await edit(theirCard, 'Editor again: 79 percent, table 4.');
  await theirCard.getByRole('button', { name: 'Save' }).click();
  await expect(theirCard).toContainText('Editor again');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByTestId('conflict').getByRole('button', { name: 'Use theirs' }).click();
  await expect(card).toContainText('Editor again: 79 percent, table 4.');
  await expect(card).not.toContainText('A third wording');

  // Resolve and reopen, seen by both.
  await card.getByRole('button', { name: 'Resolve' }).click();
  await expect(card.getByText('Resolved', { exact: true })).toBeVisible();
  await expect(theirCard.getByText('Resolved', { exact: true })).toBeVisible();
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveClass(/highlight--resolved/);
  await card.getByRole('button', { name: 'Reopen' }).click();
  await expect(theirCard.getByText('Resolved', { exact: true })).toHaveCount(0);

  // Exports: the annotation, the article's annotations, the claims as CSV.
  const one = await download(checker, card.getByRole('link', { name: 'Download as JSON-LD' }));
  const annotation = JSON.parse(one.text);
  expect(annotation.type).toBe('Annotation');
  expect(JSON.stringify(annotation['@context'])).toContain('http://www.w3.org/ns/anno.jsonld');
  const all = await download(checker, checker.getByRole('link', { name: /Annotations \(JSON-LD\)/ }));
  expect(JSON.stringify(JSON.parse(all.text))).toContain('AnnotationCollection');
  const csv = await download(checker, checker.getByRole('link', { name: /Claims \(CSV\)/ }));
  expect(csv.text.split('\n')[0]).toMatch(/statement/i);

  // The editor deletes their reply; then the checker deletes the annotation.
  await theirCard.getByRole('button', { name: /Delete reply/ }).click();
  await theirCard.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click();
  await expect(card.getByTestId('reply')).toHaveCount(0);
  await card.getByRole('button', { name: 'Delete', exact: true }).click();
  await card.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click();
  await expect(checker.getByTestId('annotation-card')).toHaveCount(0);
  await expect(editor.getByTestId('annotation-card')).toHaveCount(0);
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveCount(0);

  expect(problemsOf.get(editor), "the editor's page logged errors or CSP violations").toEqual([]);
  await editor.context().close();
});
