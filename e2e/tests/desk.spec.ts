// The annotating desk's "done when" story, in Chromium, with an editor in a
// second browser context watching every step arrive live, never reloading:
// import by URL, a claim from a highlighted number, two pieces of evidence,
// a reload that finds the highlight where it was, an edited version that
// moves the highlight with its text and orphans a deleted passage, a second
// article accepting the suggested claim, and the claim found by search.
import { expect, login, markLoaded, notReloaded, offsetOfMark, personIn, problemsOf, putPage, screenshot, selectWithMouse, test } from './fixtures';

const CLAIM_PHRASE = 'the city spent 2.4 billion euros on road repairs last year';
const GONE_PHRASE = 'The opposition called the plan reckless';

function page(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title} | The Example Gazette</title>
  <meta name="author" content="Alex Reporter">
  <meta property="og:title" content="${title}">
  <meta property="og:site_name" content="The Example Gazette">
  <meta property="article:published_time" content="2025-03-14T09:30:00Z">
  <link rel="canonical" href="https://gazette.example/2025/${encodeURIComponent(title.toLowerCase().replace(/\W+/g, '-'))}">
</head>
<body>
  <header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav></header>
  <main>
    <article>
      <h1>${title}</h1>
      <p class="byline">By Alex Reporter</p>
      ${paragraphs.map((p) => `<p>${p}</p>`).join('\n      ')}
    </article>
  </main>
  <footer>Copyright The Example Gazette. <a href="/privacy">Privacy</a></footer>
</body>
</html>`;
}

const P_ACCOUNTS = 'The council published its annual accounts on Friday, after a long delay that opposition members had criticised for months.';
const P_CLAIM = `In a speech at the town hall, the mayor said ${CLAIM_PHRASE}, more than in the previous three years combined.`;
const P_GONE = `${GONE_PHRASE} and demanded an independent audit of every contract signed since 2021, a demand the council rejected.`;
const P_AUDIT = 'Officials said the figures would be reviewed by the national audit office before the summer, as they are every year.';
const P_NEW = 'Update: this article was corrected on Monday to remove a quote that could not be verified, and to add the council’s response.';

test('the annotating desk, watched live: import, claim, evidence, new version, a second article, search', async ({ page: checker, browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const title = `City budget: where the money went ${stamp}`;
  const url = await putPage(`budget-${stamp}.html`, page(title, [P_ACCOUNTS, P_CLAIM, P_GONE, P_AUDIT]));

  // The editor watches the desk's home page, live.
  const editor = await personIn(browser, 'editor');
  await expect(editor.getByTestId('live-status')).toHaveText('Live');
  await markLoaded(editor);

  // The checker imports the article by URL.
  await login(checker, 'checker');
  await checker.getByText('From a URL', { exact: true }).click();
  await checker.getByLabel('Article URL').fill(url);
  await screenshot(checker, 'import-url');
  await checker.getByRole('button', { name: 'Import article' }).click();
  await expect(checker).toHaveURL(/\/w\/demo\/articles\/[0-9a-f-]{36}$/);
  await expect(checker.getByRole('heading', { level: 1 })).toContainText('City budget: where the money went');
  const articleText = checker.getByTestId('article-text');
  await expect(articleText).toContainText(CLAIM_PHRASE);
  await expect(articleText).not.toContainText('Privacy');
  await expect(checker.getByTestId('article-metadata')).toContainText('Alex Reporter');
  const articleURL = checker.url();

  // It appears in the editor's list; the editor opens it.
  const listed = editor.getByTestId('article-list').getByRole('link', { name: /City budget/ }).first();
  await expect(listed).toBeVisible();
  await listed.click();
  await expect(editor).toHaveURL(articleURL);
  await expect(editor.getByTestId('article-text')).toContainText(CLAIM_PHRASE);

  // The checker highlights the passage with the number and makes it a claim.
  await selectWithMouse(checker, CLAIM_PHRASE);
  await screenshot(checker, 'selection-actions');
  await checker.getByRole('button', { name: /Make claim/ }).click();
  const claimForm = checker.getByRole('region', { name: 'Make claim' });
  await expect(claimForm.getByLabel('Statement')).toHaveValue(CLAIM_PHRASE);
  await claimForm.getByLabel('Statement').fill(`The city spent 2.4 billion euros on road repairs last year`);
  await claimForm.getByLabel('Claimant').fill('Mayor Jane Doe');
  await claimForm.getByLabel('Claim date').fill('2025-03-12');
  await screenshot(checker, 'claim-form');
  await claimForm.getByRole('button', { name: 'Create claim' }).click();
  await expect(claimForm).toHaveCount(0);
  const mark = articleText.locator('mark.highlight');
  await expect(mark).toHaveText(CLAIM_PHRASE);
  await expect(mark).toHaveClass(/highlight--claim/);
  const card = checker.getByTestId('annotation-card');
  await expect(card.getByTestId('claim-link')).toHaveText('The city spent 2.4 billion euros on road repairs last year');

  // The editor sees the highlight and its claim arrive.
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveText(CLAIM_PHRASE);
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveClass(/highlight--claim/);
  await expect(editor.getByTestId('claim-link')).toHaveText(/2\.4 billion euros/);

  // A comment on a passage that the next version will delete.
  await selectWithMouse(checker, GONE_PHRASE);
  await checker.getByRole('button', { name: /Annotate/ }).click();
  const form = checker.getByRole('region', { name: 'New annotation' });
  await form.getByLabel('Note').fill('Which contracts? Ask the **opposition office** for the list.');
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByTestId('markdown-preview').locator('strong')).toHaveText('opposition office');
  await form.getByRole('button', { name: 'Write' }).click();
  await form.getByRole('combobox', { name: 'Tags' }).fill('audit');
  await form.getByRole('combobox', { name: 'Tags' }).press('Enter');
  await screenshot(checker, 'annotation-form-tags');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(checker.getByTestId('annotation-card')).toHaveCount(2);
  await expect(editor.getByTestId('annotation-card')).toHaveCount(2);
  await expect(editor.getByTestId('annotation-card').nth(1)).toContainText('opposition office');

  // Both go to the claim's page; the checker adds two pieces of evidence.
  await editor.getByTestId('claim-link').click();
  await expect(editor.getByTestId('claim-statement')).toHaveText(/2\.4 billion euros/);
  await card.first().getByTestId('claim-link').click();
  await expect(checker.getByTestId('claim-statement')).toHaveText('The city spent 2.4 billion euros on road repairs last year');
  await expect(checker.getByTestId('claim-claimant')).toHaveText('Mayor Jane Doe');

  const evidence = [
    { url: 'https://audit.example/reports/2024-roads', title: 'Road maintenance spending 2024', publisher: 'National Audit Office', quote: 'Total road repair spending in 2024: 1.1 billion euros.', stance: 'refutes' },
    { url: 'https://stats.example/roads/archive', title: 'Road repairs, 2021 to 2023', publisher: 'Statistics Office', quote: 'Spending in the three previous years was 0.9, 1.0 and 1.2 billion euros.', stance: 'context' },
  ];
  for (const e of evidence) {
    await checker.getByRole('button', { name: 'Add evidence' }).click();
    const evidenceForm = checker.getByRole('region', { name: 'New evidence' });
    await evidenceForm.getByLabel('Source URL').fill(e.url);
    await evidenceForm.getByLabel('Title').fill(e.title);
    await evidenceForm.getByLabel('Publisher').fill(e.publisher);
    await evidenceForm.getByLabel('Quoted passage').fill(e.quote);
    await evidenceForm.getByLabel('Stance').selectOption(e.stance);
    if (e === evidence[0]) await screenshot(checker, 'evidence-form');
    await evidenceForm.getByRole('button', { name: 'Add evidence' }).click();
    await expect(evidenceForm).toHaveCount(0);
  }
  await expect(checker.getByTestId('evidence')).toHaveCount(2);
  await expect(editor.getByTestId('evidence')).toHaveCount(2);
  await expect(editor.getByTestId('evidence').first()).toContainText('National Audit Office');
  await expect(editor.getByTestId('evidence').first()).toContainText('Refutes');
  await screenshot(checker, 'claim-page');

  // Back to the article; after a reload the highlight is exactly where it was.
  await checker.goto(articleURL);
  await expect(mark.first()).toHaveText(CLAIM_PHRASE);
  const before = await offsetOfMark(checker);
  expect(before).toBe(await articleText.evaluate((root, phrase) => root.textContent!.indexOf(phrase), CLAIM_PHRASE));
  await checker.reload();
  await expect(mark.first()).toHaveText(CLAIM_PHRASE);
  expect(await offsetOfMark(checker)).toBe(before);
  await editor.goBack();
  await expect(editor.getByTestId('article-text').locator('mark.highlight--claim')).toHaveText(CLAIM_PHRASE);

  // The page changes at the same address: a new first paragraph, the
  // opposition's paragraph deleted. The checker imports the new version.
  await putPage(`budget-${stamp}.html`, page(title, [P_NEW, P_ACCOUNTS, P_CLAIM, P_AUDIT]));
  await checker.getByRole('button', { name: 'New version' }).click();
  const dialog = checker.getByRole('dialog', { name: 'New version' });
  await expect(dialog.getByLabel('Fetch the original again')).toBeChecked();
  await screenshot(checker, 'new-version-dialog');
  await dialog.getByRole('button', { name: 'Import new version' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(checker.getByTestId('version-notice')).toContainText('Version 2 imported');
  await expect(checker.getByTestId('version-notice')).toContainText('1 orphaned');
  await expect(articleText).toContainText('this article was corrected on Monday');
  await expect(articleText).not.toContainText(GONE_PHRASE);
  const claimMark = articleText.locator('mark.highlight--claim');
  await expect(claimMark).toHaveText(CLAIM_PHRASE);
  expect(await offsetOfMark(checker)).toBe(await articleText.evaluate((root, phrase) => root.textContent!.indexOf(phrase), CLAIM_PHRASE));
  expect(await offsetOfMark(checker)).toBeGreaterThan(before);
  const orphans = checker.getByTestId('orphans');
  await expect(orphans.getByTestId('annotation-card')).toHaveCount(1);
  await expect(orphans).toContainText(GONE_PHRASE);
  await expect(orphans).toContainText('opposition office');
  await checker.getByTestId('annotation-card').first().hover();
  await screenshot(checker, 'reading-view-version-2');

  // The editor, still on the page, sees the same without reloading.
  await expect(editor.getByTestId('article-text')).toContainText('this article was corrected on Monday');
  await expect(editor.getByTestId('article-text').locator('mark.highlight--claim')).toHaveText(CLAIM_PHRASE);
  await expect(editor.getByTestId('orphans')).toContainText(GONE_PHRASE);
  await expect(editor.getByTestId('article-version')).toHaveText('Version 2');

  // Re-importing the same content again is recognised.
  await checker.getByRole('button', { name: 'New version' }).click();
  await checker.getByRole('dialog', { name: 'New version' }).getByRole('button', { name: 'Import new version' }).click();
  await expect(checker.getByTestId('version-notice')).toContainText('Same content as the current version');

  // A second article repeats the claim; the checker accepts the suggested match.
  const title2 = `Roads: the mayor's numbers ${stamp}`;
  const PHRASE2 = 'the city spent 2.4 billion euros on road repairs';
  const url2 = await putPage(`roads-${stamp}.html`, page(title2, [
    `Speaking on local radio, the mayor repeated that ${PHRASE2}, a figure her office has not broken down.`,
    'Residents in the northern districts say the potholes on their streets have been there for years.',
    'A spokesperson for the council promised a detailed report on road maintenance in the autumn.',
  ]));
  await editor.getByTestId('claim-link').click();
  await expect(editor.getByTestId('appearances').getByRole('listitem')).toHaveCount(1);
  await checker.getByRole('link', { name: 'Articles' }).click();
  await checker.getByText('From a URL', { exact: true }).click();
  await checker.getByLabel('Article URL').fill(url2);
  await checker.getByRole('button', { name: 'Import article' }).click();
  await expect(checker.getByTestId('article-text')).toContainText(PHRASE2);
  await selectWithMouse(checker, PHRASE2);
  await checker.keyboard.press('c');
  const claimForm2 = checker.getByRole('region', { name: 'Make claim' });
  const suggestion = claimForm2.getByTestId('similar-claim').filter({ hasText: 'The city spent 2.4 billion euros on road repairs last year' });
  await expect(suggestion).toBeVisible();
  await screenshot(checker, 'claim-suggestion');
  await suggestion.getByRole('button', { name: /Use this claim/ }).click();
  await expect(claimForm2).toHaveCount(0);
  await expect(checker.getByTestId('claim-link')).toHaveText('The city spent 2.4 billion euros on road repairs last year');
  await expect(checker.getByTestId('article-text').locator('mark.highlight--claim')).toHaveText(PHRASE2);

  // The editor, on the claim's page, sees the second appearance arrive.
  await expect(editor.getByTestId('appearances').getByRole('listitem')).toHaveCount(2);
  await expect(editor.getByTestId('appearances')).toContainText(title2);
  await screenshot(editor, 'claim-page-editor');

  // The claim is found by search, from the header ("/").
  await checker.keyboard.press('Escape');
  await checker.locator('body').click({ position: { x: 5, y: 300 } });
  await checker.keyboard.press('/');
  await expect(checker.getByRole('searchbox', { name: 'Search the desk' })).toBeFocused();
  await checker.keyboard.type('road repairs');
  await checker.keyboard.press('Enter');
  await expect(checker).toHaveURL(/\/w\/demo\/search\?q=road\+repairs/);
  const claimResult = checker.getByTestId('search-result').filter({ hasText: 'Claim' }).filter({ hasText: 'The city spent 2.4 billion euros on road repairs last year' });
  await expect(claimResult.first()).toBeVisible();
  await expect(checker.getByTestId('search-result').locator('mark').first()).toBeVisible();
  await screenshot(checker, 'search');
  await claimResult.first().getByRole('link').click();
  await expect(checker.getByTestId('claim-statement')).toHaveText('The city spent 2.4 billion euros on road repairs last year');
  await expect(checker.getByTestId('evidence')).toHaveCount(2);
  await checker.getByRole('link', { name: 'Claims', exact: true }).click();
  await expect(checker.getByTestId('claim-list')).toContainText('The city spent 2.4 billion euros on road repairs last year');
  await screenshot(checker, 'claims-list');

  expect(await notReloaded(editor), 'the editor never reloaded').toBe(true);
  expect(problemsOf.get(editor), "the editor's page logged errors or CSP violations").toEqual([]);
  await editor.context().close();
});
