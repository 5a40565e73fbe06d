import { describe, expect, it } from 'vitest';
import { ApiError, StaleError } from '../src/api/client';
import { Outbox, QUEUED } from '../src/offline/outbox';
import { articleQueue, type Edit, EditQueue, enqueue, emptyQueue, type Outcome, parseStored, storageKey, waitingText } from '../src/offline/queue';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const reply = (body: string, key: string): Edit => ({ kind: 'createReply', articleId: 'art', annotationId: 'ann', body, key });
const note = (body: string, baseVersion: number): Edit => ({
  kind: 'updateAnnotation',
  articleId: 'art',
  annotationId: 'ann',
  draft: { body, tags: [], kind: 'comment' },
  baseVersion,
});

function ids() {
  let n = 0;
  return () => `q${++n}`;
}

describe('the offline queue', () => {
  it('sends in the order edits were made, each create with its own idempotency key, and removes each once sent', async () => {
    const storage = new MemoryStorage();
    const sent: Edit[] = [];
    const queue = new EditQueue({
      storage,
      userId: 'u1',
      newId: ids(),
      send: async (edit) => {
        sent.push(edit);
        return { type: 'sent', record: { version: 2 } };
      },
    });
    queue.add(reply('first', 'key-1'));
    queue.add(note('edited', 4));
    queue.add(reply('second', 'key-2'));
    expect(queue.state.pending).toHaveLength(3);
    await queue.flush();
    expect(sent.map((e) => e.kind)).toEqual(['createReply', 'updateAnnotation', 'createReply']);
    expect(sent.map((e) => ('key' in e ? e.key : e.kind === 'updateAnnotation' ? e.baseVersion : null))).toEqual(['key-1', 4, 'key-2']);
    expect(queue.state.pending).toEqual([]);
    expect(storage.getItem(storageKey('u1'))).toBeNull();
  });

  it('keeps the queue in storage per user, so a reload sends it', async () => {
    const storage = new MemoryStorage();
    const before = new EditQueue({ storage, userId: 'u1', newId: ids(), send: async () => ({ type: 'offline' }) });
    before.add(reply('written offline', 'key-9'));
    await before.flush();
    expect(before.state.pending).toHaveLength(1);

    const other = new EditQueue({ storage, userId: 'u2', newId: ids(), send: async () => ({ type: 'offline' }) });
    expect(other.state.pending).toEqual([]);

    const sent: Edit[] = [];
    const after = new EditQueue({ storage, userId: 'u1', newId: ids(), send: async (e) => (sent.push(e), { type: 'sent', record: {} }) });
    expect(after.state.pending).toHaveLength(1);
    await after.flush();
    expect(sent).toEqual([reply('written offline', 'key-9')]);
  });

  it('stops at the first edit that cannot get through, so none overtakes another', async () => {
    let online = false;
    const sent: string[] = [];
    const queue = new EditQueue({
      storage: new MemoryStorage(),
      userId: 'u1',
      newId: ids(),
      send: async (edit) => {
        if (!online) return { type: 'offline' };
        sent.push((edit as { body: string }).body);
        return { type: 'sent', record: {} };
      },
    });
    queue.add(reply('a', 'k1'));
    queue.add(reply('b', 'k2'));
    await queue.flush();
    expect(queue.state.pending.map((q) => (q.edit as { body: string }).body)).toEqual(['a', 'b']);
    online = true;
    await queue.flush();
    expect(sent).toEqual(['a', 'b']);
  });

  it('holds a conflict on replay for the person to settle, instead of overwriting, and goes on with the rest', async () => {
    const current = { id: 'ann', body: 'Their words', tags: [], kind: 'comment', version: 7 };
    const outcomes: Outcome[] = [{ type: 'conflict', current }, { type: 'sent', record: {} }];
    const queue = new EditQueue({ storage: new MemoryStorage(), userId: 'u1', newId: ids(), send: async () => outcomes.shift()! });
    queue.add(note('My words', 5));
    queue.add(reply('later', 'k'));
    await queue.flush();
    expect(queue.state.pending).toEqual([]);
    expect(queue.state.conflicts).toHaveLength(1);
    expect(queue.state.conflicts[0]!.current).toEqual(current);
    expect(queue.state.conflicts[0]!.edit).toMatchObject({ draft: { body: 'My words' }, baseVersion: 5 });
    const view = articleQueue(queue.state, 'art');
    expect(view.byAnnotation.get('ann')?.conflict?.id).toBe(queue.state.conflicts[0]!.id);
    queue.resolveConflict(queue.state.conflicts[0]!.id);
    expect(queue.state.conflicts).toEqual([]);
  });

  it('keeps what the server refused, with its reason, until dismissed', async () => {
    const queue = new EditQueue({ storage: new MemoryStorage(), userId: 'u1', newId: ids(), send: async () => ({ type: 'refused', message: 'The annotation was deleted.' }) });
    queue.add(reply('to a deleted note', 'k'));
    await queue.flush();
    expect(queue.state.refused.map((r) => r.message)).toEqual(['The annotation was deleted.']);
    queue.dismissRefused(queue.state.refused[0]!.id);
    expect(queue.state.refused).toEqual([]);
  });

  it('folds a second edit of the same record into the first, keeping the first base version', () => {
    let state = enqueue(emptyQueue, { id: 'a', edit: note('one', 3), queuedAt: 't' });
    state = enqueue(state, { id: 'b', edit: reply('r', 'k'), queuedAt: 't' });
    state = enqueue(state, { id: 'c', edit: note('two', 3), queuedAt: 't' });
    expect(state.pending.map((q) => q.id)).toEqual(['a', 'b']);
    expect(state.pending[0]!.edit).toMatchObject({ draft: { body: 'two' }, baseVersion: 3 });
  });

  it('reads a damaged or foreign stored queue as empty', () => {
    expect(parseStored('not json')).toEqual(emptyQueue);
    expect(parseStored(JSON.stringify({ v: 99, pending: [1] }))).toEqual(emptyQueue);
    expect(waitingText(1)).toBe('1 edit waiting to be sent');
    expect(waitingText(2)).toBe('2 edits waiting to be sent');
  });
});

describe('the outbox', () => {
  const never = () => 0 as unknown;

  it('sends directly when the server answers, and queues when it does not', async () => {
    let reachable = true;
    const performed: Edit[] = [];
    const outbox = new Outbox({
      userId: 'u1',
      storage: new MemoryStorage(),
      newId: ids(),
      schedule: never,
      cancel: () => {},
      perform: async (edit) => {
        if (!reachable) throw new ApiError(0, 'network', 'Could not reach the server.');
        performed.push(edit);
        return { id: 'r1' };
      },
      send: async () => ({ type: 'offline' }),
    });
    expect(await outbox.submit(reply('online', 'k1'))).toEqual({ id: 'r1' });
    reachable = false;
    expect(await outbox.submit(reply('offline', 'k2'))).toBe(QUEUED);
    expect(outbox.reachable).toBe(false);
    // Behind a waiting edit, a new one waits too (it must not overtake).
    reachable = true;
    expect(await outbox.submit(reply('after', 'k3'))).toBe(QUEUED);
    expect(outbox.queue.state.pending.map((q) => (q.edit as { key: string }).key)).toEqual(['k2', 'k3']);
    expect(performed).toHaveLength(1);
  });

  it('lets a conflict on a direct save through, for the editor to show', async () => {
    const outbox = new Outbox({
      userId: 'u1',
      storage: new MemoryStorage(),
      newId: ids(),
      schedule: never,
      perform: async () => {
        throw new StaleError('changed', { version: 9 });
      },
    });
    await expect(outbox.submit(note('mine', 1))).rejects.toBeInstanceOf(StaleError);
    expect(outbox.queue.state.pending).toEqual([]);
  });

  it('sends what waits once the server is reachable again, and tells the page what it made', async () => {
    let up = false;
    const made: unknown[] = [];
    const outbox = new Outbox({
      userId: 'u1',
      storage: new MemoryStorage(),
      newId: ids(),
      schedule: never,
      perform: async () => {
        throw new ApiError(0, 'network', 'x');
      },
      send: async (edit) => (up ? { type: 'sent', record: { body: (edit as { body: string }).body } } : { type: 'offline' }),
    });
    outbox.onSent((_edit, record) => made.push(record));
    await outbox.submit(reply('queued', 'k'));
    up = true;
    outbox.setReachable(true);
    await outbox.flush();
    expect(made).toEqual([{ body: 'queued' }]);
    expect(outbox.queue.state.pending).toEqual([]);
  });
});

describe('the offline queue, flushed when empty', () => {
  it('still sends what is added after a flush that had nothing to send', async () => {
    const sent: Edit[] = [];
    const queue = new EditQueue({ storage: new MemoryStorage(), userId: 'u1', newId: ids(), send: async (e) => (sent.push(e), { type: 'sent', record: {} }) });
    await queue.flush();
    queue.add(reply('later', 'k'));
    await queue.flush();
    expect(sent).toHaveLength(1);
    expect(queue.state.pending).toEqual([]);
  });
});
