// A dropped live connection loses nothing: the browser reconnects and
// resubscribes after the last event it applied, and the server replays
// what happened meanwhile.
import type { WebSocketRoute } from '@playwright/test';
import { expect, login, personIn, selectWithMouse, test } from './fixtures';

test('an editor whose connection dropped catches up on reconnect, without reloading', async ({ page, browser }) => {
  await login(page, 'checker');
  await page.getByLabel('Title').fill(`Resume ${Date.now()}`);
  await page.getByLabel('Article text').fill('Officials said 87 percent of the bridges were inspected in 2023.\n\nOthers said it was 60 percent.');
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page.getByTestId('article-text')).toContainText('87 percent');
  const articleURL = page.url();

  // The editor's websocket goes through a gate the test can shut.
  const editor = await personIn(browser, 'editor');
  let open = true;
  const sockets: WebSocketRoute[] = [];
  const subscribes: Array<{ room: string; after?: number }> = [];
  await editor.routeWebSocket(/\/api\/live$/, (ws) => {
    if (!open) {
      ws.close({ code: 1011, reason: 'gate shut' });
      return;
    }
    sockets.push(ws);
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const parsed = JSON.parse(String(message));
      if (parsed.type === 'subscribe') subscribes.push(parsed);
      server.send(message);
    });
  });
  await editor.goto(articleURL);
  const live = editor.getByTestId('live-status');
  await expect(live).toHaveText('Live');
  await expect.poll(() => subscribes.filter((s) => s.room.startsWith('article:')).length).toBe(1);
  await editor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // Cut the editor off, and annotate while it is away.
  open = false;
  for (const ws of sockets) await ws.close({ code: 1012, reason: 'test cut' });
  await expect(live).toHaveText('Reconnecting…');

  await selectWithMouse(page, '87 percent');
  await page.getByRole('button', { name: /Annotate/ }).click();
  await page.getByLabel('Note').fill('The ministry’s own table says 79 percent.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('annotation-card')).toHaveCount(1);
  await expect(editor.getByTestId('annotation-card')).toHaveCount(0);

  // Let it back in: it resumes after the last seq it had, and catches up.
  open = true;
  await expect(live).toHaveText('Live', { timeout: 20_000 });
  const card = editor.getByTestId('annotation-card');
  await expect(card).toContainText('79 percent');
  await expect(editor.getByTestId('article-text').locator('mark.highlight')).toHaveText('87 percent');
  const articleSubscribes = subscribes.filter((s) => s.room.startsWith('article:'));
  expect(articleSubscribes.length).toBeGreaterThanOrEqual(2);
  expect(typeof articleSubscribes.at(-1)!.after).toBe('number');
  expect(articleSubscribes.at(-1)!.after).toBe(articleSubscribes[0]!.after);
  expect(await editor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await editor.context().close();
});
