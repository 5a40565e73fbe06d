import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Annotation, Article, ArticleDetail, Claim, ClaimDetail, Event, Evidence, Reply } from '../src/api/client';
import { StaleError, toApiError } from '../src/api/client';
import { Snippet } from '../src/pages/SearchPage';
import { splitMatches } from '../src/search/matches';
import { articleReducer, highlightStyle, type ArticleState } from '../src/state/article';
import { changesClaimCounts, claimReducer, claimsReducer, touchesAppearances } from '../src/state/claim';
import { conflictOf, isMootConflict, overwriteWithMine, takeTheirs } from '../src/state/conflict';
import { addTag, normalizeTag, suggestTags } from '../src/state/tags';

const ARTICLE = '11111111-1111-4111-8111-111111111111';
const CLAIM = '44444444-4444-4444-8444-444444444444';
const ada = { id: '22222222-2222-4222-8222-222222222222', name: 'Ada' };
const bo = { id: '55555555-5555-4555-8555-555555555555', name: 'Bo' };

function reply(id: string, annotationId: string, version = 1, createdAt = '2025-01-01T11:00:00Z'): Reply {
  return { id, annotationId, body: `reply ${id} v${version}`, createdBy: bo, createdAt, updatedAt: createdAt, version };
}

function annotation(id: string, start: number, patch: Partial<Annotation> = {}): Annotation {
  return {
    id,
    articleId: ARTICLE,
    articleVersionId: '33333333-3333-4333-8333-333333333333',
    kind: 'comment',
    selectors: { quote: { exact: 'x' }, position: { start, end: start + 1 } },
    body: '',
    tags: [],
    claim: null,
    resolved: false,
    anchor: 'exact',
    replies: [],
    createdBy: ada,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:00:00Z',
    version: 1,
    ...patch,
  };
}

function article(patch: Partial<Article> = {}): Article {
  return {
    id: ARTICLE,
    workspace: 'demo',
    title: 'T',
    createdBy: ada,
    createdAt: '2025-01-01T09:00:00Z',
    updatedAt: '2025-01-01T09:00:00Z',
    version: 1,
    currentVersion: { id: 'v1', number: 1, contentHash: 'h', createdAt: '2025-01-01T09:00:00Z' },
    annotationCount: 1,
    ...patch,
  };
}

let seq = 100;
function event(type: string, payload: object, at = ++seq): Event {
  return { seq: at, type, workspace: 'demo', articleId: ARTICLE, actor: ada, payload: payload as Record<string, unknown>, createdAt: '2025-01-01T10:00:00Z' };
}

function detail(annotations: Annotation[], at = 7): ArticleDetail {
  return { article: article({ annotationCount: annotations.length }), content: { versionId: 'v1', html: '<p>x</p>', text: 'x' }, annotations, seq: at, role: 'checker' };
}

function apply(state: ArticleState | null, ...events: Event[]): ArticleState | null {
  return events.reduce((s, e) => articleReducer(s, { type: 'event', event: e }), state);
}

describe('search snippets', () => {
  it('marks whole matched words, in any case, longest first', () => {
    expect(splitMatches('Road repairs: the roads were repaired', ['road', 'repairs', 'ROADS'])).toEqual([
      { text: 'Road', match: true },
      { text: ' ', match: false },
      { text: 'repairs', match: true },
      { text: ': the ', match: false },
      { text: 'roads', match: true },
      { text: ' were repaired', match: false },
    ]);
  });

  it('treats match words as text, not patterns, and handles other scripts', () => {
    expect(splitMatches('costs (a+b) rose; Straße 5€', ['(a+b)', 'straße', '.*'])).toEqual([
      { text: 'costs ', match: false },
      { text: '(a+b)', match: true },
      { text: ' rose; ', match: false },
      { text: 'Straße', match: true },
      { text: ' 5€', match: false },
    ]);
    expect(splitMatches('nothing here', [])).toEqual([{ text: 'nothing here', match: false }]);
    expect(splitMatches('', ['x'])).toEqual([]);
  });

  it('renders server text as text: markup in a snippet or a match word never becomes elements', () => {
    const snippet = 'see <img src=x onerror="window.pwned=1"> and <script>window.pwned=2</script> now';
    const root = document.createElement('div');
    render(h(Snippet, { text: snippet, matches: ['img', '<script>', 'now'] }), root);
    expect(root.querySelectorAll('img, script')).toHaveLength(0);
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['img', 'now']);
    expect(root.textContent).toBe(snippet);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('article state: live events of the desk', () => {
  it('applies updates by version and ignores older copies', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1)]) });
    state = apply(state, event('annotation.updated', annotation('a', 1, { version: 3, body: 'three' })));
    state = apply(state, event('annotation.updated', annotation('a', 1, { version: 2, body: 'two' })));
    state = articleReducer(state, { type: 'annotationSaved', annotation: annotation('a', 1, { version: 2, body: 'late save' }) });
    expect(state!.annotations[0]).toMatchObject({ version: 3, body: 'three' });
  });

  it('never brings a deleted annotation back, from an event or a late save', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1), annotation('b', 5)]) });
    state = apply(state, event('annotation.deleted', { id: 'a', articleId: ARTICLE }));
    state = apply(state, event('annotation.deleted', { id: 'a', articleId: ARTICLE }));
    expect(state!.annotations.map((a) => a.id)).toEqual(['b']);
    expect(state!.detail.article.annotationCount).toBe(1);
    state = articleReducer(state, { type: 'annotationSaved', annotation: annotation('a', 1, { version: 9 }) });
    state = apply(state, event('annotation.updated', annotation('a', 1, { version: 10 })));
    expect(state!.annotations.map((a) => a.id)).toEqual(['b']);
    // A refetch that raced the delete does not resurrect it either.
    state = articleReducer(state, { type: 'loaded', detail: detail([annotation('a', 1), annotation('b', 5)], 5) });
    expect(state!.annotations.map((a) => a.id)).toEqual(['b']);
  });

  it('threads replies: created once, updated by version, deleted for good', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1)]) });
    state = apply(state, event('reply.created', reply('r1', 'a')), event('reply.created', reply('r1', 'a')));
    state = articleReducer(state, { type: 'replySaved', reply: reply('r2', 'a', 1, '2025-01-01T12:00:00Z') });
    expect(state!.annotations[0]!.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    state = apply(state, event('reply.updated', reply('r1', 'a', 2)), event('reply.updated', reply('r1', 'a', 1)));
    expect(state!.annotations[0]!.replies[0]!.body).toBe('reply r1 v2');
    state = apply(state, event('reply.deleted', { id: 'r1', annotationId: 'a' }), event('reply.updated', reply('r1', 'a', 3)));
    expect(state!.annotations[0]!.replies.map((r) => r.id)).toEqual(['r2']);
  });

  it('keeps replies written while an older copy of the annotation was in flight', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1)]) });
    state = apply(state, event('reply.created', reply('r1', 'a')));
    // Our edit's answer was made before r1 existed: it lacks it, but is newer.
    state = articleReducer(state, { type: 'annotationSaved', annotation: annotation('a', 1, { version: 2, body: 'edited', replies: [] }) });
    expect(state!.annotations[0]).toMatchObject({ version: 2, body: 'edited' });
    expect(state!.annotations[0]!.replies.map((r) => r.id)).toEqual(['r1']);
  });

  it('takes a new version’s metadata at once and replays what overtook the refetch', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1)], 7) });
    const v2 = article({ version: 2, currentVersion: { id: 'v2', number: 2, contentHash: 'h2', createdAt: '2025-01-02T09:00:00Z' } });
    state = apply(state, event('article.versioned', { article: v2, reanchored: { exact: 1, position: 0, fuzzy: 0, orphaned: 0 } }, 8));
    expect(state!.detail.article.currentVersion.number).toBe(2);
    state = apply(state, event('annotation.created', annotation('c', 9), 9));
    // The refetch reflects seq 8: the annotation made at 9 must survive it.
    state = articleReducer(state, { type: 'loaded', detail: { ...detail([annotation('a', 2, { version: 2, anchor: 'position' })], 8), article: v2 } });
    expect(state!.annotations.map((a) => [a.id, a.version])).toEqual([['a', 2], ['c', 1]]);
  });

  it('shows a claim’s new statement on the highlights linked to it', () => {
    let state = articleReducer(null, { type: 'loaded', detail: detail([annotation('a', 1, { kind: 'claim', claim: { id: CLAIM, statement: 'old' } })]) });
    state = apply(state, event('claim.updated', { id: CLAIM, statement: 'new', version: 2 }));
    expect(state!.annotations[0]!.claim).toEqual({ id: CLAIM, statement: 'new' });
  });

  it('draws highlights by kind, in one place (the seam for verdict colours)', () => {
    expect(highlightStyle(annotation('a', 1, { kind: 'claim' })).classes).toEqual(['highlight--claim']);
    expect(highlightStyle(annotation('a', 1, { resolved: true })).classes).toEqual(['highlight--comment', 'highlight--resolved']);
  });
});

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
    evidenceCount: 0,
    assignee: null,
    verdict: null,
    ...patch,
  };
}

function evidence(id: string, version = 1, createdAt = '2025-01-01T10:00:00Z'): Evidence {
  return {
    id,
    claimId: CLAIM,
    url: 'https://e.example',
    title: `${id} v${version}`,
    publisher: '',
    quotedPassage: '',
    stance: 'refutes',
    consultedOn: null,
    createdBy: ada,
    createdAt,
    updatedAt: createdAt,
    version,
  };
}

describe('claim state', () => {
  const loaded = (): ClaimDetail => ({
    claim: claim(),
    appearances: [{ annotationId: 'a', articleId: ARTICLE, articleTitle: 'T', quote: 'q', orphaned: false }],
    evidence: [],
    verdict: null,
    role: 'checker',
  });

  it('applies claim and evidence events by version, and removals for good', () => {
    let state = claimReducer(null, { type: 'loaded', detail: loaded() });
    const on = (e: Event) => (state = claimReducer(state, { type: 'event', event: e }));
    on(event('claim.updated', claim({ version: 3, statement: 'three' })));
    on(event('claim.updated', claim({ version: 2, statement: 'two' })));
    expect(state!.detail.claim.statement).toBe('three');
    on(event('evidence.created', evidence('e2', 1, '2025-01-01T12:00:00Z')));
    on(event('evidence.created', evidence('e1', 1, '2025-01-01T11:00:00Z')));
    on(event('evidence.created', evidence('e1')));
    on(event('evidence.updated', evidence('e1', 2, '2025-01-01T11:00:00Z')));
    on(event('evidence.updated', evidence('e1', 1, '2025-01-01T11:00:00Z')));
    expect(state!.detail.evidence.map((e) => e.title)).toEqual(['e1 v2', 'e2 v1']);
    on(event('evidence.deleted', { id: 'e1', claimId: CLAIM }));
    state = claimReducer(state, { type: 'evidenceSaved', evidence: evidence('e1', 5) });
    on(event('evidence.created', { ...evidence('e9'), claimId: 'another' }));
    expect(state!.detail.evidence.map((e) => e.id)).toEqual(['e2']);
    // A refetch that still had e1 does not bring it back, and keeps newer live copies.
    state = claimReducer(state, { type: 'loaded', detail: { ...loaded(), evidence: [evidence('e1'), evidence('e2')] } });
    expect(state!.detail.evidence.map((e) => e.id)).toEqual(['e2']);
    expect(state!.detail.claim.statement).toBe('three');
  });

  it('knows which annotation events change where the claim appears', () => {
    const state = claimReducer(null, { type: 'loaded', detail: loaded() })!;
    expect(touchesAppearances(state, event('annotation.created', annotation('z', 1, { claim: { id: CLAIM, statement: 'S' } })))).toBe(true);
    expect(touchesAppearances(state, event('annotation.updated', annotation('a', 1)))).toBe(true);
    expect(touchesAppearances(state, event('annotation.deleted', { id: 'a', articleId: ARTICLE }))).toBe(true);
    expect(touchesAppearances(state, event('annotation.created', annotation('z', 1)))).toBe(false);
    expect(touchesAppearances(state, event('reply.created', reply('r', 'a')))).toBe(false);
  });

  it('lists claims newest first, once each, by version', () => {
    let list = claimsReducer(null, { type: 'loaded', claims: [claim()] });
    const other = claim({ id: 'c2', createdAt: '2025-02-01T00:00:00Z' });
    list = claimsReducer(list, { type: 'event', event: event('claim.created', other) });
    list = claimsReducer(list, { type: 'event', event: event('claim.created', other) });
    list = claimsReducer(list, { type: 'event', event: event('claim.updated', claim({ version: 2, statement: 'new' })) });
    list = claimsReducer(list, { type: 'event', event: event('claim.updated', claim({ version: 1, statement: 'old' })) });
    expect(list!.map((c) => [c.id, c.statement])).toEqual([['c2', 'S'], [CLAIM, 'new']]);
    // Fresh counts from a refetch win over a held copy of the same version.
    list = claimsReducer(list, { type: 'loaded', claims: [claim({ version: 2, statement: 'new', evidenceCount: 2 }), other] });
    expect(list!.find((c) => c.id === CLAIM)!.evidenceCount).toBe(2);
    expect(changesClaimCounts(event('evidence.created', {}))).toBe(true);
    expect(changesClaimCounts(event('reply.created', {}))).toBe(false);
  });
});

describe('tags', () => {
  it('normalizes and adds tags once, whatever their case', () => {
    expect(normalizeTag('  #Budget   2025 ')).toBe('Budget 2025');
    expect(normalizeTag('x'.repeat(80))).toHaveLength(50);
    expect(addTag(['budget'], 'BUDGET')).toEqual(['budget']);
    expect(addTag(['budget'], '  ')).toEqual(['budget']);
    expect(addTag(['budget'], 'roads')).toEqual(['budget', 'roads']);
    expect(addTag(Array.from({ length: 20 }, (_, i) => `t${i}`), 'one-more')).toHaveLength(20);
  });

  it('suggests known tags: prefix matches first, most used first, none already chosen', () => {
    const known = [
      { tag: 'roads', count: 2 },
      { tag: 'budget', count: 9 },
      { tag: 'road-safety', count: 5 },
      { tag: 'railroads', count: 7 },
      { tag: 'Roads', count: 1 },
    ];
    expect(suggestTags(known, 'road', []).map((t) => t.tag)).toEqual(['road-safety', 'roads', 'railroads']);
    expect(suggestTags(known, 'ROAD', ['roads']).map((t) => t.tag)).toEqual(['road-safety', 'railroads']);
    expect(suggestTags(known, '', ['budget']).map((t) => t.tag)).toEqual(['railroads', 'road-safety', 'roads']);
    expect(suggestTags(known, 'zzz', [])).toEqual([]);
    // An answer for an older, shorter prefix is filtered by what is typed now.
    expect(suggestTags(known, 'bud', []).map((t) => t.tag)).toEqual(['budget']);
  });
});

describe('edit conflicts', () => {
  const current = { ...annotation('a', 1, { version: 4, body: 'their note', tags: ['x'] }), updatedAt: '2025-01-01T12:00:00Z' };

  it('reads a 412 into the current record', () => {
    const error = toApiError(412, { error: { code: 'stale_version', message: 'changed' }, current });
    expect(error).toBeInstanceOf(StaleError);
    expect((error as StaleError<Annotation>).current.version).toBe(4);
    expect(toApiError(412, { error: { code: 'stale_version', message: 'changed' } })).not.toBeInstanceOf(StaleError);
  });

  it('shows the fields that differ, and the two ways on', () => {
    const conflict = conflictOf({ body: 'my note', tags: ['x'], kind: 'comment' }, current);
    expect(conflict.differing).toEqual(['body']);
    expect(conflict.theirs).toEqual({ body: 'their note', tags: ['x'], kind: 'comment' });
    expect(conflict.by).toBeNull(); // the author is not necessarily who changed it
    expect(conflictOf({ body: 'x' }, { ...current, updatedBy: bo }).by).toBe('Bo');
    expect(conflict.currentVersion).toBe(4);
    expect(takeTheirs(conflict)).toEqual({ draft: { body: 'their note', tags: ['x'], kind: 'comment' }, version: 4 });
    expect(overwriteWithMine(conflict)).toEqual({ body: 'my note', tags: ['x'], kind: 'comment', version: 4 });
    expect(isMootConflict(conflict)).toBe(false);
  });

  it('has nothing to choose when both made the same change', () => {
    const conflict = conflictOf({ body: 'their note', tags: ['x'] }, current);
    expect(isMootConflict(conflict)).toBe(true);
    expect(conflictOf({ claimDate: '' }, { claimDate: null, version: 2 }).differing).toEqual([]);
  });
});

describe('desk home', () => {
  it('shows a new version and deleted annotations in the article list', async () => {
    const { workspaceReducer } = await import('../src/state/workspace');
    let list = workspaceReducer(null, { type: 'loaded', articles: [article({ annotationCount: 2 })] });
    const v2 = article({ version: 2, currentVersion: { id: 'v2', number: 2, contentHash: 'h2', createdAt: '2025-01-02T00:00:00Z' } });
    list = workspaceReducer(list, { type: 'event', event: event('article.versioned', { article: v2, reanchored: {} }) });
    list = workspaceReducer(list, { type: 'event', event: event('annotation.deleted', { id: 'a', articleId: ARTICLE }) });
    expect(list![0]).toMatchObject({ version: 2, annotationCount: 1 });
    expect(list![0]!.currentVersion.number).toBe(2);
  });
});
