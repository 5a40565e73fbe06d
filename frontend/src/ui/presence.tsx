// Presence on screen: who else is in this article or claim (a list of
// avatars with names), who has a card open, and who is typing where (a hint
// on that card or editor, never a lock).
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { PresenceReporter } from '../live/presence';
import type { PresenceMember } from '../live/protocol';
import { useApp } from '../session';
import { activityText, emptyPresence, type Person, type PresenceView, presenceView, typingText } from '../state/presence';

export interface RoomPresence {
  view: PresenceView;
  reporter: PresenceReporter | null;
}

const PresenceContext = createContext<RoomPresence>({ view: emptyPresence, reporter: null });

/**
 * Joins room's presence: what the others do there (kept current) and the
 * reporter for what this tab does. The page must be subscribed to room.
 */
export function useRoomPresence(room: string | null): RoomPresence {
  const { live, session } = useApp();
  const [members, setMembers] = useState<PresenceMember[]>([]);
  const [reporter, setReporter] = useState<PresenceReporter | null>(null);
  useEffect(() => {
    if (!room) return;
    const stop = live.watchPresence(room, setMembers);
    const made = live.presence(room);
    setReporter(made);
    return () => {
      stop();
      made.dispose();
      setReporter(null);
      setMembers([]);
    };
  }, [live, room]);
  const view = useMemo(() => presenceView(members, session.user.id), [members, session.user.id]);
  return useMemo(() => ({ view, reporter }), [view, reporter]);
}

export function PresenceProvider({ value, children }: { value: RoomPresence; children: ComponentChildren }) {
  return <PresenceContext.Provider value={value}>{children}</PresenceContext.Provider>;
}

export function usePresence(): RoomPresence {
  return useContext(PresenceContext);
}

/**
 * For an editor of target: a function to call on each input (it says
 * "typing" at most once per change, and "stopped" after a few idle seconds),
 * and "stopped" when the editor goes (saved or cancelled).
 */
export function useTypingIn(target: string | null): () => void {
  const { reporter } = usePresence();
  useEffect(() => {
    if (!reporter || !target) return;
    return () => reporter.stoppedTyping(target);
  }, [reporter, target]);
  return () => {
    if (reporter && target) reporter.typed(target);
  };
}

export function Avatar({ person, small }: { person: Person; small?: boolean }) {
  return (
    <span class={`avatar avatar--tone-${person.tone}${small ? ' avatar--small' : ''}`} aria-hidden="true">
      {person.initials}
    </span>
  );
}

/** Everyone else in the room, with what each has open; "Only you" when alone. */
export function PresenceList({ view, describe }: { view: PresenceView; describe(target: string): string | null }) {
  const { others } = view;
  return (
    <section class="presence" aria-labelledby="presence-title" data-testid="presence">
      <h2 id="presence-title" class="presence__title">
        Here now
      </h2>
      {others.length === 0 ? (
        <p class="presence__alone">Only you</p>
      ) : (
        <ul class="presence__list" aria-label="Also here">
          {others.map((person) => {
            const activity = activityText(person, describe);
            const typing = activity.startsWith('typing');
            return (
              <li key={person.id} class={`presence__person${typing ? ' presence__person--typing' : ''}`} data-testid="presence-person" title={`${person.name}: ${activity}`}>
                <Avatar person={person} />
                <span class="presence__text">
                  <span class="presence__name">{person.name}</span>
                  <span class="presence__activity">{activity}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The small avatars of the others who have target open (on a card's head). */
export function OpenBy({ target }: { target: string }) {
  const { view } = usePresence();
  const people = view.focusOn(target);
  if (people.length === 0) return null;
  const names = people.map((p) => p.name).join(', ');
  return (
    <span class="open-by" data-testid="open-by" title={`Open for ${names}`}>
      {people.slice(0, 3).map((p) => (
        <Avatar key={p.id} person={p} small />
      ))}
      {people.length > 3 && <span class="open-by__more" aria-hidden="true">+{people.length - 3}</span>}
      <span class="visually-hidden">Open for {names}</span>
    </span>
  );
}

/** "Eli is typing…" for the others typing in any of targets; nothing when no one is. */
export function TypingHint({ targets, what }: { targets: readonly string[]; what?: string }) {
  const { view } = usePresence();
  const people = useMemo(() => {
    const seen = new Map<string, Person>();
    for (const target of targets) for (const p of view.typingIn(target)) seen.set(p.id, p);
    return [...seen.values()];
  }, [view, targets.join(' ')]);
  const text = typingText(people);
  if (!text) return null;
  return (
    <p class="typing-hint" data-testid="typing-hint">
      <span class="typing-hint__dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {what ? text.replace(/…$/, ` ${what}…`) : text}
    </p>
  );
}
