// Issue 3, "Speed": in Chromium, all 1,000 highlights of an article are
// anchored and drawn within 300 ms of its data arriving. Measured in the
// browser and reported, never asserted (the machine it runs on is shared).
//
//   make build && cd e2e && npm run bench
//
// Starts what it measures, as global-setup.ts does for the e2e suite: a
// fresh database factdesk_bench_<random> on the Postgres at 127.0.0.1:5432
// and `bin/factdesk serve` on a free port with a known demo password. As
// checker@factdesk.example (through the API) it makes an article of ~50 KB
// of prose with numbers and 1,000 annotations on it (notes, tags, some
// linked to claims), then opens the reading view in Chromium 1 + RUNS times
// and reads, from each page's performance timeline (marks made by
// ArticlePage and ArticleText):
//
//   factdesk:highlights          data parsed → every highlight in the DOM  (the issue's number)
//   factdesk:highlights:render   data parsed → the highlights' effect starts (rendering the page: text, 1,000 cards)
//   factdesk:highlights:anchor   the effect: anchoring and wrapping 1,000 passages
//   factdesk:highlights:paint    highlights in the DOM → the next frame painted (style, layout, paint)
//
// and the GET /api/articles/{id} as the browser saw it (Resource Timing:
// responseEnd − requestStart). The first load warms up and is reported
// apart. Prints a table and writes bench/results.json (FACTDESK_BENCH_OUT
// to write elsewhere). FACTDESK_BENCH_PROFILE=1 adds one more load under
// the V8 CPU profiler and prints where its main thread spent the time
// (the profile and the article's GET are saved in test-results/bench/);
// FACTDESK_BENCH_TRACE=1 one more under a Chromium trace, and prints the
// main thread's time from the data to the paint by kind (script, style,
// layout, paint, gc).
//
// Knobs as for the e2e suite: FACTDESK_BIN, CHROMIUM_PATH,
// FACTDESK_E2E_ADMIN_DATABASE_URL; FACTDESK_BENCH_RUNS (7);
// FACTDESK_BENCH_NOTE says in results.json what was built (e.g. which commit).
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const binary = process.env.FACTDESK_BIN ?? path.join(repo, 'bin', 'factdesk');
const adminURL = process.env.FACTDESK_E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const outputDir = path.join(here, '..', 'test-results', 'bench');
const resultsFile = process.env.FACTDESK_BENCH_OUT ?? path.join(here, 'results.json');
const RUNS = Number(process.env.FACTDESK_BENCH_RUNS ?? 7);
const ANNOTATIONS = 1000;
const BUDGET_MS = 300;
const PASSWORD = 'correct-horse-bench-' + randomBytes(4).toString('hex');
const CHECKER = 'checker@factdesk.example';

// ---------------------------------------------------------------- server

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminURL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Running {
  baseURL: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Running> {
  if (!existsSync(binary)) throw new Error(`bench: ${binary} is missing; run \`make build\` first.`);
  mkdirSync(outputDir, { recursive: true });
  const database = `factdesk_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  const dropDatabase = () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const url = new URL(adminURL);
  url.pathname = `/${database}`;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const logFile = path.join(outputDir, 'server.log');
  const log = createWriteStream(logFile);
  const server: ChildProcess = spawn(binary, ['serve'], {
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), FACTDESK_DEMO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await dropDatabase();
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`bench: the server exited (${server.exitCode}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      const ok = await fetch(`${baseURL}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`bench: the server was not ready within 60s; see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, stop };
}

// ---------------------------------------------------------------- data

/** A small seeded PRNG (mulberry32): the same article and passages every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20261127);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pct = () => (rand() * 12).toFixed(1);

const WHO = ['The finance ministry', 'The city council', 'A spokesperson for the regional health authority', 'The opposition leader', 'The central bank', 'The statistics office', 'Industry representatives', 'The mayor', 'Local teachers', 'The transport minister'];
const WHAT = ['unemployment', 'inflation', 'hospital waiting times', 'rents in the capital', 'school enrolment', 'bus ridership', 'energy prices', 'the budget deficit', 'housing starts', 'emergency response times'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SENTENCES: (() => string)[] = [
  () => `${pick(WHO)} said ${pick(WHAT)} fell to ${pct()} percent in ${pick(MONTHS)}, down from ${pct()} percent a year earlier.`,
  () => `According to figures published on ${int(1, 28)} ${pick(MONTHS)} ${int(2015, 2025)}, ${pick(WHAT)} rose by ${int(2, 48)} percent over ${int(2, 9)} years.`,
  () => `${pick(WHO)} claimed that ${int(1200, 98000).toLocaleString('en-US')} people were affected, a number the report puts closer to ${int(900, 60000).toLocaleString('en-US')}.`,
  () => `"We have cut ${pick(WHAT)} in half since ${int(2008, 2020)}," ${pick(WHO).toLowerCase()} told reporters on ${pick(MONTHS)} ${int(1, 30)}.`,
  () => `The programme cost ${int(2, 900)} million euros, about ${int(3, 40)} euros for each resident, and was meant to run until ${int(2026, 2035)}.`,
  () => `Independent analysts were more cautious, noting that the series was revised ${int(2, 6)} times and that the ${int(2019, 2024)} baseline was unusually low.`,
  () => `Critics point out that ${pick(WHAT)} has not been measured the same way since ${int(2000, 2018)}, which makes the comparison hard to check.`,
  () => `In ${int(12, 310)} of the ${int(320, 400)} districts surveyed, ${pick(WHAT)} stayed within ${int(1, 5)} points of the national average.`,
  () => `None of this was mentioned in the press release, which ran to ${int(2, 14)} pages and cited ${int(3, 30)} sources.`,
  () => `${pick(WHO)} did not respond to a request for comment by the time of publication.`,
];

function article(targetBytes: number): string {
  const paragraphs: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const sentences = Array.from({ length: int(3, 7) }, () => pick(SENTENCES)());
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

const TAGS = ['numbers', 'economy', 'health', 'housing', 'needs-source', 'disputed', 'context', 'quote'];
const NOTES = [
  'The figure does not match the statistics office release; check the table on page 4.',
  'Needs a source. The press release cites an internal memo we have not seen.',
  'Comparable series only from 2016 on; the earlier years were measured differently.',
  'True as stated, but the baseline year was unusually low.',
  'Ask the ministry for the **underlying data**, not the summary.\n\n- regional breakdown\n- revisions since the first estimate',
  'Checked against the annual report: correct to one decimal.',
  'Misleading: the number is nominal, not adjusted for inflation.',
  'Context: the survey covered districts, not people.',
];

interface Passage {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** count passages of 2–14 words at random word starts of text (ASCII: code points are code units). */
function passages(text: string, count: number): Passage[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\S/.test(text[i]!) && (i === 0 || /\s/.test(text[i - 1]!))) starts.push(i);
  }
  const chosen: Passage[] = [];
  while (chosen.length < count) {
    const at = Math.floor(rand() * (starts.length - 20));
    const start = starts[at]!;
    let end = starts[at + int(2, 14)]!;
    while (/\s/.test(text[end - 1]!)) end--;
    chosen.push({ exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end });
  }
  return chosen;
}

async function seed(api: APIRequestContext): Promise<{ articleId: string; textLength: number; htmlLength: number; claims: number; tagged: number }> {
  const login = await api.post('/api/session', { data: { email: CHECKER, password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  const headers = { 'X-CSRF-Token': (await login.json()).csrfToken as string };
  const post = async (url: string, data: unknown) => {
    const response = await api.post(url, { headers, data });
    if (!response.ok()) throw new Error(`POST ${url} answered ${response.status()}: ${await response.text()}`);
    return response.json();
  };

  const created = await post('/api/workspaces/demo/articles', { title: 'What the figures say: a year of claims, checked', text: article(50_000) });
  const detail = await (await api.get(`/api/articles/${created.id}`)).json();
  const text: string = detail.content.text;
  expect(text.length, 'the article text is ASCII (positions are then code units)').toBe([...text].length);

  const claims: string[] = [];
  for (let i = 0; i < 40; i++) {
    const claim = await post('/api/workspaces/demo/claims', { statement: `${pick(SENTENCES)()} (claim ${i + 1})`, claimant: pick(WHO) });
    claims.push(claim.id);
  }

  let tagged = 0;
  const pending = passages(text, ANNOTATIONS).map((passage, i) => {
    const tags = Array.from(new Set(Array.from({ length: int(0, 3) }, () => pick(TAGS))));
    if (tags.length > 0) tagged++;
    return {
      articleVersionId: detail.content.versionId,
      kind: 'comment',
      body: `${pick(NOTES)} (${i + 1})`,
      tags,
      // One in twelve is linked to one of the desk's claims.
      ...(i % 12 === 0 ? { claimId: claims[(i / 12) % claims.length] } : {}),
      selectors: { quote: { exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix }, position: { start: passage.start, end: passage.end } },
    };
  });
  // A few at a time, as many people would.
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < pending.length) {
        const body = pending[next++]!;
        await post(`/api/articles/${created.id}/annotations`, body);
      }
    }),
  );
  const check = await (await api.get(`/api/articles/${created.id}`)).json();
  expect(check.annotations).toHaveLength(ANNOTATIONS);
  // With the profile, the article too: to replay the anchoring outside the app.
  if (process.env.FACTDESK_BENCH_PROFILE) writeFileSync(path.join(outputDir, 'article.json'), JSON.stringify(check));
  return { articleId: created.id, textLength: text.length, htmlLength: detail.content.html.length, claims: claims.length, tagged };
}

// ---------------------------------------------------------------- measuring

interface Load {
  /** factdesk:highlights: data parsed → all highlights in the DOM. */
  highlightsMs: number;
  renderMs: number;
  anchorMs: number;
  paintMs: number;
  /** GET /api/articles/{id}: responseEnd − requestStart, as the browser saw it. */
  serverMs: number;
  /** responseEnd → factdesk:article-data (JSON parse, the fetch promise chain). */
  parseMs: number;
  responseBytes: number;
  /** Distinct annotations with a <mark> in the text, and the marks. */
  highlighted: number;
  marks: number;
}

async function measure(page: Page, baseURL: string, slug: string, articleId: string): Promise<Load> {
  await page.goto(`${baseURL}/w/${slug}/articles/${articleId}`);
  await page.waitForFunction(() => performance.getEntriesByName('factdesk:highlights:paint').length > 0, null, { timeout: 120_000 });
  return page.evaluate((id) => {
    const measured = (name: string) => {
      const entries = performance.getEntriesByName(name, 'measure');
      if (entries.length !== 1) throw new Error(`${entries.length} measures named ${name}`);
      return entries[0]!.duration;
    };
    const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => new URL(r.name).pathname === `/api/articles/${id}`);
    if (resources.length !== 1) throw new Error(`${resources.length} GET /api/articles/${id} in Resource Timing`);
    const get = resources[0]!;
    const data = performance.getEntriesByName('factdesk:article-data', 'mark')[0]!;
    const marks = [...document.querySelectorAll<HTMLElement>('[data-testid="article-text"] mark[data-annotation-id]')];
    return {
      highlightsMs: measured('factdesk:highlights'),
      renderMs: measured('factdesk:highlights:render'),
      anchorMs: measured('factdesk:highlights:anchor'),
      paintMs: measured('factdesk:highlights:paint'),
      serverMs: get.responseEnd - get.requestStart,
      parseMs: data.startTime - get.responseEnd,
      responseBytes: get.encodedBodySize,
      highlighted: new Set(marks.map((m) => m.dataset.annotationId)).size,
      marks: marks.length,
    };
  }, articleId);
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** One more load under the V8 profiler: self time by function, between the data and the paint. */
async function profile(page: Page, baseURL: string, slug: string, articleId: string): Promise<{ file: string; top: { fn: string; selfMs: number }[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await measure(page, baseURL, slug, articleId);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const file = path.join(outputDir, 'highlights.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { callFrame: f } = byId.get(id)!;
    const key = f.url ? `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : f.functionName;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].filter(([fn]) => fn !== '(idle)' && fn !== '(program)').sort((a, b) => b[1] - a[1]).slice(0, 15);
  return { file, top: top.map(([fn, selfMs]) => ({ fn, selfMs: Math.round(selfMs * 10) / 10 })) };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * One more load under a Chromium trace: the renderer main thread's work
 * between the data (factdesk:article-data) and the paint after the
 * highlights (factdesk:highlights-painted), by kind.
 */
async function trace(page: Page, baseURL: string, slug: string, articleId: string): Promise<{ file: string; windowMs: number; mainThreadMs: Record<string, number> }> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-devtools.timeline'] });
  await measure(page, baseURL, slug, articleId);
  const buffer = await browser.stopTracing();
  const file = path.join(outputDir, 'highlights.trace.json');
  writeFileSync(file, buffer);
  const events: TraceEvent[] = JSON.parse(buffer.toString('utf8')).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((m) => m.pid === e.pid && m.name === 'factdesk:article-data'));
  if (!main) throw new Error('bench: no renderer main thread with the marks in the trace');
  const at = (name: string) => events.find((e) => e.pid === main.pid && e.name === name)!.ts;
  const from = at('factdesk:article-data');
  const to = at('factdesk:highlights-painted');
  // Top-level kinds of work; nested events are counted within their parent.
  const kinds: Record<string, string> = {
    FunctionCall: 'script',
    EvaluateScript: 'script',
    'v8.run': 'script',
    RunMicrotasks: 'script',
    FireAnimationFrame: 'script',
    TimerFire: 'script',
    UpdateLayoutTree: 'style',
    ScheduleStyleRecalculation: 'style',
    Layout: 'layout',
    PrePaint: 'paint',
    Paint: 'paint',
    Layerize: 'paint',
    UpdateLayer: 'paint',
    Commit: 'paint',
    MajorGC: 'gc',
    MinorGC: 'gc',
    'V8.GC_MC_BACKGROUND_MARKING': 'gc',
    BlinkGC: 'gc',
    ParseHTML: 'parse HTML',
  };
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts <= to && kinds[e.name])
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals: Record<string, number> = {};
  let covered = -1;
  for (const e of mine) {
    if (e.ts < covered) continue; // inside an event already counted
    totals[kinds[e.name]!] = (totals[kinds[e.name]!] ?? 0) + e.dur! / 1000;
    covered = e.ts + e.dur!;
  }
  return { file, windowMs: round((to - from) / 1000), mainThreadMs: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v)])) };
}

// ---------------------------------------------------------------- the run

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number) => Math.round(x * 10) / 10;
const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

let running: Running | null = null;

test.afterAll(async () => {
  await running?.stop();
});

test('1,000 highlights: data arrived → drawn, in Chromium', async ({ browser, playwright }) => {
  const loadavgAtStart = loadavg();
  running = await startServer();
  const { baseURL } = running;
  const api = await playwright.request.newContext({ baseURL });
  const seedStarted = Date.now();
  const seeded = await seed(api);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  await api.dispose();

  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/session', { data: { email: CHECKER, password: PASSWORD } });
  expect(login.status()).toBe(200);

  const loads: (Load & { loadavg1: number })[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const load = await measure(page, baseURL, 'demo', seeded.articleId);
    expect(errors, 'the page threw').toEqual([]);
    loads.push({ ...load, loadavg1: loadavg()[0]! });
    await page.close();
  }
  let profiled: Awaited<ReturnType<typeof profile>> | null = null;
  if (process.env.FACTDESK_BENCH_PROFILE) {
    const page = await context.newPage();
    profiled = await profile(page, baseURL, 'demo', seeded.articleId);
    await page.close();
  }
  let traced: Awaited<ReturnType<typeof trace>> | null = null;
  if (process.env.FACTDESK_BENCH_TRACE) {
    const page = await context.newPage();
    traced = await trace(page, baseURL, 'demo', seeded.articleId);
    await page.close();
  }
  await context.close();

  const [warmup, ...measured] = loads as [(typeof loads)[0], ...typeof loads];
  const stat = (key: keyof Load) => ({ median: round(median(measured.map((l) => l[key]))), max: round(Math.max(...measured.map((l) => l[key]))) });
  const summary = {
    highlightsMs: stat('highlightsMs'),
    renderMs: stat('renderMs'),
    anchorMs: stat('anchorMs'),
    paintMs: stat('paintMs'),
    serverMs: stat('serverMs'),
    parseMs: stat('parseMs'),
  };
  const version = browser.version();
  const results = {
    issue: 'in Chromium, all 1,000 highlights are anchored and drawn within 300 ms of the data arriving (measured, not asserted)',
    measuredAt: new Date().toISOString(),
    command: 'make build && cd e2e && npm run bench',
    build: process.env.FACTDESK_BENCH_NOTE ?? `${path.relative(repo, binary)}, as built`,
    machine: {
      note: 'A shared, busy machine: other builds and test suites ran alongside. Read the numbers with the load average beside them.',
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadavgAtStart,
      loadavgAtEnd: loadavg(),
      chromium: version,
      node: process.version,
    },
    article: { ...seeded, annotations: ANNOTATIONS, seedSeconds: round(seedSeconds) },
    budgetMs: BUDGET_MS,
    runs: measured.length,
    summary,
    withinBudget: summary.highlightsMs.max <= BUDGET_MS,
    warmup: roundAll(warmup),
    loads: measured.map(roundAll),
    ...(profiled ? { profile: profiled } : {}),
    ...(traced ? { trace: traced } : {}),
  };
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');

  const row = (name: string, s: { median: number; max: number }) => `${name.padEnd(46)}${String(s.median).padStart(9)}${String(s.max).padStart(9)}`;
  const lines = [
    '',
    `1,000 highlights on a ${Math.round(seeded.textLength / 1000)} KB article, Chromium ${version}, ${measured.length} loads (+1 warm-up: ${round(warmup.highlightsMs)} ms)`,
    `load average ${loadavg().join(' ')} on ${os.cpus().length} CPUs (shared machine)`,
    '',
    `${'ms'.padEnd(46)}${'median'.padStart(9)}${'max'.padStart(9)}`,
    row('data parsed → all highlights in the DOM', summary.highlightsMs),
    row('  render the page (text, cards)', summary.renderMs),
    row('  anchor + wrap 1,000 passages', summary.anchorMs),
    row('then → next frame painted', summary.paintMs),
    row('GET /api/articles/{id} (responseEnd−requestStart)', summary.serverMs),
    row('responseEnd → data parsed', summary.parseMs),
    '',
    `budget ${BUDGET_MS} ms: ${results.withinBudget ? 'met' : 'NOT met'} (max ${summary.highlightsMs.max} ms); every load highlighted ${measured.map((l) => l.highlighted).join('/')} annotations`,
    ...(traced
      ? ['', `Chromium trace (${path.relative(process.cwd(), traced.file)}), renderer main thread from the data to the paint (${traced.windowMs} ms):`, ...Object.entries(traced.mainThreadMs).map(([k, v]) => `${String(v).padStart(8)} ms  ${k}`)]
      : []),
    ...(profiled ? ['', `CPU profile (${path.relative(process.cwd(), profiled.file)}), self time:`, ...profiled.top.map((t) => `${String(t.selfMs).padStart(8)} ms  ${t.fn}`)] : []),
    `written to ${path.relative(process.cwd(), resultsFile)}`,
  ];
  console.log(lines.join('\n'));
  for (const load of loads) expect(load.highlighted, 'every annotation is highlighted').toBe(ANNOTATIONS);
});

function roundAll<T extends object>(load: T): T {
  return Object.fromEntries(Object.entries(load).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
}
