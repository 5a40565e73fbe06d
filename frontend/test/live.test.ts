import { describe, expect, it } from 'vitest';
import type { Annotation, Article, ArticleDetail, Event } from '../src/api/client';
import { backoffDelay } from '../src/live/backoff';
import { LiveConnection } from '../src/live/connection';
import { receive, type RoomSeqs } from '../src/live/rooms';
import { articleReducer } from '../src/state/article';
import { workspaceReducer } from '../src/state/workspace';

const ARTICLE_ID = '11111111-1111-4111-8111-111111111111';
const user = { id: '22222222-2222-4222-8222-222222222222', name: 'Ada' };

function annotation(id: string, start: number, version = 1): Annotation {
  return {
    id,
    articleId: ARTICLE_ID,
    articleVersionId: '33333333-3333-4333-8333-333333333333',
    kind: 'claim',
    selectors: { quote: { exact: 'x' }, position: { start, end: start + 1 } },
    body: '',
    tags: [],
    claim: null,
    resolved: false,
    anchor: 'exact',
    replies: [],
    createdBy: user,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:00:00Z',
    version,
  };
}

function article(id: string, createdAt: string): Article {
  return {
    id,
    workspace: 'demo',
    title: id,
    createdBy: user,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    currentVersion: { id: 'v', number: 1, contentHash: 'h', createdAt },
    annotationCount: 0,
  };
}

function event(seq: number, type: string, payload: object, articleId: string | null = ARTICLE_ID): Event {
  return { seq, type, workspace: 'demo', articleId, actor: user, payload: payload as Record<string, unknown>, createdAt: '2025-01-01T10:00:00Z' };
}

const detail: ArticleDetail = {
  article: article(ARTICLE_ID, '2025-01-01T09:00:00Z'),
  content: { versionId: 'v', html: '<p>x</p>', text: 'x' },
  annotations: [annotation('b', 10)],
  seq: 7,
  role: 'checker',
};

describe('room sequence numbers', () => {
  it('applies events in order per room and drops what it has already applied', () => {
    let seqs: RoomSeqs = { 'article:a': 7 };
    const apply = (room: string, seq: number) => {
      const result = receive(seqs, { type: 'event', room, event: event(seq, 'annotation.created', {}) });
      seqs = result.seqs;
      return result.delivery !== null;
    };
    expect(apply('article:a', 8)).toBe(true);
    expect(apply('article:a', 8)).toBe(false); // a replay after reconnect
    expect(apply('article:a', 5)).toBe(false);
    expect(apply('article:b', 3)).toBe(true); // another room has its own count
    expect(apply('article:a', 9)).toBe(true);
    expect(seqs).toEqual({ 'article:a': 9, 'article:b': 3 });
  });

  it('takes the room seq from "subscribed" only when it had none', () => {
    let { seqs } = receive({}, { type: 'subscribed', room: 'workspace:demo', seq: 40 });
    expect(seqs['workspace:demo']).toBe(40);
    ({ seqs } = receive({ 'article:a': 3 }, { type: 'subscribed', room: 'article:a', seq: 40 }));
    expect(seqs['article:a']).toBe(3); // the backlog 4..40 is still to come
  });

  it('forgets a room on reload so that the refetched seq wins', () => {
    const { seqs, delivery } = receive({ 'article:a': 3 }, { type: 'reload', room: 'article:a', reason: 'behind' });
    expect(seqs).toEqual({});
    expect(delivery).toEqual({ kind: 'reload', room: 'article:a', reason: 'behind' });
  });
});

describe('article state', () => {
  it('adds an annotation once, whether it comes from our save or from the live stream', () => {
    let state = articleReducer(null, { type: 'loaded', detail });
    const mine = annotation('a', 2);
    state = articleReducer(state, { type: 'annotationSaved', annotation: mine });
    state = articleReducer(state, { type: 'event', event: event(8, 'annotation.created', mine) });
    state = articleReducer(state, { type: 'event', event: event(8, 'annotation.created', mine) });
    expect(state!.annotations.map((a) => a.id)).toEqual(['a', 'b']); // document order
    expect(state!.detail.article.annotationCount).toBe(1);
  });

  it('ignores other articles and unknown events, and keeps the newer version', () => {
    let state = articleReducer(null, { type: 'loaded', detail });
    state = articleReducer(state, { type: 'event', event: event(8, 'annotation.created', { ...annotation('z', 1), articleId: 'other' }) });
    state = articleReducer(state, { type: 'event', event: event(9, 'verdict.approved', {}) });
    state = articleReducer(state, { type: 'event', event: event(10, 'annotation.updated', annotation('b', 10, 2)) });
    state = articleReducer(state, { type: 'event', event: event(11, 'annotation.updated', annotation('b', 10, 1)) });
    expect(state!.annotations.map((a) => [a.id, a.version])).toEqual([['b', 2]]);
  });
});

describe('workspace state', () => {
  it('lists a new article once, newest first, and merges a late list fetch', () => {
    const old = article('old', '2025-01-01T08:00:00Z');
    const fresh = article('new', '2025-01-02T08:00:00Z');
    let list = workspaceReducer(null, { type: 'event', event: event(3, 'article.created', fresh, fresh.id) });
    list = workspaceReducer(list, { type: 'loaded', articles: [old] });
    list = workspaceReducer(list, { type: 'articleSaved', article: fresh });
    list = workspaceReducer(list, { type: 'event', event: event(3, 'article.created', fresh, fresh.id) });
    expect(list!.map((a) => a.id)).toEqual(['new', 'old']);
    list = workspaceReducer(list, { type: 'event', event: event(4, 'annotation.created', {}, 'old') });
    expect(list!.find((a) => a.id === 'old')!.annotationCount).toBe(1);
  });
});

describe('backoff', () => {
  it('grows exponentially up to a cap, with jitter', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(15_000);
    expect(backoffDelay(30, () => 0)).toBe(7_500);
  });
});

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(...messages: object[]) {
    this.onmessage?.({ data: messages.map((m) => JSON.stringify(m)).join('\n') });
  }
}

describe('LiveConnection', () => {
  it('resubscribes after the last applied seq when it reconnects', () => {
    FakeSocket.all = [];
    const timers: Array<[() => void, number]> = [];
    const connection = new LiveConnection({
      url: 'ws://test/api/live',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      random: () => 0.5,
      schedule: (fn, ms) => timers.push([fn, ms]),
    });
    const statuses: string[] = [];
    connection.onStatus((s) => statuses.push(s));
    const seen: number[] = [];
    connection.subscribe('article:a', 7, { onEvent: (e) => seen.push(e.seq) });

    const first = FakeSocket.all[0]!;
    first.open();
    expect(first.sent).toEqual([{ type: 'subscribe', room: 'article:a', after: 7 }]);
    first.receive(
      { type: 'subscribed', room: 'article:a', seq: 9 },
      { type: 'event', room: 'article:a', event: event(8, 'annotation.created', {}) },
      { type: 'event', room: 'article:a', event: event(9, 'annotation.created', {}) },
    );
    first.close();
    expect(statuses).toEqual(['live', 'reconnecting']);
    expect(timers).toHaveLength(1);
    timers[0]![0]();

    const second = FakeSocket.all[1]!;
    second.open();
    expect(second.sent).toEqual([{ type: 'subscribe', room: 'article:a', after: 9 }]);
    second.receive(
      { type: 'event', room: 'article:a', event: event(9, 'annotation.created', {}) },
      { type: 'event', room: 'article:a', event: event(10, 'annotation.created', {}) },
    );
    expect(seen).toEqual([8, 9, 10]);
    connection.close();
    expect(statuses.at(-1)).toBe('closed');
  });
});
