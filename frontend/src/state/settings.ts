// The workspace settings form: the organisation and the rating scale as the
// admin edits them, and the same checks the server makes, so that every
// mistake is named at once, next to its field, before anything is sent.
import type { Organisation, Rating, WorkspaceSettings, WorkspaceSettingsRequest } from '../api/client';

/** One rating as edited: `key` keeps its row (and focus) while rows move; `lastValue` is restored when it goes back on the scale. */
export interface ScaleRow extends Rating {
  key: string;
  lastValue: number | null;
}

export interface SettingsDraft {
  organisation: Organisation;
  ratingScale: ScaleRow[];
}

/** Field names as the API uses them: "organisation.url", "ratingScale[2].value", "ratingScale". */
export type FieldErrors = Record<string, string>;

export const LABEL_MAX = 60;
export const SCALE_MAX = 30;

let nextKey = 0;
export function newRowKey(): string {
  nextKey += 1;
  return `rating-${nextKey}`;
}

export function toDraft(settings: Pick<WorkspaceSettings, 'organisation' | 'ratingScale'>, key: () => string = newRowKey): SettingsDraft {
  return {
    organisation: { name: settings.organisation.name, url: settings.organisation.url },
    ratingScale: settings.ratingScale.map((r) => ({ ...r, key: key(), lastValue: r.value })),
  };
}

/** What PUT sends: labels and URL trimmed, no value off the scale, no editor bookkeeping. */
export function toRequest(draft: SettingsDraft, version: number): WorkspaceSettingsRequest & { version: number } {
  return {
    organisation: { name: draft.organisation.name.trim(), url: draft.organisation.url.trim() },
    ratingScale: draft.ratingScale.map((r) => ({
      label: r.label.trim(),
      value: r.onScale ? r.value : null,
      colour: r.colour.toLowerCase(),
      onScale: r.onScale,
    })),
    version,
  };
}

/** Whether the draft says anything the saved settings do not. */
export function isDirty(draft: SettingsDraft, saved: Pick<WorkspaceSettings, 'organisation' | 'ratingScale'>): boolean {
  const a = toRequest(draft, 1);
  const b = toRequest(toDraft(saved, () => ''), 1);
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** Moves row index by delta (-1 up, +1 down); out of range changes nothing. */
export function moveRow<T>(rows: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length || delta === 0) return rows.slice();
  const next = rows.slice();
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row!);
  return next;
}

export function removeRow<T>(rows: readonly T[], index: number): T[] {
  return rows.filter((_, i) => i !== index);
}

/** The smallest value from 1 up that no rating on the scale has yet. */
export function freeValue(rows: readonly Rating[]): number {
  const used = new Set(rows.filter((r) => r.onScale && r.value !== null).map((r) => r.value));
  let value = 1;
  while (used.has(value)) value += 1;
  return value;
}

/** Muted colours for new ratings, the first one not in use yet. */
const palette = ['#6e7781', '#0969da', '#8250df', '#bf3989', '#1b7c83', '#9a6700', '#57606a'];

export function freeColour(rows: readonly Rating[]): string {
  const used = new Set(rows.map((r) => r.colour.toLowerCase()));
  return palette.find((c) => !used.has(c)) ?? palette[0]!;
}

/** A new rating at the end, outside the scale until the admin says otherwise. */
export function addRow(rows: readonly ScaleRow[], key: string = newRowKey()): ScaleRow[] {
  return [...rows, { key, label: '', value: null, lastValue: null, colour: freeColour(rows), onScale: false }];
}

/** Puts a rating on the scale (with its old value, or a free one) or takes it off (keeping the value to restore). */
export function setOnScale(rows: readonly ScaleRow[], index: number, onScale: boolean): ScaleRow[] {
  return rows.map((row, i) => {
    if (i !== index || row.onScale === onScale) return row;
    if (!onScale) return { ...row, onScale, lastValue: row.value, value: null };
    const others = rows.filter((_, j) => j !== index);
    const wanted = row.value ?? row.lastValue;
    const taken = wanted !== null && others.some((r) => r.onScale && r.value === wanted);
    return { ...row, onScale, value: wanted !== null && !taken ? wanted : freeValue(others) };
  });
}

export function updateRow(rows: readonly ScaleRow[], index: number, patch: Partial<Rating>): ScaleRow[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch, ...(patch.value !== undefined ? { lastValue: patch.value } : {}) } : row));
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

/** "1a7f37", "#1A7F37", "#1a7" → "#1a7f37"; anything else → null. */
export function normaliseHex(input: string): string | null {
  let hex = input.trim().replace(/^#/, '');
  if (/^[0-9a-fA-F]{3}$/.test(hex)) hex = [...hex].map((c) => c + c).join('');
  return /^[0-9a-fA-F]{6}$/.test(hex) ? `#${hex.toLowerCase()}` : null;
}

/**
 * The server's rules (factcheck.RatingScale.Validate, and the organisation's
 * limits), every broken one at once. Empty means the draft may be sent.
 */
export function validateDraft(draft: SettingsDraft): FieldErrors {
  const errors: FieldErrors = {};
  const name = draft.organisation.name.trim();
  const url = draft.organisation.url.trim();
  if (name.length > 200) errors['organisation.name'] = 'The name can have at most 200 characters.';
  if (url) {
    let ok = false;
    try {
      const parsed = new URL(url);
      ok = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) errors['organisation.url'] = 'Give the full address, starting with https://';
    else if (url.length > 2000) errors['organisation.url'] = 'The address can have at most 2000 characters.';
  }
  const labels = new Set<string>();
  const values = new Set<number>();
  let onScale = 0;
  draft.ratingScale.forEach((row, i) => {
    const field = `ratingScale[${i}]`;
    const label = row.label.trim();
    if (!label) errors[`${field}.label`] = 'Give the rating a label.';
    else if (label.length > LABEL_MAX) errors[`${field}.label`] = `At most ${LABEL_MAX} characters.`;
    else if (labels.has(label.toLowerCase())) errors[`${field}.label`] = `“${label}” is already on the list.`;
    labels.add(label.toLowerCase());
    if (!isHexColour(row.colour)) errors[`${field}.colour`] = 'A colour like #1a7f37.';
    if (row.onScale) {
      if (row.value === null || !Number.isInteger(row.value)) errors[`${field}.value`] = 'A rating on the scale needs a whole number.';
      else if (values.has(row.value)) errors[`${field}.value`] = `Another rating on the scale has ${row.value}.`;
      else values.add(row.value);
      onScale += 1;
    }
  });
  if (draft.ratingScale.length > SCALE_MAX) errors.ratingScale = `A scale can have at most ${SCALE_MAX} ratings.`;
  else if (onScale < 2) errors.ratingScale = 'Put at least two ratings on the scale.';
  return errors;
}

/**
 * The server's name for a field in its 422 answers, as the form names it:
 * the domain says "ratings[2].value", the API "ratingScale[2].value".
 */
export function formField(serverField: string | undefined): string | undefined {
  if (!serverField) return undefined;
  return serverField.replace(/^(ratings|scale|ratingScale)(?=\[|$)/, 'ratingScale');
}

/** The on-scale ratings truest first, then those outside the scale in list order: how the scale reads. */
export function scaleReading<T extends Rating>(rows: readonly T[]): { onScale: T[]; outside: T[] } {
  const onScale = rows.filter((r) => r.onScale).slice();
  onScale.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  return { onScale, outside: rows.filter((r) => !r.onScale) };
}
