import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Claim, ClaimDetail, Event, Rating } from '../src/api/client';
import type { Notification, Verdict, VerdictListItem } from '../src/api/verdicts';
import { LiveConnection } from '../src/live/connection';
import { claimReducer, claimsReducer, changesClaimWork } from '../src/state/claim';
import { allRead, arrived, NotificationFeed } from '../src/state/notifications';
import {
  emptyQueue,
  listInWords,
  missingForSubmit,
  notificationWhat,
  notifies,
  orderedScale,
  queueReducer,
  safeColour,
  unreadLabel,
  verdictEventOf,
  waitingFor,
} from '../src/state/verdict';
import { newestFirst } from '../src/pages/claim/ClaimHistory';
import { DiffView } from '../src/ui/verdict';

const ada = { id: '22222222-2222-4222-8222-222222222222', name: 'Ada Checker' };
const eve = { id: '33333333-3333-4333-8333-333333333333', name: 'Eve Editor' };
const CLAIM = '44444444-4444-4444-8444-444444444444';

function verdict(patch: Partial<Verdict> = {}): Verdict {
  return {
    id: 'v1',
    claimId: CLAIM,
    workspace: 'demo',
    state: 'draft',
    rating: '',
    rationale: '',
    evidenceIds: [],
    author: ada,
    contributorIds: [ada.id],
    reviewer: null,
    reviewComment: '',
    sentBackBy: null,
    submittedAt: null,
    approvedAt: null,
    publishedAt: null,
    correctedAt: null,
    publications: 0,
    publicUrl: null,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:00:00Z',
    version: 1,
    ...patch,
  };
}

function item(v: Verdict, statement = 'The claim'): VerdictListItem {
  return { verdict: v, claim: { id: v.claimId, statement }, article: { id: 'a1', title: 'An article' } };
}

let seq = 0;
function event(type: string, payload: object): Event {
  return { seq: ++seq, type, workspace: 'demo', articleId: null, actor: eve, payload: payload as Record<string, unknown>, createdAt: '2025-01-01T10:00:00Z' };
}

function verdictEvent(v: Verdict, notify: string[] = [], comment?: string): Event {
  return event(`verdict.${v.state === 'in_review' ? 'in_review' : v.state}`, { verdict: v, claim: { id: v.claimId, statement: 'The claim' }, notify, ...(comment ? { comment } : {}) });
}

function claim(patch: Partial<Claim> = {}): Claim {
  return {
    id: CLAIM,
    workspace: 'demo',
    statement: 'S',
    claimant: '',
    claimDate: null,
    createdBy: ada,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:00:00Z',
    version: 1,
    annotationCount: 1,
    evidenceCount: 1,
    assignee: null,
    verdict: null,
    ...patch,
  };
}

const rating = (label: string, value: number | null, colour = '#336699'): Rating => ({ label, value, colour, onScale: value !== null });

describe('rating scale', () => {
  it('lists the scale truest first, then the labels outside it, each in its given order', () => {
    const scale = [rating('Misleading', null), rating('False', 1), rating('True', 5), rating('Satire', null), rating('Half true', 3), rating('Mostly true', 4)];
    expect(orderedScale(scale).map((r) => r.label)).toEqual(['True', 'Mostly true', 'Half true', 'False', 'Misleading', 'Satire']);
  });

  it('lets only a #rrggbb colour reach a style', () => {
    expect(safeColour('#1a2B3c')).toBe('#1a2B3c');
    expect(safeColour('red; background: url(x)')).toBeNull();
    expect(safeColour(undefined)).toBeNull();
  });
});

describe('submitting', () => {
  it('says what a verdict still lacks', () => {
    expect(missingForSubmit(verdict())).toEqual(['a rating', 'a rationale', 'at least one piece of evidence']);
    expect(listInWords(missingForSubmit(verdict({ rating: 'False', rationale: '  ' })))).toBe('a rationale and at least one piece of evidence');
    expect(missingForSubmit(verdict({ rating: 'False', rationale: 'Because.', evidenceIds: ['e'] }))).toEqual([]);
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('waiting time', () => {
  const since = '2025-01-01T10:00:00Z';
  const at = (minutes: number) => Date.parse(since) + minutes * 60_000 + 30_000;
  it('counts whole minutes, hours and days', () => {
    expect(waitingFor(since, Date.parse(since) + 10_000)).toBe('waiting less than a minute');
    expect(waitingFor(since, at(1))).toBe('waiting 1 min');
    expect(waitingFor(since, at(59))).toBe('waiting 59 min');
    expect(waitingFor(since, at(60))).toBe('waiting 1 h');
    expect(waitingFor(since, at(125))).toBe('waiting 2 h 5 min');
    expect(waitingFor(since, at(60 * 24 * 3 + 60 * 4 + 7))).toBe('waiting 3 d 4 h');
    expect(waitingFor(null, at(5))).toBe('');
  });
});

describe('verdict events', () => {
  it('reads the verdict, claim, notify and comment, and ignores malformed ones', () => {
    const v = verdict({ state: 'changes_requested', version: 3 });
    const read = verdictEventOf(verdictEvent(v, [ada.id], 'Cite the 2016 report'));
    expect(read).toEqual({ verdict: v, claim: { id: CLAIM, statement: 'The claim' }, notify: [ada.id], comment: 'Cite the 2016 report' });
    expect(verdictEventOf(event('verdict.updated', { verdict: { id: 'x' } }))).toBeNull();
    expect(verdictEventOf(event('claim.updated', { verdict: v }))).toBeNull();
  });

  it('tells who is notified', () => {
    const e = verdictEvent(verdict(), [ada.id]);
    expect(notifies(e, ada.id)).toBe(true);
    expect(notifies(e, eve.id)).toBe(false);
    expect(notifies(event('claim.assigned', { claim: claim(), notify: 'nope' }), ada.id)).toBe(false);
  });

  it('has words for notifications and the bell', () => {
    expect(notificationWhat('sent_back')).toBe('sent your verdict back');
    expect(unreadLabel(2)).toBe('Notifications, 2 unread');
    expect(unreadLabel(0)).toBe('Notifications, none unread');
  });
});

describe("the editor's queue", () => {
  const inReview = (id: string, submittedAt: string, version = 2) => verdict({ id, state: 'in_review', submittedAt, version });

  it('lists the oldest submission first, adds what enters review live and drops what leaves', () => {
    let q = queueReducer(emptyQueue, { type: 'loaded', items: [item(inReview('b', '2025-01-01T11:00:00Z')), item(inReview('a', '2025-01-01T10:00:00Z'))] });
    expect(q.items.map((i) => i.verdict.id)).toEqual(['a', 'b']);
    q = queueReducer(q, { type: 'verdict', verdict: inReview('c', '2025-01-01T09:00:00Z'), claim: { id: CLAIM, statement: 'New one' } });
    expect(q.items.map((i) => i.verdict.id)).toEqual(['c', 'a', 'b']);
    expect(q.items[0]!.claim.statement).toBe('New one');
    q = queueReducer(q, { type: 'verdict', verdict: verdict({ id: 'a', state: 'approved', version: 3 }) });
    expect(q.items.map((i) => i.verdict.id)).toEqual(['c', 'b']);
  });

  it('ignores an older version, and a refetch does not bring back what left review meanwhile', () => {
    let q = queueReducer(emptyQueue, { type: 'loaded', items: [item(inReview('a', '2025-01-01T10:00:00Z', 2))] });
    q = queueReducer(q, { type: 'verdict', verdict: verdict({ id: 'a', state: 'changes_requested', version: 3 }) });
    expect(q.items).toEqual([]);
    // An answer fetched before the send-back arrives after it.
    q = queueReducer(q, { type: 'loaded', items: [item(inReview('a', '2025-01-01T10:00:00Z', 2))] });
    expect(q.items).toEqual([]);
    q = queueReducer(q, { type: 'verdict', verdict: inReview('a', '2025-01-01T10:00:00Z', 2) });
    expect(q.items).toEqual([]);
    // Resubmitted: back in.
    q = queueReducer(q, { type: 'verdict', verdict: inReview('a', '2025-01-01T12:00:00Z', 5) });
    expect(q.items.map((i) => i.verdict.version)).toEqual([5]);
  });

  it('keeps what arrived live while the list was fetched, and takes the article title from the fetch', () => {
    let q = queueReducer(emptyQueue, { type: 'verdict', verdict: inReview('a', '2025-01-01T10:00:00Z'), claim: { id: CLAIM, statement: 'S' } });
    expect(q.items[0]!.article).toBeNull();
    q = queueReducer(q, { type: 'loaded', items: [] });
    expect(q.items.map((i) => i.verdict.id)).toEqual(['a']);
    q = queueReducer(q, { type: 'loaded', items: [item(inReview('a', '2025-01-01T10:00:00Z'))] });
    expect(q.items[0]!.article?.title).toBe('An article');
  });
});

describe('a claim with its verdict and assignee', () => {
  const detail = (): ClaimDetail => ({ claim: claim(), appearances: [], evidence: [], verdict: null, role: 'checker' });

  it('follows verdict events by version, and the claim’s brief of its verdict follows', () => {
    let state = claimReducer(null, { type: 'loaded', detail: detail() });
    state = claimReducer(state, { type: 'event', event: verdictEvent(verdict({ state: 'in_review', rating: 'False', version: 3 })) });
    expect(state!.detail.verdict?.state).toBe('in_review');
    expect(state!.detail.claim.verdict).toEqual({ id: 'v1', state: 'in_review', rating: 'False' });
    state = claimReducer(state, { type: 'verdictSaved', verdict: verdict({ state: 'draft', version: 2 }) });
    expect(state!.detail.verdict?.state).toBe('in_review');
    // A refetch that predates the event keeps the newer verdict.
    state = claimReducer(state, { type: 'loaded', detail: { ...detail(), verdict: verdict({ version: 1 }) } });
    expect(state!.detail.verdict?.version).toBe(3);
    // Another claim's verdict changes nothing here.
    const other = verdict({ id: 'v2', claimId: 'other', version: 9 });
    expect(claimReducer(state, { type: 'event', event: verdictEvent(other) })).toBe(state);
  });

  it('shows an assignment from the event', () => {
    let state = claimReducer(null, { type: 'loaded', detail: detail() });
    state = claimReducer(state, { type: 'event', event: event('claim.assigned', { claim: claim({ assignee: ada, version: 2 }), notify: [ada.id] }) });
    expect(state!.detail.claim.assignee).toEqual(ada);
    state = claimReducer(state, { type: 'claimAssigned', claim: claim({ assignee: null, version: 3 }) });
    expect(state!.detail.claim.assignee).toBeNull();
  });

  it('keeps the claims list’s verdict badges and assignees current', () => {
    let list = claimsReducer(null, { type: 'loaded', claims: [claim(), claim({ id: 'c2' })] });
    list = claimsReducer(list, { type: 'event', event: verdictEvent(verdict({ state: 'published', rating: 'False', version: 7 })) });
    expect(list!.find((c) => c.id === CLAIM)!.verdict).toEqual({ id: 'v1', state: 'published', rating: 'False' });
    expect(list!.find((c) => c.id === 'c2')!.verdict).toBeNull();
    list = claimsReducer(list, { type: 'event', event: event('claim.assigned', { claim: claim({ id: 'c2', assignee: eve, version: 2 }), notify: [] }) });
    expect(list!.find((c) => c.id === 'c2')!.assignee).toEqual(eve);
    expect(changesClaimWork(event('verdict.approved', {}))).toBe(true);
    expect(changesClaimWork(event('evidence.created', {}))).toBe(false);
  });
});

describe('history', () => {
  it('shows the newest first', () => {
    const entry = (s: number) => ({ seq: s, type: 'verdict.updated', actor: ada, at: '2025-01-01T10:00:00Z', summary: 'edited' });
    expect(newestFirst([entry(3), entry(9), entry(5)]).map((e) => e.seq)).toEqual([9, 5, 3]);
  });

  it('marks insertions and deletions with <ins> and <del>, and shortens long unchanged text', () => {
    const root = document.createElement('div');
    const long = 'x'.repeat(300);
    render(
      <DiffView
        parts={[
          { op: 'equal', text: long },
          { op: 'delete', text: 'two' },
          { op: 'insert', text: 'three' },
          { op: 'equal', text: ' emails' },
        ]}
      />,
      root,
    );
    expect(root.querySelector('del')!.textContent).toBe('two');
    expect(root.querySelector('ins')!.textContent).toBe('three');
    expect(root.textContent!.length).toBeLessThan(120);
    expect(root.textContent!.startsWith('…')).toBe(true);
  });
});

function notification(id: string, read = false): Notification {
  return { id, kind: 'sent_back', claimId: CLAIM, claimStatement: 'S', verdictId: 'v1', actor: eve, comment: 'Fix it', createdAt: '2025-01-01T10:00:00Z', read };
}

describe('notifications', () => {
  function setup() {
    const listeners: Array<{ onEvent(e: Event): void; onSubscribed?(seq: number): void }> = [];
    const timers: Array<() => void> = [];
    let answers: Array<{ notifications: Notification[]; unread: number }> = [];
    let loads = 0;
    let marked = 0;
    const feed = new NotificationFeed('demo', ada.id, {
      live: {
        subscribe: (_room, _after, listener) => {
          listeners.push(listener);
          return () => {};
        },
        resubscribe: () => {},
      },
      load: async () => {
        loads++;
        return answers.shift() ?? { notifications: [], unread: 0 };
      },
      markRead: async () => {
        marked++;
        return 0;
      },
      schedule: (fn) => timers.push(fn),
      cancel: () => {},
    });
    return {
      feed,
      listeners,
      timers,
      answer: (a: { notifications: Notification[]; unread: number }) => answers.push(a),
      get loads() {
        return loads;
      },
      get marked() {
        return marked;
      },
      reset: () => (answers = []),
    };
  }

  it('fetches on start, and again only for events that notify me', async () => {
    const t = setup();
    t.answer({ notifications: [notification('n1')], unread: 1 });
    t.feed.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(t.feed.state.unread).toBe(1);
    t.listeners[0]!.onEvent(verdictEvent(verdict(), [eve.id]));
    expect(t.timers).toHaveLength(0);
    t.listeners[0]!.onEvent(verdictEvent(verdict({ state: 'changes_requested', version: 2 }), [ada.id]));
    expect(t.timers).toHaveLength(1);
    t.answer({ notifications: [notification('n2'), notification('n1')], unread: 2 });
    t.timers[0]!();
    await Promise.resolve();
    await Promise.resolve();
    expect(t.feed.state.unread).toBe(2);
    expect(t.loads).toBe(2);
  });

  it('marks all read at once, and says which one is new', async () => {
    const t = setup();
    t.answer({ notifications: [notification('n1'), notification('n0', true)], unread: 1 });
    t.feed.start();
    await Promise.resolve();
    await Promise.resolve();
    const before = t.feed.state.notifications;
    await t.feed.markAllRead();
    expect(t.marked).toBe(1);
    expect(t.feed.state.unread).toBe(0);
    expect(t.feed.state.notifications.every((n) => n.read)).toBe(true);
    expect(arrived(before, [notification('n2'), ...before])?.id).toBe('n2');
    expect(arrived(before, before)).toBeNull();
    expect(allRead({ notifications: [notification('a')], unread: 1, loaded: true, error: null }).unread).toBe(0);
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

describe('a room followed by two listeners', () => {
  it('joins once, tells both, and leaves when the last one leaves', async () => {
    FakeSocket.all = [];
    const connection = new LiveConnection({ url: 'ws://test/api/live', createSocket: (url) => new FakeSocket(url) as unknown as WebSocket, schedule: () => 0 });
    const socket = FakeSocket.all[0]!;
    socket.open();
    const header: string[] = [];
    const page: string[] = [];
    const leaveHeader = connection.subscribe('workspace:demo', undefined, { onEvent: (e) => header.push(e.type) });
    socket.receive({ type: 'subscribed', room: 'workspace:demo', seq: 4 });
    let pageSubscribed = -1;
    const leavePage = connection.subscribe('workspace:demo', undefined, { onEvent: (e) => page.push(e.type), onSubscribed: (s) => (pageSubscribed = s) });
    await Promise.resolve();
    expect(pageSubscribed).toBe(4);
    expect(socket.sent).toEqual([{ type: 'subscribe', room: 'workspace:demo' }]);
    socket.receive({ type: 'event', room: 'workspace:demo', event: { ...event('verdict.in_review', {}), seq: 5 } });
    expect(header).toEqual(['verdict.in_review']);
    expect(page).toEqual(['verdict.in_review']);
    leavePage();
    expect(socket.sent).toHaveLength(1);
    socket.receive({ type: 'event', room: 'workspace:demo', event: { ...event('verdict.approved', {}), seq: 6 } });
    expect(header).toEqual(['verdict.in_review', 'verdict.approved']);
    expect(page).toEqual(['verdict.in_review']);
    leaveHeader();
    expect(socket.sent.at(-1)).toEqual({ type: 'unsubscribe', room: 'workspace:demo' });
    connection.close();
  });
});
