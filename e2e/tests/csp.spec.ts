// Browser security, proved in Chromium against a server of this spec's own.
//
// 1. The Content-Security-Policy stops stored script by itself: this spec
//    starts `bin/factdesk serve` with FACTDESK_TEST_UNSAFE_MARKDOWN=1 (on its
//    own database and port), which turns the note sanitizer off in the
//    browser; a checker stores every payload of the stored-XSS set
//    (xss-payloads.ts, the one xss.spec.ts types in) as notes and replies;
//    an editor opens the article and the hostile markup is live in the
//    DOM, yet nothing runs and Chromium reports the violations. The same
//    page with the CSP bypassed runs them: the CSP is what stopped them.
//    Without the setting (the suite's own server) the sanitizer removes
//    them before they reach the DOM: xss.spec.ts proves that; here we only
//    check that server is not in the unsafe mode.
// 2. A page on another origin (http://127.0.0.2:<port>, a little server of
//    this spec) that the logged-in person visits cannot open the live
//    websocket nor change anything: the server refuses with 403, also when
//    the session cookie is sent explicitly, and nothing is created.
import { type APIRequestContext, type Browser, type Page, expect, request as apiRequest, test } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CANARY, STORED_XSS, TAGS } from './xss-payloads';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const binary = process.env.FACTDESK_BIN ?? path.join(repo, 'bin', 'factdesk');
const adminURL = process.env.FACTDESK_E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const resultsDir = path.join(here, '..', 'test-results');
const serverLog = path.join(resultsDir, 'csp-server.log');
const password = 'csp-spec-' + randomBytes(6).toString('hex');
const checker = 'checker@factdesk.example';
const editor = 'editor@factdesk.example';

// ---- This spec's own server (as global-setup.ts starts the suite's) ----

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminURL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function logTail(): string {
  try {
    return readFileSync(serverLog, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** The requests the server has logged so far (method, route, status), oldest first. */
function serverRequests(): { method: string; route: string; status: number }[] {
  return readFileSync(serverLog, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"request"'))
    .map((line) => JSON.parse(line));
}

async function waitReady(baseURL: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`csp.spec: the server exited (${server.exitCode ?? server.signalCode}). Its log:\n${logTail()}`);
    }
    try {
      if ((await fetch(`${baseURL}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`csp.spec: the server was not ready within 60s. Its log:\n${logTail()}`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---- The other origin: http://127.0.0.2:<port> ----

interface OtherOrigin {
  url: string;
  close(): Promise<void>;
}

/** Serves /attack: a page that tries, from its own origin, what a hostile site would. */
async function startOtherOrigin(target: string, formTitle: string): Promise<OtherOrigin> {
  // A form posting JSON as text/plain, the classic cross-site request forgery.
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Not Factdesk</title>
<h1>Win a prize</h1>
<form id="forge" method="post" enctype="text/plain" action="${target}/api/workspaces/demo/articles">
<input type="hidden" name='{"title":"${formTitle}","text":"forged by a form","padding":"' value='"}'>
<button id="send">Claim prize</button>
</form></html>`;
  const server = http.createServer((request, response) => {
    if (request.url === '/attack') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.2', resolve);
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('csp.spec: the other origin has no address');
  return { url: `http://127.0.0.2:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ---- Helpers ----

/** Logs in through the API; the cookie lands in the request context (a browser context's too). */
async function apiLogin(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post('/api/session', { data: { email, password } });
  expect(response.status(), `log in ${email}: ${await response.text()}`).toBe(200);
  return (await response.json()).csrfToken as string;
}

interface Raw {
  status: number;
  body: string;
}

/** A request from Node with exactly these headers (browsers forbid setting Origin, Cookie, Sec-Fetch-*). */
function raw(base: string, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${urlPath}`, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    // A websocket handshake that succeeds: status 101, then close the socket.
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '' });
    });
    request.on('error', reject);
    request.end(body);
  });
}

function handshake(origin: string | null, cookie: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    Cookie: cookie,
    ...(origin === null ? {} : { Origin: origin }),
    ...extra,
  };
}

/** Opens a websocket from the page's own origin and says what happened. */
function tryWebSocket(page: Page, url: string): Promise<{ opened: boolean; closeCode: number }> {
  return page.evaluate(
    (url) =>
      new Promise<{ opened: boolean; closeCode: number }>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => {
          socket.close();
          resolve({ opened: true, closeCode: 0 });
        };
        socket.onclose = (event) => resolve({ opened: false, closeCode: event.code });
        setTimeout(() => resolve({ opened: false, closeCode: -1 }), 10_000);
      }),
    url,
  );
}

type Violation = { directive: string; blocked: string; sample: string };

declare global {
  interface Window {
    __xss?: unknown;
    __violations?: Violation[];
  }
}

/** A browser context whose pages record every securitypolicyviolation from their first moment. */
async function watchedContext(browser: Browser, baseURL: string, bypassCSP: boolean) {
  const context = await browser.newContext({ baseURL, bypassCSP });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__violations!.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample }),
    );
  });
  return context;
}

// ---- The spec ----

test.describe.configure({ mode: 'serial' });

let server: ChildProcess | null = null;
let baseURL = '';
let database = '';
let other: OtherOrigin | null = null;
const formTitle = `Forged by a form ${randomBytes(4).toString('hex')}`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(resultsDir, { recursive: true });
  database = `factdesk_e2e_csp_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  const port = await freePort('127.0.0.1');
  baseURL = `http://127.0.0.1:${port}`;
  const databaseURL = new URL(adminURL);
  databaseURL.pathname = `/${database}`;
  const log = createWriteStream(serverLog);
  server = spawn(binary, ['serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseURL.toString(),
      PORT: String(port),
      FACTDESK_SEED_DEMO: 'true',
      FACTDESK_DEMO_PASSWORD: password,
      FACTDESK_TEST_UNSAFE_MARKDOWN: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  await waitReady(baseURL, server);
  other = await startOtherOrigin(baseURL, formTitle);
});

test.afterAll(async () => {
  if (server) await stop(server);
  if (other) await other.close();
  if (database) await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

test('the unsafe setting is loud, marks only its own server, and leaves the CSP as it is', async () => {
  expect(readFileSync(serverLog, 'utf8')).toMatch(/"level":"WARN".*FACTDESK_TEST_UNSAFE_MARKDOWN/);
  const ours = await fetch(`${baseURL}/w/demo`);
  expect(await ours.text()).toContain('<meta name="factdesk-unsafe-markdown" content="1">');
  const csp = ours.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self';");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);

  // The suite's server (global-setup.ts) runs as people do: sanitizer on
  // (what xss.spec.ts proves in the browser), the same CSP.
  const suiteURL = process.env.FACTDESK_E2E_URL;
  expect(suiteURL, 'run through `npm test`, which starts the suite server').toBeTruthy();
  const suite = await fetch(`${suiteURL}/w/demo`);
  expect(await suite.text()).not.toContain('factdesk-unsafe-markdown');
  expect(suite.headers.get('content-security-policy')).toBe(csp);
});

test('with the note sanitizer off, the CSP alone stops every stored payload', async ({ browser }) => {
  test.setTimeout(90_000);
  // The checker stores every payload as a note, and again as a reply to it.
  const author = await apiRequest.newContext({ baseURL });
  const headers = { 'X-CSRF-Token': await apiLogin(author, checker) };
  const post = async (url: string, data: unknown) => {
    const response = await author.post(url, { headers, data });
    expect(response.status(), `POST ${url}: ${await response.text()}`).toBe(201);
    return response.json();
  };
  const phrase = 'unemployment fell to 3.9 percent';
  const article = await post('/api/workspaces/demo/articles', {
    title: `CSP proof ${Date.now()}`,
    text: `The minister said ${phrase} in March, the lowest since 2019. Critics disagree.`,
  });
  const detail = await (await author.get(`/api/articles/${article.id}`)).json();
  const start = detail.content.text.indexOf(phrase);
  for (const [i, payload] of STORED_XSS.entries()) {
    const annotation = await post(`/api/articles/${article.id}/annotations`, {
      articleVersionId: detail.content.versionId,
      kind: 'comment',
      body: payload.text,
      tags: i === 0 ? TAGS : [],
      selectors: { quote: { exact: phrase }, position: { start, end: start + phrase.length } },
    });
    await post(`/api/annotations/${annotation.id}/replies`, { body: payload.text });
  }
  await author.dispose();

  // An editor opens the article in a fresh page.
  const context = await watchedContext(browser, baseURL, false);
  await apiLogin(context.request, editor);
  const page = await context.newPage();
  const consoleCSP: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleCSP.push(message.text());
  });
  await page.goto(`/w/demo/articles/${article.id}`);
  const cards = page.getByTestId('annotation-card');
  await expect(cards).toHaveCount(STORED_XSS.length);
  await expect(page.getByTestId('reply')).toHaveCount(STORED_XSS.length);
  expect(await page.locator('meta[name="factdesk-unsafe-markdown"]').count(), 'the page is in the unsafe mode').toBe(1);

  // The sanitizer really is off: the hostile markup is live in the DOM.
  const live = await page.evaluate(() => {
    const scope = [...document.querySelectorAll('[data-testid="annotation-card"]')];
    const all = scope.flatMap((card) => [...card.querySelectorAll('*')]);
    return {
      handlers: all.filter((element) => element.getAttributeNames().some((name) => /^on/i.test(name))).length,
      imgOnerror: all.filter((element) => element.matches('img[onerror]')).length,
      svgOnload: all.filter((element) => element.matches('svg[onload]')).length,
      srcdoc: all.filter((element) => element.matches('iframe[srcdoc]')).length,
      javascriptLinks: all.filter((element) => element.matches('a[href^="javascript:"]')).length,
      javascriptForms: all.filter((element) => element.matches('form[action^="javascript:"]')).length,
    };
  });
  test.info().annotations.push({ type: 'live hostile markup', description: JSON.stringify(live) });
  expect(live.imgOnerror, 'img onerror in the DOM').toBeGreaterThan(0);
  expect(live.svgOnload, 'svg onload in the DOM').toBeGreaterThan(0);
  expect(live.srcdoc, 'iframe srcdoc in the DOM').toBeGreaterThan(0);
  expect(live.javascriptLinks, 'javascript: links in the DOM').toBeGreaterThan(0);
  expect(live.javascriptForms, 'a form posting to javascript: in the DOM').toBeGreaterThan(0);
  await expect(page.getByTestId('annotation-card').first()).toContainText(CANARY);

  // Give every handler its chance (image errors, load and toggle events, frames).
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => window.__xss), 'a stored payload ran').toBeUndefined();
  const violations = await page.evaluate(() => window.__violations ?? []);
  expect(violations.length, 'Chromium reported securitypolicyviolation events').toBeGreaterThan(0);
  expect(violations.map((v) => v.directive)).toContain('script-src-attr');
  const beforeClicks = violations.length;

  // And what needs a click: javascript: links, a form posting to one, an onclick.
  const url = page.url();
  const clickable = page.locator(
    '[data-testid="annotation-card"] a[href^="javascript:"], [data-testid="annotation-card"] form[action^="javascript:"] button, [data-testid="annotation-card"] [onclick]',
  );
  const clicks = await clickable.count();
  expect(clicks).toBeGreaterThan(0);
  for (let i = 0; i < clicks; i++) {
    await clickable.nth(i).click();
  }
  await page.waitForTimeout(500);
  expect(page.url(), 'a click navigated away').toBe(url);
  expect(await page.evaluate(() => window.__xss), 'a clicked payload ran').toBeUndefined();
  const after = await page.evaluate(() => window.__violations ?? []);
  expect(after.length, 'the clicks were refused by the CSP').toBeGreaterThan(beforeClicks);
  test.info().annotations.push({
    type: 'violations',
    description: `${after.length} in the page (${[...new Set(after.map((v) => v.directive))].join(', ')}) after ${clicks} clicks; ${consoleCSP.length} CSP messages on the console (frames included)`,
  });
  await context.close();

  // The same page with the CSP bypassed runs them: the CSP is what stopped them.
  const bare = await watchedContext(browser, baseURL, true);
  await apiLogin(bare.request, editor);
  const unprotected = await bare.newPage();
  await unprotected.goto(`/w/demo/articles/${article.id}`);
  await expect(unprotected.getByTestId('annotation-card')).toHaveCount(STORED_XSS.length);
  await expect.poll(() => unprotected.evaluate(() => window.__xss), { message: 'without the CSP, a payload runs' }).not.toBeUndefined();
  test.info().annotations.push({ type: 'without the CSP', description: `window.__xss = ${await unprotected.evaluate(() => window.__xss)}` });
  await bare.close();
});

test('a page on another origin cannot open the live websocket or change anything with the session', async ({ browser }) => {
  test.setTimeout(90_000);
  const otherURL = other!.url;
  const liveURL = `${baseURL.replace(/^http/, 'ws')}/api/live`;
  const articles = `/api/workspaces/demo/articles`;
  const context = await browser.newContext({ baseURL });
  const csrf = await apiLogin(context.request, checker);
  const session = (await context.cookies(baseURL)).find((cookie) => cookie.name === 'factdesk_session');
  expect(session, 'the session cookie').toBeTruthy();
  expect(session!.sameSite).toBe('Lax');
  const cookie = `factdesk_session=${session!.value}`;
  const page = await context.newPage();
  const socketErrors: string[] = [];
  page.on('websocket', (socket) => socket.on('socketerror', (error) => socketErrors.push(error)));
  page.on('console', (message) => {
    if (/WebSocket/.test(message.text())) socketErrors.push(message.text());
  });

  // Control: from the app's own origin the same person opens it.
  await page.goto('/w/demo');
  expect(await tryWebSocket(page, liveURL), 'the websocket from the app itself').toEqual({ opened: true, closeCode: 0 });

  // From the other origin, in the same browser, it fails.
  await page.goto(`${otherURL}/attack`);
  const fromOther = await tryWebSocket(page, liveURL);
  expect(fromOther.opened, 'the websocket from another origin opened').toBe(false);
  test.info().annotations.push({ type: 'websocket from 127.0.0.2', description: `close code ${fromOther.closeCode}; ${socketErrors.join(' | ')}` });
  expect(socketErrors.join('\n')).toContain('403');

  // The server refuses the handshake with 403 even when the cookie is sent.
  expect((await raw(baseURL, 'GET', '/api/live', handshake(otherURL, cookie))).status, 'handshake, other origin, with cookie').toBe(403);
  expect((await raw(baseURL, 'GET', '/api/live', handshake('null', cookie))).status, 'handshake, Origin null').toBe(403);
  expect(
    (await raw(baseURL, 'GET', '/api/live', handshake(null, cookie, { 'Sec-Fetch-Site': 'cross-site' }))).status,
    'handshake, cross-site without Origin',
  ).toBe(403);
  expect((await raw(baseURL, 'GET', '/api/live', handshake(baseURL, cookie))).status, 'handshake, own origin (control)').toBe(101);

  // A fetch with credentials from the other origin: simple requests
  // (text/plain, no preflight) and a JSON one (preflighted). The page never
  // sees their answers (CORP and CORS hide them), so the server's log of
  // requests says what reached it and what it answered.
  const failed: string[] = [];
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(baseURL)) failed.push(`${request.method()} ${request.url().slice(baseURL.length)}: ${request.failure()?.errorText}`);
  });
  const fetchTitles = { simple: `Forged by fetch ${randomBytes(4).toString('hex')}`, json: `Forged by JSON fetch ${randomBytes(4).toString('hex')}` };
  const logged = serverRequests().length;
  const outcomes = await page.evaluate(
    async ({ target, titles }) => {
      const attempt = async (init: RequestInit) => {
        try {
          const response = await fetch(target, { method: 'POST', credentials: 'include', ...init });
          return `answered ${response.status} (${response.type})`;
        } catch (error) {
          return `failed: ${(error as Error).message}`;
        }
      };
      return {
        simpleNoCors: await attempt({ mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ title: titles.simple, text: 'x' }) }),
        simpleCors: await attempt({ headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ title: titles.simple, text: 'x' }) }),
        json: await attempt({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: titles.json, text: 'x' }) }),
      };
    },
    { target: `${baseURL}${articles}`, titles: fetchTitles },
  );
  const articleRoute = '/api/workspaces/:workspace/articles';
  // The two simple requests reach the server; the JSON one stops at its preflight.
  await expect.poll(() => serverRequests().slice(logged).filter((r) => r.route === articleRoute && r.method === 'POST').length).toBe(2);
  const reached = serverRequests().slice(logged).filter((r) => r.route === articleRoute);
  test.info().annotations.push({
    type: 'fetch with credentials from 127.0.0.2',
    description: `in the page: ${JSON.stringify(outcomes)}; failed in Chromium: ${failed.join(' | ')}; reached the server: ${reached.map((r) => `${r.method} ${r.status}`).join(', ')}`,
  });
  for (const request of reached.filter((r) => r.method === 'POST')) {
    expect(request.status, 'a fetch POST from the other origin').toBe(403);
  }

  // A form post from the other origin, submitted by the person: what
  // Chromium sends (no cookie: it is SameSite=Lax and 127.0.0.2 is another
  // site) and the server's 403.
  const formResponse = page.waitForResponse(
    (response) => response.url() === `${baseURL}${articles}` && response.request().method() === 'POST' && response.request().resourceType() === 'document',
  );
  await page.locator('#send').click();
  const form = await formResponse;
  const sent = await form.request().allHeaders();
  test.info().annotations.push({
    type: 'form post from 127.0.0.2',
    description: `status ${form.status()}; Chromium sent Origin ${sent['origin']}, Sec-Fetch-Site ${sent['sec-fetch-site']}, ${'cookie' in sent ? 'the session cookie' : 'no cookie'}`,
  });
  expect(form.status(), 'the form post from another origin').toBe(403);
  expect(sent['origin']).toBe(otherURL);
  expect(sent['sec-fetch-site']).toBe('cross-site');
  await expect(page.locator('body')).toContainText('not allowed');

  // The server refuses it with the cookie sent explicitly, whatever the
  // request says about itself; only the app's own origin with the CSRF
  // token is let through.
  const json = { 'Content-Type': 'application/json', Cookie: cookie };
  const forged = (title: string) => JSON.stringify({ title, text: 'forged from Node' });
  const nodeTitles: string[] = [];
  for (const [name, headers, want] of [
    ['other origin, cross-site, even with the CSRF token', { ...json, Origin: otherURL, 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': csrf }, 403],
    ['other origin, claiming same-origin', { ...json, Origin: otherURL, 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': csrf }, 403],
    ['cross-site without an Origin', { ...json, 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': csrf }, 403],
    ['Origin null (a sandboxed frame)', { ...json, Origin: 'null', 'X-CSRF-Token': csrf }, 403],
    ['the form, as text/plain, from the other origin', { 'Content-Type': 'text/plain', Cookie: cookie, Origin: otherURL, 'Sec-Fetch-Site': 'cross-site' }, 403],
    ['own origin without the CSRF token', { ...json, Origin: baseURL, 'Sec-Fetch-Site': 'same-origin' }, 403],
    ['own origin with a wrong CSRF token', { ...json, Origin: baseURL, 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': csrf.slice(1) + 'x' }, 403],
  ] as const) {
    const title = `Forged from Node ${randomBytes(4).toString('hex')}`;
    nodeTitles.push(title);
    const answer = await raw(baseURL, 'POST', articles, headers, forged(title));
    expect(answer.status, `${name}: ${answer.body}`).toBe(want);
  }
  const control = `Sent by the app ${randomBytes(4).toString('hex')}`;
  const allowed = await raw(baseURL, 'POST', articles, { ...json, Origin: baseURL, 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': csrf }, forged(control));
  expect(allowed.status, `own origin with the CSRF token (control): ${allowed.body}`).toBe(201);

  // Nothing forged was created: the person's own view of the desk.
  const list = await context.request.get(articles);
  expect(list.status()).toBe(200);
  const listed = JSON.stringify(await list.json());
  expect(listed).toContain(control);
  for (const title of [formTitle, fetchTitles.simple, fetchTitles.json, ...nodeTitles]) {
    expect(listed, `"${title}" was created`).not.toContain(title);
  }
  await context.close();
});
