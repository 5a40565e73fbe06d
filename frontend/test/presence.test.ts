import { describe, expect, it } from 'vitest';
import { LiveConnection } from '../src/live/connection';
import { PresenceReporter } from '../src/live/presence';
import { parseFrame, type PresenceMember } from '../src/live/protocol';
import { activityText, initials, presenceView, shortName, toneOf, typingText } from '../src/state/presence';

const ME = 'u-me';
const ELI = { id: 'u-eli', name: 'Eli Editor' };
const ADA = { id: 'u-ada', name: 'Ada Admin' };

function member(id: string, user: { id: string; name: string }, focus: string | null = null, typing: string | null = null): PresenceMember {
  return { id, user, focus, typing };
}

describe('presence snapshot to view', () => {
  it('groups connections by person, so two tabs show once, and keeps what each tab has open', () => {
    const view = presenceView(
      [member('i/1', ELI, 'annotation:a'), member('i/2', ELI, 'annotation:b', 'annotation:b'), member('j/3', ADA)],
      ME,
    );
    expect(view.others.map((p) => p.name)).toEqual(['Ada Admin', 'Eli Editor']);
    const eli = view.others.find((p) => p.id === ELI.id)!;
    expect(eli.connections).toBe(2);
    expect(eli.focus).toEqual(['annotation:a', 'annotation:b']);
    expect(eli.typing).toEqual(['annotation:b']);
    expect(view.self).toBeNull();
  });

  it('tells this user apart and never lists them among the others or in hints', () => {
    const view = presenceView([member('i/1', { id: ME, name: 'Cleo Checker' }, 'annotation:a', 'annotation:a'), member('i/2', ELI, 'annotation:a')], ME);
    expect(view.self?.self).toBe(true);
    expect(view.others.map((p) => p.id)).toEqual([ELI.id]);
    expect(view.typingIn('annotation:a')).toEqual([]);
    expect(view.focusOn('annotation:a').map((p) => p.name)).toEqual(['Eli Editor']);
  });

  it('answers who types in which target', () => {
    const view = presenceView([member('1', ELI, null, 'reply:x'), member('2', ADA, null, 'annotation:y')], ME);
    expect(view.typingIn('reply:x').map((p) => p.name)).toEqual(['Eli Editor']);
    expect(view.typingIn('annotation:y').map((p) => p.name)).toEqual(['Ada Admin']);
    expect(view.typingIn('annotation:x')).toEqual([]);
  });

  it('words the hints as people read them', () => {
    const view = presenceView([member('1', ELI, null, 't:1'), member('2', ADA, null, 't:1'), member('3', { id: 'u-3', name: 'Bo' }, null, 't:1')], ME);
    expect(typingText([])).toBeNull();
    expect(typingText(view.others.slice(0, 1))).toBe('Ada is typing…');
    expect(typingText(view.others.slice(0, 2))).toBe('Ada and Bo are typing…');
    expect(typingText(view.others)).toBe('3 people are typing…');
    const eli = view.others.find((p) => p.id === ELI.id)!;
    expect(activityText(eli, () => 'the note')).toBe('typing in the note');
    expect(activityText({ ...eli, typing: [], focus: ['annotation:a'] }, () => '“87 percent”')).toBe('has “87 percent” open');
    expect(activityText({ ...eli, typing: [], focus: [] }, () => null)).toBe('reading');
  });

  it('makes initials, short names and a stable tone', () => {
    expect(initials('Eli Editor')).toBe('EE');
    expect(initials('  madonna ')).toBe('MA');
    expect(initials('Jean-Luc de la Tour')).toBe('JT');
    expect(initials('')).toBe('?');
    expect(shortName('Eli Editor')).toBe('Eli');
    expect(toneOf('u-eli')).toBe(toneOf('u-eli'));
    expect(toneOf('u-eli')).toBeGreaterThanOrEqual(0);
    expect(toneOf('u-eli')).toBeLessThan(6);
  });

  it('reads presence frames, dropping targets the protocol does not know', () => {
    const [message] = parseFrame(
      JSON.stringify({
        type: 'presence',
        room: 'article:a',
        members: [
          { id: 'i/1', user: { id: 'u', name: 'U' }, focus: 'annotation:0a1b', typing: '<script>' },
          { id: 'bad' },
        ],
      }),
    );
    expect(message).toEqual({ type: 'presence', room: 'article:a', members: [{ id: 'i/1', user: { id: 'u', name: 'U' }, focus: 'annotation:0a1b', typing: null }] });
  });
});

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    schedule: (fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    cancel: (id: unknown) => {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > until) break;
        timers.shift();
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}

describe('presence reporter', () => {
  it('says "typing" once while keys come, and stops after 3 idle seconds', () => {
    const time = fakeTime();
    const sent: unknown[] = [];
    const reporter = new PresenceReporter({ send: (s) => sent.push(s), ...time });
    for (let i = 0; i < 50; i++) {
      reporter.typed('annotation:a');
      time.advance(100);
    }
    expect(sent).toEqual([{ focus: null, typing: 'annotation:a' }]);
    // The last key was 100 ms ago.
    time.advance(2800);
    expect(sent).toHaveLength(1);
    time.advance(200);
    expect(sent.at(-1)).toEqual({ focus: null, typing: null });
  });

  it('stops typing at once on save or cancel, only for the editor that says so', () => {
    const time = fakeTime();
    const sent: unknown[] = [];
    const reporter = new PresenceReporter({ send: (s) => sent.push(s), ...time });
    reporter.typed('reply:r');
    reporter.stoppedTyping('annotation:other');
    expect(reporter.current().typing).toBe('reply:r');
    time.advance(1000);
    reporter.stoppedTyping('reply:r');
    expect(sent.at(-1)).toEqual({ focus: null, typing: null });
  });

  it('coalesces quick changes into one message and never sends faster than its interval', () => {
    const time = fakeTime();
    const sent: Array<{ focus: string | null }> = [];
    const reporter = new PresenceReporter({ send: (s) => sent.push(s), minIntervalMs: 400, ...time });
    reporter.focus('annotation:1');
    reporter.focus('annotation:2');
    reporter.focus('annotation:3');
    reporter.focus('annotation:4');
    expect(sent.map((s) => s.focus)).toEqual(['annotation:1']);
    time.advance(400);
    expect(sent.map((s) => s.focus)).toEqual(['annotation:1', 'annotation:4']);
    // Back where it was before the send: nothing new to say.
    reporter.focus('annotation:1');
    reporter.focus('annotation:4');
    time.advance(1000);
    expect(sent).toHaveLength(2);
  });

  it('clears focus and typing when the page leaves, then stays silent', () => {
    const time = fakeTime();
    const sent: unknown[] = [];
    const reporter = new PresenceReporter({ send: (s) => sent.push(s), ...time });
    reporter.focus('claim:c');
    reporter.typed('claim:c');
    reporter.dispose();
    expect(sent.at(-1)).toEqual({ focus: null, typing: null });
    const count = sent.length;
    reporter.focus('claim:c');
    time.advance(5000);
    expect(sent).toHaveLength(count);
  });
});

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('presence over the live connection', () => {
  it('sends presence only once subscribed, says it again after a reconnect, and forgets who was here while down', () => {
    const sockets: FakeSocket[] = [];
    const time = fakeTime();
    const live = new LiveConnection({
      url: 'ws://x/api/live',
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      random: () => 0,
      schedule: time.schedule,
      cancel: time.cancel,
    });
    const seen: PresenceMember[][] = [];
    live.subscribe('article:a', 3, { onEvent() {} });
    live.watchPresence('article:a', (m) => seen.push(m));
    sockets[0]!.open();
    live.setPresence('article:a', { focus: 'annotation:1', typing: null });
    const presenceSent = (s: FakeSocket) => s.sent.map((m) => JSON.parse(m)).filter((m) => m.type === 'presence');
    expect(presenceSent(sockets[0]!)).toEqual([]);
    sockets[0]!.receive({ type: 'subscribed', room: 'article:a', seq: 3 });
    expect(presenceSent(sockets[0]!)).toEqual([{ type: 'presence', room: 'article:a', focus: 'annotation:1', typing: null }]);
    sockets[0]!.receive({ type: 'presence', room: 'article:a', members: [{ id: 'i/1', user: ELI, focus: null, typing: null }] });
    expect(seen.at(-1)).toHaveLength(1);

    sockets[0]!.close();
    expect(seen.at(-1)).toEqual([]);
    time.advance(1000);
    sockets[1]!.open();
    sockets[1]!.receive({ type: 'subscribed', room: 'article:a', seq: 3 });
    expect(presenceSent(sockets[1]!)).toEqual([{ type: 'presence', room: 'article:a', focus: 'annotation:1', typing: null }]);
    live.close();
  });
});
