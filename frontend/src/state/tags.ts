// Tags on annotations: what counts as one, and which known tags to offer
// while one is being typed.
import type { TagCount } from '../api/client';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

/** A tag as stored: trimmed, inner spaces collapsed, no leading '#', at most 50 characters. */
export function normalizeTag(raw: string): string {
  return [...raw.trim().replace(/^#+/, '').replace(/\s+/g, ' ')].slice(0, MAX_TAG_LENGTH).join('').trim();
}

function key(tag: string): string {
  return tag.toLocaleLowerCase();
}

/** chosen with raw added (unless empty, already there in any case, or one too many). */
export function addTag(chosen: readonly string[], raw: string): string[] {
  const tag = normalizeTag(raw);
  if (tag === '' || chosen.length >= MAX_TAGS || chosen.some((t) => key(t) === key(tag))) return chosen.slice();
  return [...chosen, tag];
}

/**
 * The known tags to offer for what is typed: those starting with it first,
 * then those containing it, most used first within each; never one already
 * chosen. The server filters by prefix too, but an answer to an older,
 * shorter prefix may arrive late, so the list is filtered here as well.
 */
export function suggestTags(known: readonly TagCount[], typed: string, chosen: readonly string[], limit = 8): TagCount[] {
  const query = key(normalizeTag(typed));
  const taken = new Set(chosen.map(key));
  const seen = new Set<string>();
  const prefix: TagCount[] = [];
  const inside: TagCount[] = [];
  for (const entry of known) {
    const k = key(entry.tag);
    if (taken.has(k) || seen.has(k)) continue;
    seen.add(k);
    if (k.startsWith(query)) prefix.push(entry);
    else if (query !== '' && k.includes(query)) inside.push(entry);
  }
  const order = (a: TagCount, b: TagCount) => b.count - a.count || a.tag.localeCompare(b.tag);
  return [...prefix.sort(order), ...inside.sort(order)].slice(0, limit);
}
