// The web pages the tests import articles from: an HTTP server on
// 127.0.0.1 only (never another address), started by global-setup.ts.
//
//   GET /pages/<name>   the page last put there (text/html), 404 before
//   PUT /pages/<name>   sets it: the body is the page, Content-Type kept
//
// A test puts an article, imports it by URL, then puts an edited version
// at the same address and re-imports it.
import { createServer, type IncomingMessage } from 'node:http';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, { body: string; type: string }>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/pages/')) {
      response.writeHead(404).end('not found');
      return;
    }
    if (request.method === 'PUT') {
      pages.set(url.pathname, { body: await readBody(request), type: request.headers['content-type'] ?? 'text/html; charset=utf-8' });
      response.writeHead(204).end();
      return;
    }
    const page = pages.get(url.pathname);
    if (!page || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-store' }).end(request.method === 'HEAD' ? undefined : page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('e2e: the page server has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
