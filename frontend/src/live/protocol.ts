// The live protocol over GET /api/live (see README): JSON text messages.
// The server may put several messages in one frame, one per line.
import type { Event } from '../api/client';

export type ServerMessage =
  | { type: 'subscribed'; room: string; seq: number }
  | { type: 'event'; room: string; event: Event }
  | { type: 'reload'; room: string; reason: string }
  | { type: 'error'; code: string; message: string; room?: string };

export type ClientMessage =
  | { type: 'subscribe'; room: string; after?: number }
  | { type: 'unsubscribe'; room: string };

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
