// What the client remembers per room: the sequence number of the last event
// it applied. Reconnecting resubscribes "after" it, so nothing is missed, and
// an event at or below it is a duplicate, so nothing is applied twice.
import type { Event } from '../api/client';
import type { PresenceMember, ServerMessage } from './protocol';

export type RoomSeqs = Readonly<Record<string, number>>;

export type Delivery =
  | { kind: 'subscribed'; room: string; seq: number }
  | { kind: 'event'; room: string; event: Event }
  | { kind: 'reload'; room: string; reason: string }
  | { kind: 'presence'; room: string; members: PresenceMember[] }
  | { kind: 'error'; room?: string; code: string; message: string };

export interface Received {
  seqs: RoomSeqs;
  /** What to hand to the room's listener; null when the message changes nothing. */
  delivery: Delivery | null;
}

/** Applies one server message to the per-room sequence numbers. */
export function receive(seqs: RoomSeqs, message: ServerMessage): Received {
  switch (message.type) {
    case 'subscribed': {
      // Subscribing without "after" starts from the room's current sequence;
      // with "after", what we already hold stays the reference.
      const next = seqs[message.room] === undefined ? { ...seqs, [message.room]: message.seq } : seqs;
      return { seqs: next, delivery: { kind: 'subscribed', room: message.room, seq: message.seq } };
    }
    case 'event': {
      const last = seqs[message.room];
      if (last !== undefined && message.event.seq <= last) {
        return { seqs, delivery: null };
      }
      return {
        seqs: { ...seqs, [message.room]: message.event.seq },
        delivery: { kind: 'event', room: message.room, event: message.event },
      };
    }
    case 'reload': {
      // The listener refetches and resubscribes with the seq it then has.
      const { [message.room]: _dropped, ...rest } = seqs;
      return { seqs: rest, delivery: { kind: 'reload', room: message.room, reason: message.reason } };
    }
    case 'presence':
      // Not an event: no sequence number, and never stored.
      return { seqs, delivery: { kind: 'presence', room: message.room, members: message.members } };
    case 'error':
      return {
        seqs,
        delivery: {
          kind: 'error',
          code: message.code,
          message: message.message,
          ...(message.room !== undefined ? { room: message.room } : {}),
        },
      };
  }
}

/** Sets a room's sequence number, e.g. from a freshly fetched state. */
export function setSeq(seqs: RoomSeqs, room: string, seq: number | undefined): RoomSeqs {
  const { [room]: _dropped, ...rest } = seqs;
  return seq === undefined ? rest : { ...rest, [room]: seq };
}
