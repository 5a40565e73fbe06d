// Who is in a room, from the server's presence snapshots (one per change,
// every connection on every instance): grouped by person, so someone with
// two tabs shows once; with what each has open and types in, looked up by
// target ("annotation:<id>") for the cards and editors that show it.
import type { PresenceMember } from '../live/protocol';

export interface Person {
  id: string;
  name: string;
  initials: string;
  /** One of AVATAR_TONES, the same for a person everywhere. */
  tone: number;
  self: boolean;
  /** How many connections (tabs) the person has in the room. */
  connections: number;
  /** What their connections have open, and type in (targets, no duplicates). */
  focus: string[];
  typing: string[];
}

export interface PresenceView {
  /** Everyone else here, by name. */
  others: Person[];
  /** This user, when here (perhaps in another tab too). */
  self: Person | null;
  /** Other people with target open. */
  focusOn(target: string): Person[];
  /** Other people typing in target. */
  typingIn(target: string): Person[];
}

export const AVATAR_TONES = 6;

/** "Eli Editor" -> "EE"; "madonna" -> "MA"; at most two letters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const letter = (word: string) => [...word][0] ?? '';
  if (words.length === 1) return [...words[0]!].slice(0, 2).join('').toUpperCase();
  return (letter(words[0]!) + letter(words[words.length - 1]!)).toUpperCase();
}

/** The name a hint uses: the first word ("Eli is typing…"). */
export function shortName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

/** A stable colour for a person, from their id. */
export function toneOf(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash % AVATAR_TONES;
}

function add(list: string[], target: string | null): void {
  if (target !== null && !list.includes(target)) list.push(target);
}

export function presenceView(members: readonly PresenceMember[], selfUserId: string): PresenceView {
  const byUser = new Map<string, Person>();
  for (const member of members) {
    let person = byUser.get(member.user.id);
    if (!person) {
      person = {
        id: member.user.id,
        name: member.user.name,
        initials: initials(member.user.name),
        tone: toneOf(member.user.id),
        self: member.user.id === selfUserId,
        connections: 0,
        focus: [],
        typing: [],
      };
      byUser.set(member.user.id, person);
    }
    person.connections++;
    add(person.focus, member.focus);
    add(person.typing, member.typing);
  }
  const people = [...byUser.values()];
  const others = people.filter((p) => !p.self).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    others,
    self: byUser.get(selfUserId) ?? null,
    focusOn: (target) => others.filter((p) => p.focus.includes(target)),
    typingIn: (target) => others.filter((p) => p.typing.includes(target)),
  };
}

export const emptyPresence: PresenceView = presenceView([], '');

/** "Eli is typing…", "Eli and Ada are typing…", "3 people are typing…"; null for nobody. */
export function typingText(people: readonly Person[]): string | null {
  if (people.length === 0) return null;
  if (people.length === 1) return `${shortName(people[0]!.name)} is typing…`;
  if (people.length === 2) return `${shortName(people[0]!.name)} and ${shortName(people[1]!.name)} are typing…`;
  return `${people.length} people are typing…`;
}

/** What a person is doing, in a few words, for the list of who is here. */
export function activityText(person: Person, describe: (target: string) => string | null): string {
  const typing = person.typing.map(describe).find((d) => d !== null);
  if (typing) return `typing in ${typing}`;
  const open = person.focus.map(describe).find((d) => d !== null);
  return open ? `has ${open} open` : 'reading';
}
