// Issue 4, "Done when": three reviewers on one article at the same moment.
// Each sees the others (who is here, what they have open, who is typing
// where) and their highlights live; two who edit the same note get a
// conflict, never a silent overwrite; one who goes offline keeps working,
// their edits wait in the browser ("2 edits waiting to be sent"), and when
// they come back they get what they missed and the others get their edits.
import { type Locator, type Page } from '@playwright/test';
import { expect, login, personIn, problemsOf, screenshot, selectWithMouse, test, watchForBreakage } from './fixtures';

const TEXT = 'The mayor said 40,000 new homes were built last year.\n\nCritics said the real number was closer to 12,000.';

async function importArticle(page: Page, title: string): Promise<string> {
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Article text').fill(TEXT);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page.getByTestId('article-text')).toContainText('40,000 new homes');
  return page.url();
}

function presenceNames(page: Page): Locator {
  return page.getByTestId('presence').getByRole('list', { name: 'Also here' }).getByTestId('presence-person').locator('.presence__name');
}

async function editNote(card: Locator, note: string): Promise<void> {
  await card.getByRole('button', { name: 'Edit', exact: true }).click();
  const field = card.getByRole('textbox', { name: 'Note' });
  await expect(field).toBeFocused();
  await field.fill(note);
}

test('three reviewers on one article: presence, live highlights, a conflict, and an edit made offline', async ({ page: checker, browser }) => {
  test.setTimeout(180_000);
  await login(checker, 'checker');
  const url = await importArticle(checker, `Homes ${Date.now()}`);
  await expect(checker.getByTestId('presence')).toContainText('Only you');

  const editor = await personIn(browser, 'editor');
  const admin = await personIn(browser, 'admin');
  await editor.goto(url);
  await admin.goto(url);

  // Everyone sees the two others, by name, and never themselves.
  await expect(presenceNames(checker)).toHaveText(['Ada Admin', 'Eli Editor']);
  await expect(presenceNames(editor)).toHaveText(['Ada Admin', 'Cleo Checker']);
  await expect(presenceNames(admin)).toHaveText(['Cleo Checker', 'Eli Editor']);

  // The checker highlights a passage: the others see it appear.
  await selectWithMouse(checker, '40,000 new homes');
  await checker.keyboard.press('a');
  await checker.getByRole('textbox', { name: 'Note' }).fill('Ask the housing office for the permits.');
  await checker.keyboard.press('Control+Enter');
  const card = checker.getByTestId('annotation-card');
  await expect(card).toContainText('Ask the housing office');
  const editorCard = editor.getByTestId('annotation-card');
  const adminCard = admin.getByTestId('annotation-card');
  for (const page of [editor, admin]) {
    await expect(page.getByTestId('article-text').locator('mark.highlight')).toHaveText('40,000 new homes');
    await expect(page.getByTestId('annotation-card')).toContainText('Ask the housing office');
  }

  // The editor opens the highlight: the others see whose card it is open for.
  await editor.getByTestId('article-text').locator('mark.highlight').click();
  // (The checker still has it open too, since saving it.)
  await expect(card.getByTestId('open-by')).toContainText('Open for Eli Editor');
  await expect(adminCard.getByTestId('open-by')).toContainText(/Open for .*Eli Editor/);
  await expect(checker.getByTestId('presence-person').filter({ hasText: 'Eli Editor' })).toContainText('has “40,000 new homes” open');

  // The editor starts a reply: "Eli is typing a reply…" shows on the card, for the others.
  await editorCard.getByRole('button', { name: 'Reply', exact: true }).click();
  await editorCard.getByRole('textbox', { name: 'Reply' }).pressSequentially('The permits say 11,800.', { delay: 20 });
  await expect(card.getByTestId('typing-hint')).toHaveText('Eli is typing a reply…');
  await expect(adminCard.getByTestId('typing-hint')).toHaveText('Eli is typing a reply…');
  await expect(editorCard.getByTestId('typing-hint')).toHaveCount(0);
  await screenshot(checker, 'presence-typing');
  await editorCard.getByRole('button', { name: 'Send reply' }).click();
  // Sent: the hint goes at once (not only after the idle seconds), the reply arrives.
  await expect(card.getByTestId('typing-hint')).toHaveCount(0);
  await expect(card.getByTestId('reply')).toContainText('The permits say 11,800.');
  await expect(adminCard.getByTestId('reply')).toContainText('The permits say 11,800.');

  // Two edit the same note. The editor sees the admin typing in it: a hint, not a lock.
  await editNote(adminCard, 'Admin: the office confirms 11,800.');
  await adminCard.getByRole('textbox', { name: 'Note' }).press('End');
  await adminCard.getByRole('textbox', { name: 'Note' }).pressSequentially(' Source: permit register.', { delay: 10 });
  await expect(editorCard.getByTestId('typing-hint')).toHaveText('Ada is typing…');
  await editNote(editorCard, 'Editor: say 11,800 and link the register.');
  await expect(card.getByTestId('typing-hint')).toHaveText(/Ada and Eli are typing…|Eli and Ada are typing…/);
  await adminCard.getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('Admin: the office confirms 11,800. Source: permit register.');
  // The editor, still editing, is told a newer version exists.
  await expect(editorCard.getByTestId('changed-meanwhile')).toBeVisible();
  await editorCard.getByRole('button', { name: 'Save' }).click();
  const conflict = editorCard.getByTestId('conflict');
  await expect(conflict.getByRole('region', { name: 'Their version' })).toContainText('Admin: the office confirms 11,800.');
  await expect(conflict.getByRole('region', { name: 'Your version' })).toContainText('Editor: say 11,800');
  await expect(conflict).toContainText('Changed by Ada Admin');
  // Nothing was overwritten: everyone still has the admin's note.
  await expect(card).toContainText('Admin: the office confirms 11,800.');
  await conflict.getByRole('button', { name: 'Use theirs' }).click();
  await expect(editorCard).toContainText('Admin: the office confirms 11,800.');
  await expect(editorCard).not.toContainText('Editor: say 11,800');

  // The checker goes offline. Chromium's offline emulation cuts the open
  // websocket too; the header says so.
  await checker.context().setOffline(true);
  await expect(checker.getByTestId('live-status')).toHaveText('Offline');
  await expect(checker.getByTestId('presence')).toContainText('Only you');
  // The others see the checker leave.
  await expect(presenceNames(editor)).toHaveText(['Ada Admin']);

  // Meanwhile the editor replies again: the checker misses it, for now.
  await editorCard.getByRole('button', { name: 'Reply', exact: true }).click();
  await editorCard.getByRole('textbox', { name: 'Reply' }).fill('Also ask about 2022.');
  await editorCard.getByRole('button', { name: 'Send reply' }).click();
  await expect(adminCard.getByTestId('reply')).toHaveCount(2);
  await expect(card.getByTestId('reply')).toHaveCount(1);

  // The checker, offline, replies and edits the note: both wait, in order.
  await card.getByRole('button', { name: 'Reply', exact: true }).click();
  await card.getByRole('textbox', { name: 'Reply' }).fill('Written on the train: the register is public.');
  await card.getByRole('button', { name: 'Send reply' }).click();
  await expect(checker.getByTestId('queue-status')).toHaveText('1 edit waiting to be sent');
  await expect(card.getByTestId('reply').filter({ hasText: 'Written on the train' }).getByTestId('not-sent')).toBeVisible();
  await editNote(card, 'Checker: 11,800 permits, per the public register.');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(checker.getByTestId('queue-status')).toHaveText('2 edits waiting to be sent');
  await expect(card).toContainText('Checker: 11,800 permits');
  await expect(card.getByTestId('not-sent')).toHaveCount(2);
  await screenshot(checker, 'offline-queued');
  // Nothing of it has reached the others.
  await expect(editorCard).not.toContainText('Written on the train');
  await expect(adminCard).toContainText('Admin: the office confirms 11,800.');

  // Back online: the queue goes out, the missed reply comes in.
  await checker.context().setOffline(false);
  await expect(checker.getByTestId('live-status')).toHaveText('Live', { timeout: 30_000 });
  await expect(checker.getByTestId('queue-status')).toHaveCount(0, { timeout: 20_000 });
  await expect(card.getByTestId('not-sent')).toHaveCount(0);
  await expect(card.getByTestId('reply')).toHaveText([/The permits say 11,800\./, /Also ask about 2022\./, /Written on the train/]);
  await expect(card).toContainText('Checker: 11,800 permits, per the public register.');
  for (const other of [editorCard, adminCard]) {
    await expect(other.getByTestId('reply')).toHaveText([/The permits say 11,800\./, /Also ask about 2022\./, /Written on the train/]);
    await expect(other).toContainText('Checker: 11,800 permits, per the public register.');
  }
  await expect(presenceNames(editor)).toHaveText(['Ada Admin', 'Cleo Checker']);
  await screenshot(checker, 'back-online');

  // It reached the server: after a reload it is still there, once.
  await checker.reload();
  await expect(card.getByTestId('reply')).toHaveCount(3);
  await expect(card).toContainText('Checker: 11,800 permits, per the public register.');

  for (const other of [editor, admin]) {
    expect(problemsOf.get(other), 'another page logged errors or CSP violations').toEqual([]);
    await other.context().close();
  }
});

test('an edit made offline survives a reload, and one that lost a race on the way is a conflict, not an overwrite', async ({ page: checker, browser }) => {
  test.setTimeout(120_000);
  await login(checker, 'checker');
  const url = await importArticle(checker, `Queue ${Date.now()}`);
  await selectWithMouse(checker, '12,000');
  await checker.keyboard.press('a');
  await checker.getByRole('textbox', { name: 'Note' }).fill('First note.');
  await checker.keyboard.press('Control+Enter');
  const card = checker.getByTestId('annotation-card');
  await expect(card).toContainText('First note.');

  // Offline, the checker edits the note, then closes the tab.
  await checker.context().setOffline(true);
  await expect(checker.getByTestId('live-status')).toHaveText('Offline');
  await editNote(card, 'Checker, offline: 12,000 is the critics’ estimate.');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(checker.getByTestId('queue-status')).toHaveText('1 edit waiting to be sent');
  await checker.close();

  // Meanwhile the editor changes the same note.
  const editor = await personIn(browser, 'editor');
  await editor.goto(url);
  const editorCard = editor.getByTestId('annotation-card');
  await editNote(editorCard, 'Editor: attribute 12,000 to the critics.');
  await editorCard.getByRole('button', { name: 'Save' }).click();
  await expect(editorCard).toContainText('Editor: attribute');

  // The checker comes back and opens the article again: the queued edit is
  // sent, loses the race, and is shown as a conflict beside the editor's.
  await checker.context().setOffline(false);
  const again = await checker.context().newPage();
  const againProblems = watchForBreakage(again);
  await again.goto(url);
  const conflict = again.getByTestId('annotation-card').getByTestId('conflict');
  await expect(conflict).toBeVisible({ timeout: 20_000 });
  await expect(conflict).toContainText('while offline');
  await expect(conflict.getByRole('region', { name: 'Their version' })).toContainText('Editor: attribute 12,000 to the critics.');
  await expect(conflict.getByRole('region', { name: 'Your version' })).toContainText('Checker, offline');
  await expect(again.getByTestId('queue-status')).toHaveText('1 edit needs your choice');
  await expect(editorCard).toContainText('Editor: attribute');
  await screenshot(again, 'offline-conflict');
  await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(again.getByTestId('queue-status')).toHaveCount(0);
  await expect(editorCard).toContainText('Checker, offline: 12,000 is the critics’ estimate.');

  expect(againProblems, "the checker's second page logged errors or CSP violations").toEqual([]);
  expect(problemsOf.get(editor), "the editor's page logged errors or CSP violations").toEqual([]);
  await editor.context().close();
});
