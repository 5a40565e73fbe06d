// An edit that lost a race: the server answered 412 with the record as it
// is now. Nothing is overwritten silently: the person sees their version
// beside the other one and chooses. These are the pure parts of that.

/** The fields of an edit form: what the person typed. */
export type Draft = Record<string, unknown>;

export interface Conflict<D extends Draft> {
  /** What the person tried to save. */
  mine: D;
  /** The same fields as they are on the server now. */
  theirs: D;
  /** The version on the server now: an overwrite is based on it. */
  currentVersion: number;
  /** Who made the other version, and when, if the record says. */
  by: string | null;
  at: string | null;
  /** The fields where the two differ (the ones to show side by side). */
  differing: Array<keyof D & string>;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  // A field the server left empty and one the form left blank are the same.
  return (a ?? '') === (b ?? '');
}

/** The fields of record named in draft, as a draft of the same shape. */
export function pick<D extends Draft>(record: Record<string, unknown>, draft: D): D {
  const out: Draft = {};
  for (const key of Object.keys(draft)) {
    const value = record[key];
    out[key] = Array.isArray(value) ? value.slice() : (value ?? (typeof draft[key] === 'string' ? '' : null));
  }
  return out as D;
}

/** Builds the conflict from what was sent and the record the server returned with its 412. */
export function conflictOf<D extends Draft>(mine: D, current: Record<string, unknown>): Conflict<D> {
  const theirs = pick(current, mine);
  // Only a record that names its last editor says who; the author may not be them.
  const updatedBy = current.updatedBy;
  return {
    mine,
    theirs,
    currentVersion: typeof current.version === 'number' ? current.version : 0,
    by: updatedBy && typeof updatedBy === 'object' && typeof (updatedBy as { name?: unknown }).name === 'string' ? (updatedBy as { name: string }).name : null,
    at: typeof current.updatedAt === 'string' ? current.updatedAt : null,
    differing: (Object.keys(mine) as Array<keyof D & string>).filter((key) => !same(mine[key], theirs[key])),
  };
}

/** "Use theirs": the form shows the current record; the person may edit again from it. */
export function takeTheirs<D extends Draft>(conflict: Conflict<D>): { draft: D; version: number } {
  return { draft: { ...conflict.theirs }, version: conflict.currentVersion };
}

/** "Overwrite with mine": the same edit again, now based on the current version. */
export function overwriteWithMine<D extends Draft>(conflict: Conflict<D>): D & { version: number } {
  return { ...conflict.mine, version: conflict.currentVersion };
}

/** When the two versions agree on every field, there is nothing to choose: the edit already stands. */
export function isMootConflict<D extends Draft>(conflict: Conflict<D>): boolean {
  return conflict.differing.length === 0;
}
