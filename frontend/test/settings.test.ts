import { describe, expect, it } from 'vitest';
import type { WorkspaceSettings } from '../src/api/client';
import {
  addRow,
  formField,
  freeValue,
  isDirty,
  moveRow,
  normaliseHex,
  removeRow,
  scaleReading,
  setOnScale,
  toDraft,
  toRequest,
  updateRow,
  validateDraft,
} from '../src/state/settings';

const settings: WorkspaceSettings = {
  organisation: { name: 'Demo Fact Check', url: 'https://factcheck.example.org' },
  ratingScale: [
    { label: 'True', value: 3, colour: '#1a7f37', onScale: true },
    { label: 'Half true', value: 2, colour: '#b08800', onScale: true },
    { label: 'False', value: 1, colour: '#c4312b', onScale: true },
    { label: 'Satire', value: null, colour: '#0969da', onScale: false },
  ],
  version: 4,
};

let n = 0;
const key = () => `k${++n}`;
const labels = (rows: { label: string }[]) => rows.map((r) => r.label);

describe('reordering the scale', () => {
  const rows = toDraft(settings, key).ratingScale;

  it('moves a rating up and down', () => {
    expect(labels(moveRow(rows, 1, -1))).toEqual(['Half true', 'True', 'False', 'Satire']);
    expect(labels(moveRow(rows, 1, 1))).toEqual(['True', 'False', 'Half true', 'Satire']);
  });

  it('keeps the row (its key) with the rating that moved', () => {
    const moved = moveRow(rows, 2, -1);
    expect(moved[1]!.key).toBe(rows[2]!.key);
  });

  it('does nothing past either end, and never changes the list it was given', () => {
    expect(labels(moveRow(rows, 0, -1))).toEqual(labels(rows));
    expect(labels(moveRow(rows, 3, 1))).toEqual(labels(rows));
    expect(labels(moveRow(rows, 9, -1))).toEqual(labels(rows));
    moveRow(rows, 0, 1);
    expect(labels(rows)).toEqual(['True', 'Half true', 'False', 'Satire']);
  });

  it('removes one rating', () => {
    expect(labels(removeRow(rows, 1))).toEqual(['True', 'False', 'Satire']);
  });
});

describe('editing ratings', () => {
  it('adds a new rating outside the scale, in a colour not yet used', () => {
    const rows = addRow(toDraft(settings, key).ratingScale, 'new');
    const added = rows.at(-1)!;
    expect(added).toMatchObject({ key: 'new', label: '', value: null, onScale: false });
    expect(settings.ratingScale.map((r) => r.colour)).not.toContain(added.colour);
  });

  it('takes a rating off the scale and back with its value', () => {
    const rows = toDraft(settings, key).ratingScale;
    const off = setOnScale(rows, 1, false);
    expect(off[1]).toMatchObject({ onScale: false, value: null, lastValue: 2 });
    expect(toRequest({ organisation: settings.organisation, ratingScale: off }, 4).ratingScale[1]!.value).toBeNull();
    expect(setOnScale(off, 1, true)[1]).toMatchObject({ onScale: true, value: 2 });
  });

  it('gives a rating put on the scale a free value when its old one is taken', () => {
    const rows = toDraft(settings, key).ratingScale;
    expect(setOnScale(rows, 3, true)[3]).toMatchObject({ onScale: true, value: 4 });
    const taken = setOnScale(updateRow(setOnScale(rows, 1, false), 0, { value: 2 }), 1, true);
    expect(taken[1]!.value).toBe(3);
  });

  it('finds the smallest free value', () => {
    expect(freeValue([])).toBe(1);
    expect(freeValue(settings.ratingScale)).toBe(4);
    expect(freeValue([{ label: 'a', value: 2, colour: '#000000', onScale: true }])).toBe(1);
  });

  it('reads hex colours as people type them', () => {
    expect(normaliseHex('#1A7F37')).toBe('#1a7f37');
    expect(normaliseHex('1a7f37')).toBe('#1a7f37');
    expect(normaliseHex('#fa0')).toBe('#ffaa00');
    expect(normaliseHex('#12345')).toBeNull();
    expect(normaliseHex('green')).toBeNull();
  });
});

describe('the draft and the saved settings', () => {
  it('is not dirty as loaded, and is after an edit', () => {
    const draft = toDraft(settings, key);
    expect(isDirty(draft, settings)).toBe(false);
    expect(isDirty({ ...draft, ratingScale: moveRow(draft.ratingScale, 0, 1) }, settings)).toBe(true);
    expect(isDirty({ ...draft, organisation: { ...draft.organisation, name: 'Other' } }, settings)).toBe(true);
  });

  it('sends trimmed labels, lower-case colours, the version, and nothing of the editor', () => {
    const draft = toDraft(settings, key);
    const edited = { ...draft, ratingScale: updateRow(draft.ratingScale, 0, { label: '  True  ', colour: '#1A7F37' }) };
    const body = toRequest(edited, 4);
    expect(body.version).toBe(4);
    expect(body.ratingScale[0]).toEqual({ label: 'True', value: 3, colour: '#1a7f37', onScale: true });
    expect(Object.keys(body.ratingScale[0]!)).not.toContain('key');
  });

  it('orders the preview truest first, labels outside the scale after', () => {
    const { onScale, outside } = scaleReading([settings.ratingScale[2]!, settings.ratingScale[3]!, settings.ratingScale[0]!]);
    expect(labels(onScale)).toEqual(['True', 'False']);
    expect(labels(outside)).toEqual(['Satire']);
  });
});

describe('validateDraft', () => {
  const draft = () => toDraft(settings, key);

  it('accepts the settings as they are', () => {
    expect(validateDraft(draft())).toEqual({});
  });

  it('names every broken field, as the API names them', () => {
    const d = draft();
    d.ratingScale = updateRow(d.ratingScale, 1, { label: ' true ' });
    d.ratingScale = updateRow(d.ratingScale, 2, { value: 3 });
    d.ratingScale = updateRow(d.ratingScale, 3, { colour: 'blue' });
    d.ratingScale = addRow(d.ratingScale, 'x');
    d.organisation = { name: 'x', url: 'javascript:alert(1)' };
    expect(validateDraft(d)).toEqual({
      'ratingScale[1].label': expect.stringContaining('already'),
      'ratingScale[2].value': expect.stringContaining('3'),
      'ratingScale[3].colour': expect.any(String),
      'ratingScale[4].label': expect.any(String),
      'organisation.url': expect.any(String),
    });
  });

  it('wants a value on the scale, and two ratings on it', () => {
    const d = draft();
    d.ratingScale = updateRow(d.ratingScale, 0, { value: null });
    expect(validateDraft(d)['ratingScale[0].value']).toBeDefined();
    const lonely = { ...draft(), ratingScale: setOnScale(setOnScale(draft().ratingScale, 0, false), 1, false) };
    expect(validateDraft(lonely).ratingScale).toMatch(/two/);
  });

  it('lets the organisation be empty', () => {
    expect(validateDraft({ ...draft(), organisation: { name: '', url: '' } })).toEqual({});
  });
});

describe('formField', () => {
  it('reads the server’s field names as the form’s', () => {
    expect(formField('ratingScale[2].value')).toBe('ratingScale[2].value');
    expect(formField('ratings[2].value')).toBe('ratingScale[2].value');
    expect(formField('ratings')).toBe('ratingScale');
    expect(formField('organisation.url')).toBe('organisation.url');
    expect(formField(undefined)).toBeUndefined();
  });
});
