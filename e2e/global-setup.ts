// Starts what the end-to-end tests run against, and stops it afterwards:
// a fresh database factdesk_e2e_<random> on the Postgres at 127.0.0.1:5432,
// and `bin/factdesk serve` on a free port with known demo passwords.
import { type ChildProcess, spawn } from 'node:child_process';
import { startPageServer } from './page-server';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const binary = process.env.FACTDESK_BIN ?? path.join(repo, 'bin', 'factdesk');
const adminURL = process.env.FACTDESK_E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const resultsDir = path.join(here, 'test-results');
const serverLog = path.join(resultsDir, 'server.log');

export const DEMO_PASSWORD = 'correct-horse-e2e-' + randomBytes(4).toString('hex');

function databaseURL(name: string): string {
  const url = new URL(adminURL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminURL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `e2e: cannot reach Postgres at ${adminURL} (${(error as Error).message}). ` +
        'Start it (for example `pg_ctlcluster 15 main start`, or `docker compose up -d postgres`) and run again.',
    );
  }
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

async function waitReady(baseURL: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`e2e: the server exited (${server.exitCode ?? server.signalCode}) before it was ready. Its log:\n${logTail()}`);
    }
    try {
      const response = await fetch(`${baseURL}/readyz`);
      if (response.status === 200) {
        return;
      }
      last = `readyz answered ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`e2e: the server was not ready within ${timeoutMs / 1000}s (${last}). Its log:\n${logTail()}`);
}

/** Adds a user with the CLI, as an admin would; the password goes in on stdin. */
export async function addUser(env: NodeJS.ProcessEnv, user: { email: string; name: string; role: string; password: string }): Promise<void> {
  const child = spawn(binary, ['user', 'add', '--email', user.email, '--name', user.name, '--workspace', 'demo', '--role', user.role], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.stdin.end(`${user.password}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    throw new Error(`e2e: factdesk user add ${user.email} failed (${code}):\n${output}`);
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`e2e: ${chromium} is missing. Install Debian's Chromium (apt-get install -y chromium); the tests never download a browser.`);
  }
  if (!existsSync(binary)) {
    throw new Error(`e2e: ${binary} is missing. Build it first with \`make build\` (from the repository root).`);
  }
  mkdirSync(resultsDir, { recursive: true });

  const database = `factdesk_e2e_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  const dropDatabase = () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  let server: ChildProcess | null = null;
  // The pages URL imports fetch: a small server on loopback only, which the
  // tests can give new content (an edited article at the same address).
  const pages = await startPageServer();
  try {
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseURL(database),
      PORT: String(port),
      FACTDESK_DEMO_PASSWORD: DEMO_PASSWORD,
      // Imports may fetch from the loopback page server above.
      FACTDESK_IMPORT_ALLOW_PRIVATE: 'true',
    };
    const log = createWriteStream(serverLog);
    server = spawn(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.pipe(log);
    server.stderr!.pipe(log);
    await waitReady(baseURL, server, 60_000);

    const viewer = { email: 'viewer@factdesk.example', name: 'Vera Viewer', role: 'viewer', password: DEMO_PASSWORD };
    await addUser(env, viewer);
    // Verdicts need a second editor: the one who approves may not be the author (four eyes).
    const editor2 = { email: 'editor2@factdesk.example', name: 'Second Editor', role: 'editor', password: DEMO_PASSWORD };
    await addUser(env, editor2);

    // Workers start after this, and inherit these.
    process.env.FACTDESK_E2E_URL = baseURL;
    process.env.FACTDESK_E2E_DATABASE_URL = env.DATABASE_URL;
    process.env.FACTDESK_E2E_PASSWORD = DEMO_PASSWORD;
    process.env.FACTDESK_E2E_PAGES_URL = pages.url;
  } catch (error) {
    if (server) await stop(server);
    await pages.close();
    await dropDatabase();
    throw error;
  }

  const running = server;
  return async () => {
    await stop(running);
    await pages.close();
    await dropDatabase();
  };
}
