// Search results carry plain `snippet` text and the list of words in it that
// matched. The client marks those words itself, as text nodes and <mark>
// elements: server text never reaches innerHTML.

export interface Segment {
  text: string;
  match: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Splits snippet into runs of plain and matched text. A match is a whole
 * word (letters and digits in any script), compared without regard to case;
 * longer words win over their prefixes.
 */
export function splitMatches(snippet: string, matches: readonly string[]): Segment[] {
  const words = [...new Set(matches.map((m) => m.trim()).filter((m) => m !== ''))].sort((a, b) => b.length - a.length);
  if (snippet === '') return [];
  if (words.length === 0) return [{ text: snippet, match: false }];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const segments: Segment[] = [];
  let last = 0;
  for (const found of snippet.matchAll(pattern)) {
    const start = found.index;
    if (found[0] === '') continue;
    if (start > last) segments.push({ text: snippet.slice(last, start), match: false });
    segments.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < snippet.length) segments.push({ text: snippet.slice(last), match: false });
  return segments;
}
