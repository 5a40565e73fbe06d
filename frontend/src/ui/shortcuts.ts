// Single-key shortcuts (A annotate, C make claim, / search) act only when
// the person is not typing somewhere and no modifier is held.
import { useEffect, useRef } from 'preact/hooks';

export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Whether a keydown is the plain key (any case), outside text fields, without modifiers, with no dialog open. */
export function isShortcut(event: KeyboardEvent, key: string): boolean {
  return (
    event.key.toLowerCase() === key &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !isTyping(event.target) &&
    !document.querySelector('dialog[open]')
  );
}

/** Calls handler on the plain key while enabled; the handler returns false to let the key through. */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => boolean | void, enabled = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !isShortcut(event, key)) return;
      if (latest.current(event) !== false) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key, enabled]);
}
