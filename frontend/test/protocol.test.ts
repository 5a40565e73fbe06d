import { describe, expect, it, vi } from 'vitest';
import { parseFrame } from '../src/live/protocol';

const event = (seq: number) => ({
  seq,
  type: 'annotation.created',
  workspace: 'demo',
  articleId: '6f1e0a9c-0000-4000-8000-000000000001',
  actor: { id: 'u', name: 'Ada' },
  payload: { id: `a${seq}` },
  createdAt: '2025-01-01T00:00:00Z',
});

describe('parseFrame', () => {
  it('reads a frame with one message', () => {
    expect(parseFrame('{"type":"subscribed","room":"article:x","seq":4}')).toEqual([
      { type: 'subscribed', room: 'article:x', seq: 4 },
    ]);
  });

  it('splits a frame that carries several messages, one per line', () => {
    const frame = [
      JSON.stringify({ type: 'event', room: 'article:x', event: event(5) }),
      JSON.stringify({ type: 'event', room: 'article:x', event: event(6) }),
      JSON.stringify({ type: 'reload', room: 'workspace:demo', reason: 'too far behind' }),
      '',
    ].join('\n');
    const messages = parseFrame(frame);
    expect(messages.map((m) => m.type)).toEqual(['event', 'event', 'reload']);
    expect(messages[1]).toMatchObject({ type: 'event', event: { seq: 6 } });
    expect(messages[2]).toEqual({ type: 'reload', room: 'workspace:demo', reason: 'too far behind' });
  });

  it('keeps the good lines when one is broken or unknown', () => {
    const onInvalid = vi.fn();
    const frame = ['not json', '{"type":"mystery"}', '{"type":"error","code":"forbidden","message":"No.","room":"article:y"}', '{"type":"event","room":"r"}'].join('\n');
    expect(parseFrame(frame, onInvalid)).toEqual([{ type: 'error', code: 'forbidden', message: 'No.', room: 'article:y' }]);
    expect(onInvalid).toHaveBeenCalledTimes(3);
  });

  it('tolerates CRLF and blank lines', () => {
    expect(parseFrame('\r\n{"type":"subscribed","room":"a","seq":1}\r\n\r\n')).toHaveLength(1);
  });
});
