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
