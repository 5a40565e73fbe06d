const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A calm timestamp: the time alone for today, date and time otherwise. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) {
    return iso;
  }
  return when.toDateString() === now.toDateString() ? `today, ${time.format(when)}` : dateTime.format(when);
}

export function formatFull(iso: string): string {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : dateTime.format(when);
}

const roleNames = { viewer: 'Viewer', checker: 'Checker', editor: 'Editor', admin: 'Admin' } as const;

export function roleName(role: keyof typeof roleNames): string {
  return roleNames[role] ?? role;
}

/** "1 annotation", "3 annotations". */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date ("2024-05-01") as people read it, without a time zone shifting it a day. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const when = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(when.getTime()) ? date : dateOnly.format(when);
}

/** Today as a calendar date for a date input (local time). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A URL that may become a link's href: http(s) only. Anything else a person
 * typed (javascript:, data:, …) is shown as text, never made clickable.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The host of a URL, for a compact mention ("example.org"), or the text itself. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '') || url;
  } catch {
    return url;
  }
}
