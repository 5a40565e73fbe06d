// Issue 5's "done when": a verdict's whole way through the editor's desk,
// with three people in three browsers and never a reload. An editor assigns
// a claim about "30,000 emails" to the checker; the checker drafts a verdict
// and submits it; the editor, with the review queue open, sees it arrive and
// sends it back with a comment; the checker is told live, revises and
// resubmits, is never offered Approve and is refused (403) when asking the
// API; a second editor approves and publishes; the public page, opened with
// no login, shows the verdict and its ClaimReview JSON-LD; a correction
// follows, with dateModified.
import { type Page } from '@playwright/test';
import { expect, login, markLoaded, notReloaded, personIn, problemsOf, screenshot, seedClaimedArticle, test, watchForBreakage } from './fixtures';

const PHRASE = 'I hope you are able to find the 30,000 emails that are missing';
const ARTICLE_TEXT = [
  'At a press conference in Florida in July 2016, the candidate turned to the question of his rival’s private email server.',
  `“Russia, if you’re listening, ${PHRASE},” he said, to laughter from the room.`,
  'Aides later said the remark had been a joke. Investigators had already looked into the deleted messages for more than a year.',
].join('\n\n');

const RATIONALE_1 = 'The messages were not "missing": the campaign’s lawyers **deleted** them as personal emails in 2014.';
const SEND_BACK = 'Cite the FBI’s statement of July 2016, not a news report, and say who deleted them.';
const RATIONALE_2 = `${RATIONALE_1}\n\nThe FBI said in July 2016 that it had found no evidence the deleted emails were work-related.`;
const NOTE = 'We first rated this False; the FBI later recovered some work-related emails, so Mostly false is fairer.';

interface JsonLd {
  [key: string]: unknown;
}

/** The page's ClaimReview, wherever the JSON-LD puts it (alone, in a list, in @graph). */
async function claimReviewOn(page: Page): Promise<JsonLd> {
  const scripts = page.locator('script[type="application/ld+json"]');
  await expect(scripts.first()).toBeAttached();
  const found: JsonLd[] = [];
  for (const text of await scripts.allTextContents()) {
    const data = JSON.parse(text) as JsonLd | JsonLd[];
    const nodes = Array.isArray(data) ? data : Array.isArray(data['@graph']) ? (data['@graph'] as JsonLd[]) : [data];
    found.push(...nodes.filter((n) => n['@type'] === 'ClaimReview'));
  }
  expect(found, 'one ClaimReview in the JSON-LD').toHaveLength(1);
  return found[0]!;
}

test('a verdict through the editor’s desk: drafted, sent back, resubmitted, approved by another editor, published and corrected', async ({ page: checker, browser, baseURL }) => {
  test.setTimeout(240_000);

  // The checker has an article with the quote highlighted as a claim, and one source.
  await login(checker, 'checker');
  const { claimId } = await seedClaimedArticle(checker, ARTICLE_TEXT, PHRASE);
  const claimPath = `/w/demo/claims/${claimId}`;
  // This claim, wherever it is listed (a rerun on the same database lists an earlier one with the same words).
  const linkTo = (page: Page) => page.locator(`a[href="${claimPath}"]`);

  // The first editor opens the claim and assigns it to the checker.
  const editor = await personIn(browser, 'editor');
  await editor.goto(claimPath);
  await expect(editor.getByTestId('claim-statement')).toHaveText(PHRASE);
  const assignment = editor.getByTestId('assignment');
  await assignment.getByLabel('Assign to').selectOption({ label: 'Cleo Checker · Checker' });
  await assignment.getByRole('button', { name: 'Assign' }).click();
  await expect(assignment.getByTestId('assignee')).toHaveText('Assigned to Cleo Checker');

  // The checker is told, live, and finds the claim under My work.
  const bell = checker.getByTestId('notifications-button');
  const notifications = checker.getByRole('region', { name: 'Notifications' });
  await expect(bell).toHaveAttribute('aria-label', /^Notifications, [1-9]\d* unread$/);
  await bell.click();
  await expect(notifications.getByTestId('notification').filter({ hasText: 'Eli Editor assigned you a claim' }).filter({ has: linkTo(checker) })).toBeVisible();
  await checker.keyboard.press('Escape');
  await expect(notifications).toBeHidden();
  await markLoaded(checker);
  await checker.getByRole('link', { name: 'My work', exact: true }).click();
  const assigned = checker.getByTestId('my-work-assigned');
  await expect(assigned.locator(linkTo(checker))).toHaveText(PHRASE);
  await screenshot(checker, 'verdict-my-work-assigned');
  await assigned.locator(linkTo(checker)).click();
  await expect(checker.getByTestId('claim-statement')).toHaveText(PHRASE);
  await expect(checker.getByTestId('assignee')).toHaveText('Assigned to Cleo Checker (you)');

  // A second piece of evidence, through the form.
  await checker.getByRole('button', { name: 'Add evidence' }).click();
  const evidenceForm = checker.getByRole('region', { name: 'New evidence' });
  await evidenceForm.getByLabel('Source URL').fill('https://www.fbi.gov/news/press-releases/statement-july-5-2016');
  await evidenceForm.getByLabel('Title').fill('Statement on the investigation of the private email server');
  await evidenceForm.getByLabel('Publisher').fill('FBI');
  await evidenceForm.getByLabel('Stance').selectOption('refutes');
  await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
  await expect(checker.getByTestId('evidence')).toHaveCount(2);

  // The first editor waits at the review queue.
  await editor.getByRole('link', { name: 'Review', exact: true }).click();
  await expect(editor.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await markLoaded(editor);
  const queued = editor.getByTestId('review-item').filter({ has: linkTo(editor) });
  await expect(queued).toHaveCount(0);

  // The checker starts a verdict; submitting with only a rating is refused, with the server's reason.
  const panel = checker.getByTestId('verdict-panel');
  await panel.getByRole('button', { name: 'Start a verdict' }).click();
  const form = panel.getByRole('form', { name: 'Edit verdict' });
  await form.getByRole('radio', { name: 'False', exact: true }).check();
  await screenshot(checker, 'verdict-form');
  await form.getByRole('button', { name: 'Save verdict' }).click();
  await expect(form).toHaveCount(0);
  await expect(panel.getByTestId('verdict-state')).toHaveText('Draft');
  await expect(panel.getByTestId('verdict-missing')).toContainText('a rationale');
  await panel.getByRole('button', { name: 'Submit for review' }).click();
  await expect(panel.getByRole('alert')).toContainText('before it is submitted');
  await expect(panel.getByTestId('verdict-state')).toHaveText('Draft');

  // Then it writes the rationale, chooses the evidence, and submits.
  await panel.getByRole('button', { name: 'Edit verdict' }).click();
  await form.getByLabel('Rationale').fill(RATIONALE_1);
  await form.getByRole('checkbox', { name: /Statement on the investigation/ }).check();
  await form.getByRole('checkbox', { name: /Seeded source/ }).check();
  await form.getByRole('button', { name: 'Save verdict' }).click();
  await expect(panel.getByTestId('verdict-rationale').locator('strong')).toHaveText('deleted');
  await expect(panel.getByTestId('verdict-missing')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Submit for review' }).click();
  await expect(panel.getByTestId('verdict-state')).toHaveText('In review');
  // The author may withdraw, never approve.
  await expect(panel.getByRole('button', { name: 'Withdraw' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // The editor's queue shows it, live: claim, article, author, how long it waits, rating.
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText('Cleo Checker');
  await expect(queued.getByTestId('waiting')).toContainText('waiting');
  await expect(queued.getByTestId('rating')).toHaveText('False');
  await expect(queued).toContainText(/Seeded \d+/);
  await expect(queued.getByRole('button', { name: 'Approve' })).toBeVisible();
  await screenshot(editor, 'verdict-review-queue');

  // The editor sends it back with a comment; it leaves the queue.
  await queued.getByRole('button', { name: 'Send back' }).click();
  await queued.getByLabel('What should change?').fill(SEND_BACK);
  await screenshot(editor, 'verdict-review-send-back');
  await queued.getByRole('button', { name: 'Send back' }).click();
  await expect(queued).toHaveCount(0);

  // The checker sees it live: the comment on the claim's page, and a notification.
  await expect(panel.getByTestId('verdict-state')).toHaveText('Changes requested');
  await expect(panel.getByTestId('review-comment')).toContainText(SEND_BACK);
  await expect(bell).toHaveAttribute('aria-label', /^Notifications, [1-9]\d* unread$/);
  await bell.click();
  const sentBack = notifications.getByTestId('notification').filter({ hasText: 'sent your verdict back' }).filter({ has: linkTo(checker) });
  await expect(sentBack).toContainText('Eli Editor');
  await expect(sentBack).toContainText(SEND_BACK);
  await expect(sentBack.getByRole('link', { name: PHRASE })).toBeVisible();
  await screenshot(checker, 'verdict-notifications');
  await notifications.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAttribute('aria-label', 'Notifications, none unread');
  await checker.keyboard.press('Escape');
  await expect(notifications).toBeHidden();
  await expect(bell).toBeFocused();
  await screenshot(checker, 'verdict-sent-back');

  // Under My work, it is sent back to the checker, with the comment.
  await checker.getByRole('link', { name: 'My work', exact: true }).click();
  const sentBackRow = checker.getByTestId('my-work-sent-back').getByRole('listitem').filter({ has: linkTo(checker) });
  await expect(sentBackRow.getByTestId('sent-back-comment')).toContainText(SEND_BACK);
  await sentBackRow.locator(linkTo(checker)).click();

  // The checker revises and resubmits; still never offered Approve.
  await panel.getByRole('button', { name: 'Edit verdict' }).click();
  await form.getByLabel('Rationale').fill(RATIONALE_2);
  await form.getByRole('button', { name: 'Save verdict' }).click();
  await expect(panel.getByTestId('verdict-rationale')).toContainText('no evidence the deleted emails were work-related');
  await panel.getByRole('button', { name: 'Submit for review' }).click();
  await expect(panel.getByTestId('verdict-state')).toHaveText('In review');
  await expect(panel.getByRole('button', { name: 'Withdraw' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // Asking the API to approve it anyway, as the checker, is refused.
  const session = await (await checker.request.get('/api/session')).json();
  const detail = await (await checker.request.get(`/api/claims/${claimId}`)).json();
  const refused = await checker.request.post(`/api/verdicts/${detail.verdict.id}/transitions`, {
    headers: { 'X-CSRF-Token': session.csrfToken as string },
    data: { action: 'approve', version: detail.verdict.version },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBeTruthy();

  // Back in the first editor's queue, live.
  await expect(queued).toHaveCount(1);

  // The second editor approves and publishes, from the claim's page.
  const editor2 = await personIn(browser, 'editor2');
  await editor2.goto(claimPath);
  const panel2 = editor2.getByTestId('verdict-panel');
  await expect(panel2.getByTestId('verdict-state')).toHaveText('In review');
  await screenshot(editor2, 'verdict-in-review-editor');
  await panel2.getByRole('button', { name: 'Approve' }).click();
  await expect(panel2.getByTestId('verdict-state')).toHaveText('Approved');
  await expect(panel2.getByTestId('verdict-approver')).toContainText('Second Editor');
  await expect(queued).toHaveCount(0);
  await panel2.getByRole('button', { name: 'Publish' }).click();
  await expect(panel2.getByTestId('verdict-state')).toHaveText('Published');
  await expect(panel2.getByTestId('publications')).toContainText('Version 1');
  const publicLink = panel2.getByTestId('public-link');
  const publicURL = await publicLink.getAttribute('href');
  expect(publicURL).toMatch(/\/fact-checks\/[0-9a-f-]{36}$/);
  await screenshot(editor2, 'verdict-published');

  // The checker's page follows, live.
  await expect(panel.getByTestId('verdict-state')).toHaveText('Published');
  await expect(panel.getByTestId('verdict-approver')).toContainText('Second Editor');

  // The public page, for anyone: no login.
  const anonymous = await browser.newContext({ baseURL });
  const reader = await anonymous.newPage();
  const readerProblems = watchForBreakage(reader);
  const response = await reader.goto(publicURL!);
  expect(response?.status()).toBe(200);
  await expect(reader.locator('body')).toContainText('30,000 emails');
  await expect(reader.locator('body')).toContainText('False');
  await expect(reader.locator('body')).toContainText('work-related');
  await screenshot(reader, 'verdict-public-page');
  const review = await claimReviewOn(reader);
  expect(String(review.claimReviewed)).toContain('30,000 emails');
  expect((review.reviewRating as JsonLd).alternateName).toBe('False');
  expect(String(review.url)).toMatch(/\/fact-checks\/[0-9a-f-]{36}$/);
  expect(review.author).toBeTruthy();
  expect(String(review.datePublished)).toMatch(/^\d{4}-\d{2}-\d{2}/);
  expect((review.itemReviewed as JsonLd)['@type']).toBe('Claim');
  expect(review.dateModified).toBeUndefined();

  // The first editor, from the claims list, corrects it: a new rating, and a note saying why.
  await editor.getByRole('link', { name: 'Claims', exact: true }).click();
  await editor.getByTestId('claim-row').locator(linkTo(editor)).click();
  const panel1 = editor.getByTestId('verdict-panel');
  await panel1.getByRole('button', { name: 'Correct…' }).click();
  const correction = panel1.getByRole('form', { name: 'Correct the published verdict' });
  await correction.getByRole('radio', { name: 'Mostly false', exact: true }).check();
  await correction.getByRole('button', { name: 'Publish correction' }).click();
  await expect(correction.getByText('Say what the correction changes.')).toBeVisible();
  await correction.getByLabel('Correction note').fill(NOTE);
  await screenshot(editor, 'verdict-correction-form');
  await correction.getByRole('button', { name: 'Publish correction' }).click();
  await expect(correction).toHaveCount(0);
  await expect(panel1.getByTestId('publications')).toContainText('Version 2');
  await expect(panel1.getByTestId('publications')).toContainText(NOTE);
  await expect(panel1.getByTestId('rating').first()).toHaveText('Mostly false');

  // The public page shows the correction, and its JSON-LD says when it changed.
  await reader.reload();
  await expect(reader.locator('body')).toContainText(NOTE);
  await expect(reader.locator('body')).toContainText('Mostly false');
  const corrected = await claimReviewOn(reader);
  expect((corrected.reviewRating as JsonLd).alternateName).toBe('Mostly false');
  expect(String(corrected.dateModified)).toMatch(/^\d{4}-\d{2}-\d{2}/);
  await screenshot(reader, 'verdict-public-page-corrected');
  expect(readerProblems, 'the public page logged errors or CSP violations').toEqual([]);
  await anonymous.close();

  // The claim's history, newest first: the send-back comment, the correction note, how the rationale changed.
  const history = checker.getByTestId('history');
  await expect(history.getByTestId('history-entry').first()).toContainText('published a correction');
  await expect(history).toContainText(NOTE);
  await checker.getByRole('button', { name: /^Show all \d+ entries$/ }).click();
  const sentBackEntry = history.getByTestId('history-entry').filter({ hasText: 'sent the verdict back' });
  await expect(sentBackEntry).toContainText(SEND_BACK);
  await expect(history.locator('ins').filter({ hasText: 'work-related' })).toBeVisible();
  await history.getByTestId('history-entry').filter({ hasText: 'edited the verdict' }).first().scrollIntoViewIfNeeded();
  await screenshot(checker, 'verdict-history');

  // The claims list shows the verdict and who has the claim.
  await checker.getByRole('link', { name: 'Claims', exact: true }).click();
  const row = checker.getByTestId('claim-row').filter({ has: linkTo(checker) });
  await expect(row.getByTestId('verdict-state')).toHaveText('Published');
  await expect(row.getByTestId('rating')).toHaveText('Mostly false');
  await expect(row.getByTestId('claim-assignee')).toHaveText('assigned to Cleo Checker');
  await screenshot(checker, 'verdict-claims-list');

  expect(await notReloaded(checker), 'the checker never reloaded').toBe(true);
  expect(await notReloaded(editor), 'the editor never reloaded').toBe(true);
  for (const person of [editor, editor2]) {
    expect(problemsOf.get(person), 'a page logged errors or CSP violations').toEqual([]);
  }
  await editor.context().close();
  await editor2.context().close();
});
