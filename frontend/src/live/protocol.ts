// The live protocol over GET /api/live (see README): JSON text messages.
// The server may put several messages in one frame, one per line.
import type { Event } from '../api/client';

export type ServerMessage =
  | { type: 'subscribed'; room: string; seq: number }
  | { type: 'event'; room: string; event: Event }
  | { type: 'reload'; room: string; reason: string }
  | { type: 'presence'; room: string; members: PresenceMember[] }
  | { type: 'error'; code: string; message: string; room?: string };

/**
 * What one connection has open (focus) and is typing in (typing): a target
 * like "annotation:<id>" (see presenceTarget), or null.
 */
export interface PresenceState {
  focus: string | null;
  typing: string | null;
}

/** One connection in an article or claim room (the same person may have several). */
export interface PresenceMember extends PresenceState {
  /** The connection's id (instance/connection). */
  id: string;
  user: { id: string; name: string };
}

export type ClientMessage =
  | { type: 'subscribe'; room: string; after?: number }
  | { type: 'unsubscribe'; room: string }
  | ({ type: 'presence'; room: string } & PresenceState);

/** The kinds of thing presence may point at; the server refuses any other. */
export type PresenceKind = 'annotation' | 'claim' | 'verdict' | 'reply' | 'evidence' | 'new-annotation';

/** A presence target: "annotation:<id>". */
export function presenceTarget(kind: PresenceKind, id: string): string {
  return `${kind}:${id}`;
}

const TARGET = /^(annotation|claim|verdict|reply|evidence|new-annotation):[0-9a-f-]{1,36}$/;

function target(value: unknown): string | null {
  return typeof value === 'string' && TARGET.test(value) ? value : null;
}

function toMember(value: unknown): PresenceMember | null {
  if (!isObject(value) || typeof value.id !== 'string' || !isObject(value.user)) return null;
  const { id, name } = value.user;
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return { id: value.id, user: { id, name }, focus: target(value.focus), typing: target(value.typing) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one decoded message; returns null for anything not in the protocol. */
export function toServerMessage(value: unknown): ServerMessage | null {
  if (!isObject(value) || typeof value.type !== 'string') {
    return null;
  }
  switch (value.type) {
    case 'subscribed':
      return typeof value.room === 'string' && typeof value.seq === 'number'
        ? { type: 'subscribed', room: value.room, seq: value.seq }
        : null;
    case 'event': {
      const event = value.event;
      return typeof value.room === 'string' && isObject(event) && typeof event.seq === 'number' && typeof event.type === 'string'
        ? { type: 'event', room: value.room, event: event as unknown as Event }
        : null;
    }
    case 'reload':
      return typeof value.room === 'string'
        ? { type: 'reload', room: value.room, reason: typeof value.reason === 'string' ? value.reason : '' }
        : null;
    case 'presence':
      return typeof value.room === 'string' && Array.isArray(value.members)
        ? { type: 'presence', room: value.room, members: value.members.map(toMember).filter((m): m is PresenceMember => m !== null) }
        : null;
    case 'error':
      return {
        type: 'error',
        code: typeof value.code === 'string' ? value.code : 'unknown',
        message: typeof value.message === 'string' ? value.message : '',
        ...(typeof value.room === 'string' ? { room: value.room } : {}),
      };
    default:
      return null;
  }
}

/**
 * Splits one websocket frame into its messages. Lines that are blank, not
 * JSON or not a known message are skipped (and reported through onInvalid):
 * one bad line must not cost the others.
 */
export function parseFrame(frame: string, onInvalid: (line: string) => void = () => {}): ServerMessage[] {
  const messages: ServerMessage[] = [];
  for (const line of frame.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(line);
    } catch {
      onInvalid(line);
      continue;
    }
    const message = toServerMessage(decoded);
    if (message) {
      messages.push(message);
    } else {
      onInvalid(line);
    }
  }
  return messages;
}

export function articleRoom(articleId: string): string {
  return `article:${articleId}`;
}

export function workspaceRoom(slug: string): string {
  return `workspace:${slug}`;
}
