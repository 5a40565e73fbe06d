// The desk's settings (admins): the organisation that signs its published
// fact-checks, and the rating scale its verdicts choose from. One form, saved
// with the version it was based on; a save that lost a race shows what the
// other admin saved instead of overwriting it.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Rating, StaleError, type WorkspaceSettings } from '../api/client';
import { workspaceRoom } from '../live/protocol';
import { Link } from '../router';
import { useApp } from '../session';
import {
  addRow,
  type FieldErrors,
  formField,
  isDirty,
  LABEL_MAX,
  moveRow,
  normaliseHex,
  removeRow,
  SCALE_MAX,
  scaleReading,
  type ScaleRow,
  type SettingsDraft,
  setOnScale,
  toDraft,
  toRequest,
  updateRow,
  validateDraft,
} from '../state/settings';
import { Alert, Button, Card, Field, Input, Notice } from '../ui/components';
import { roleName } from '../ui/format';
import { AppHeader } from './AppHeader';
import { NotFound } from './NotFound';

/** What to focus after the rows change: an action in a row, or the Add button. */
type FocusTarget = { key: string; action: 'label' | 'up' | 'down' | 'remove' } | { key: null; action: 'add' };

/** Keeps the rows' keys (and so focus) when the server answers with the same list. */
function rekey(next: SettingsDraft, previous: SettingsDraft | null): SettingsDraft {
  if (!previous || previous.ratingScale.length !== next.ratingScale.length) return next;
  return { ...next, ratingScale: next.ratingScale.map((row, i) => ({ ...row, key: previous.ratingScale[i]!.key })) };
}

export function SettingsPage({ slug }: { slug: string }) {
  const { session } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  useEffect(() => {
    if (workspace) document.title = `Settings · ${workspace.name} · Factdesk`;
  }, [workspace?.name]);
  if (!workspace) {
    return <NotFound message="You are not a member of this workspace." />;
  }
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page settings" id="main" tabIndex={-1}>
        <div class="page__head">
          <h1 class="page__title">Settings</h1>
          <p class="page__lede">Who publishes {workspace.name}’s fact-checks, and the ratings its verdicts use.</p>
        </div>
        {workspace.role === 'admin' ? (
          <SettingsForm slug={slug} deskName={workspace.name} />
        ) : (
          <Card class="empty settings__refused" data-testid="settings-refused">
            <h2 class="card__title">Only admins can change these settings</h2>
            <p class="card__lede">
              You are {/^[aeiou]/i.test(roleName(workspace.role)) ? 'an' : 'a'} {roleName(workspace.role).toLowerCase()} on {workspace.name}. If the organisation or the rating
              scale needs to change, ask one of the desk’s admins.
            </p>
            <p>
              <Link href={`/w/${slug}`}>Back to the articles</Link>
            </p>
          </Card>
        )}
      </main>
    </>
  );
}

function SettingsForm({ slug, deskName }: { slug: string; deskName: string }) {
  const { live, session } = useApp();
  const [saved, setSaved] = useState<WorkspaceSettings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<{ field: string | undefined; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'info'; text: string } | null>(null);
  const [conflict, setConflict] = useState<WorkspaceSettings | null>(null);
  const [incoming, setIncoming] = useState<{ settings: WorkspaceSettings; by: string } | null>(null);
  const [focus, setFocus] = useState<FocusTarget | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const dirty = !!(saved && draft && isDirty(draft, saved));
  // The live listener reads the latest state through this.
  const latest = useRef({ saved, draft, dirty });
  latest.current = { saved, draft, dirty };

  const adopt = (settings: WorkspaceSettings) => {
    setSaved(settings);
    setDraft((previous) => rekey(toDraft(settings), previous));
    setAttempted(false);
    setServerError(null);
    setConflict(null);
    setIncoming(null);
  };

  useEffect(() => {
    let current = true;
    const load = () =>
      api.getSettings(slug).then(
        (settings) => {
          if (!current) return;
          const { saved: had, dirty: editing } = latest.current;
          if (!had || !editing) adopt(settings);
          else if (settings.version > had.version) setIncoming({ settings, by: 'Another admin' });
        },
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the settings.'),
      );
    void load();
    const room = workspaceRoom(slug);
    let first = true;
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        // A save between the first fetch and the subscription is not missed.
        if (first) {
          first = false;
          void load();
        }
      },
      onEvent(event) {
        if (event.type !== 'workspace.settings_updated') return;
        const settings = event.payload as unknown as WorkspaceSettings;
        if (!settings || !Array.isArray(settings.ratingScale) || typeof settings.version !== 'number') return;
        const { saved: had, draft: mine, dirty: editing } = latest.current;
        if (had && settings.version <= had.version) return;
        const by = event.actor?.id === session.user.id ? 'You (in another tab)' : event.actor?.name ?? 'Another admin';
        // Nothing of mine to lose, or it is exactly what I have (my own save, echoed): take it.
        if (!editing || (mine && !isDirty(mine, settings))) {
          adopt(settings);
          if (editing === false && had) setNotice({ tone: 'info', text: `${by} changed the settings just now; this page shows them.` });
        } else {
          setIncoming({ settings, by });
        }
      },
      onReload() {
        void load().then(() => live.resubscribe(room, undefined));
      },
    });
    return () => {
      current = false;
      leave();
    };
  }, [slug, live]);

  // Warn before leaving the page with edits that were not saved.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // After rows move, appear or go, focus stays with what the person was using.
  useEffect(() => {
    if (!focus) return;
    const form = formRef.current;
    const selector = focus.key === null ? '[data-action="add"]' : `[data-row="${focus.key}"] [data-action="${focus.action}"]`;
    form?.querySelector<HTMLElement>(selector)?.focus();
    setFocus(null);
  }, [focus]);

  if (loadError) return <Alert>{loadError}</Alert>;
  if (!saved || !draft) return <p class="muted" aria-live="polite">Loading the settings…</p>;

  const errors: FieldErrors = attempted ? validateDraft(draft) : {};
  if (serverError?.field && !errors[serverError.field]) errors[serverError.field] = serverError.message;
  const generalError = serverError && !serverError.field ? serverError.message : serverError?.field && !knownField(serverError.field, draft) ? serverError.message : null;

  const edit = (next: SettingsDraft) => {
    setDraft(next);
    setServerError(null);
    setNotice(null);
  };
  const rows = draft.ratingScale;
  const setRows = (next: ScaleRow[]) => edit({ ...draft, ratingScale: next });

  async function save(event?: Event, base: WorkspaceSettings | null = saved) {
    event?.preventDefault();
    if (!draft || !base) return;
    setAttempted(true);
    setNotice(null);
    if (Object.keys(validateDraft(draft)).length > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setServerError(null);
    try {
      const result = await api.updateSettings(slug, toRequest(draft, base.version));
      adopt(result);
      setNotice({ tone: 'ok', text: 'Settings saved.' });
    } catch (error) {
      if (error instanceof StaleError) {
        setConflict(error.current as WorkspaceSettings);
        setIncoming(null);
      } else if (error instanceof ApiError) {
        const field = formField(error.field);
        setServerError({ field, message: error.message });
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      } else {
        setServerError({ field: undefined, message: 'The settings could not be saved. Please try again.' });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="settings__grid" ref={formRef} onSubmit={(e) => void save(e)} noValidate aria-label="Workspace settings">
      <div class="settings__main stack">
        {incoming && !conflict && (
          <div class="notice notice--warn settings__incoming" role="status" data-testid="settings-incoming">
            <p>
              {incoming.by} saved new settings while you were editing. Your changes are not saved; saving them now would meet a conflict.
            </p>
            <div class="form-actions">
              <Button size="small" onClick={() => adopt(incoming.settings)}>
                Load their settings
              </Button>
              <Button size="small" variant="ghost" onClick={() => setIncoming(null)}>
                Keep editing
              </Button>
            </div>
          </div>
        )}
        {conflict && (
          <SettingsConflict
            theirs={conflict}
            busy={busy}
            onTheirs={() => {
              adopt(conflict);
              setNotice({ tone: 'info', text: 'Loaded the settings as they are now. Your edits were set aside.' });
            }}
            onMine={() => {
              setSaved(conflict);
              setConflict(null);
              void save(undefined, conflict);
            }}
          />
        )}
        <Card aria-labelledby="organisation-heading">
          <h2 id="organisation-heading" class="card__title">
            Organisation
          </h2>
          <p class="card__lede">Every published fact-check (its schema.org ClaimReview) names this organisation as its author.</p>
          <div class="form-row">
            <Field label="Name" hint="As readers and search engines should see it. Published fact-checks need it." error={errors['organisation.name'] ?? null}>
              {(id, describedBy) => (
                <Input
                  id={id}
                  name="organisation.name"
                  maxLength={200}
                  value={draft.organisation.name}
                  aria-describedby={describedBy}
                  aria-invalid={errors['organisation.name'] ? true : undefined}
                  onInput={(e) => edit({ ...draft, organisation: { ...draft.organisation, name: e.currentTarget.value } })}
                />
              )}
            </Field>
            <Field label="Website" hint="Its home page, starting with https://" error={errors['organisation.url'] ?? null}>
              {(id, describedBy) => (
                <Input
                  id={id}
                  name="organisation.url"
                  type="url"
                  inputMode="url"
                  maxLength={2000}
                  placeholder="https://"
                  value={draft.organisation.url}
                  aria-describedby={describedBy}
                  aria-invalid={errors['organisation.url'] ? true : undefined}
                  onInput={(e) => edit({ ...draft, organisation: { ...draft.organisation, url: e.currentTarget.value } })}
                />
              )}
            </Field>
          </div>
          {!draft.organisation.name.trim() && (
            <p class="settings__missing" data-testid="organisation-missing">
              No name yet: until it has one, published fact-checks name the desk, {deskName}, as their author (ClaimReview).
            </p>
          )}
        </Card>

        <Card class="scale-card" aria-labelledby="scale-heading">
          <h2 id="scale-heading" class="card__title">
            Rating scale
          </h2>
          <p class="card__lede">
            Ratings on the scale have a value: higher is truer, and published fact-checks give it with the scale’s best and worst. Labels outside the scale (Misleading,
            Satire) have none. The list’s order is the order editors choose from.
          </p>
          <div class="scale-head" aria-hidden="true">
            <span />
            <span>Label</span>
            <span>Value</span>
            <span>Colour</span>
            <span>On scale</span>
            <span class="scale-head__actions">Order</span>
          </div>
          <ol class="scale-rows" data-testid="scale-rows">
            {rows.map((row, i) => (
              <ScaleRowEditor
                key={row.key}
                row={row}
                index={i}
                count={rows.length}
                errors={errors}
                onChange={(patch) => setRows(updateRow(rows, i, patch))}
                onScale={(on) => setRows(setOnScale(rows, i, on))}
                onMove={(delta, action) => {
                  if (i + delta < 0 || i + delta >= rows.length) return;
                  setRows(moveRow(rows, i, delta));
                  setFocus({ key: row.key, action });
                }}
                onRemove={() => {
                  const next = rows[i + 1] ?? rows[i - 1];
                  setRows(removeRow(rows, i));
                  setFocus(next ? { key: next.key, action: 'remove' } : { key: null, action: 'add' });
                }}
              />
            ))}
          </ol>
          {errors.ratingScale && (
            <p class="field__error" id="scale-error" role="alert">
              {errors.ratingScale}
            </p>
          )}
          <div class="scale-add">
            <Button
              size="small"
              data-action="add"
              disabled={rows.length >= SCALE_MAX}
              onClick={() => {
                const next = addRow(rows);
                setRows(next);
                setFocus({ key: next.at(-1)!.key, action: 'label' });
              }}
            >
              + Add rating
            </Button>
            <span class="field__hint">
              {rows.length} of at most {SCALE_MAX}. Alt+↑ and Alt+↓ move the rating you are in.
            </span>
          </div>
        </Card>

        {generalError && <Alert>{generalError}</Alert>}
        {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
        <div class="settings__actions">
          <Button type="submit" variant="primary" disabled={busy || !dirty} data-testid="save-settings">
            {busy ? 'Saving…' : 'Save settings'}
          </Button>
          {dirty && (
            <Button variant="ghost" disabled={busy} onClick={() => adopt(saved)}>
              Discard changes
            </Button>
          )}
          <span class="settings__version muted">
            {dirty ? 'Unsaved changes · ' : ''}Version {saved.version}
          </span>
        </div>
      </div>

      <aside class="settings__side" aria-label="Preview">
        <Card class="scale-preview-card">
          <h2 class="card__title">Preview</h2>
          <p class="card__lede">How the scale reads, truest first.</p>
          <ScalePreview ratings={rows} />
        </Card>
        <div class="notice notice--info settings__note">
          Changing the scale never rewrites published verdicts: each keeps the rating, value and colour it was published with. Verdicts not yet published choose from
          the scale as saved here.
        </div>
      </aside>
    </form>
  );
}

/** Whether the form shows an error for field next to it (else it is shown under the form). */
function knownField(field: string, draft: SettingsDraft): boolean {
  if (field === 'organisation.name' || field === 'organisation.url' || field === 'ratingScale') return true;
  const m = /^ratingScale\[(\d+)\]\.(label|value|colour)$/.exec(field);
  return !!m && Number(m[1]) < draft.ratingScale.length;
}

interface RowProps {
  row: ScaleRow;
  index: number;
  count: number;
  errors: FieldErrors;
  onChange(patch: Partial<Rating>): void;
  onScale(on: boolean): void;
  onMove(delta: -1 | 1, action: 'up' | 'down'): void;
  onRemove(): void;
}

function ScaleRowEditor({ row, index, count, errors, onChange, onScale, onMove, onRemove }: RowProps) {
  const base = useId();
  const field = (name: string) => `ratingScale[${index}].${name}`;
  const [hex, setHex] = useState(row.colour);
  useEffect(() => setHex(row.colour), [row.colour]);
  const name = row.label.trim() || `rating ${index + 1}`;
  const first = index === 0;
  const last = index === count - 1;
  const labelError = errors[field('label')];
  const valueError = errors[field('value')];
  const colourError = errors[field('colour')];
  const rowErrors = [labelError, valueError, colourError].filter(Boolean);
  return (
    <li class={rowErrors.length ? 'scale-row scale-row--invalid' : 'scale-row'} data-row={row.key} data-testid="scale-row">
      <fieldset
        class="scale-row__fields"
        onKeyDown={(e) => {
          if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
            e.preventDefault();
            if (e.key === 'ArrowUp') onMove(-1, 'up');
            else onMove(1, 'down');
          }
        }}
      >
        <legend class="visually-hidden">
          Rating {index + 1} of {count}
        </legend>
        <span class="scale-row__pos" aria-hidden="true">
          {index + 1}
        </span>
        <div class="scale-row__cell scale-row__cell--label">
          <label class="scale-row__name" for={`${base}-label`}>
            Label
          </label>
          <Input
            id={`${base}-label`}
            data-action="label"
            value={row.label}
            maxLength={LABEL_MAX}
            autoComplete="off"
            aria-invalid={labelError ? true : undefined}
            aria-describedby={labelError ? `${base}-label-error` : undefined}
            onInput={(e) => onChange({ label: e.currentTarget.value })}
          />
        </div>
        <div class="scale-row__cell scale-row__cell--value">
          {row.onScale ? (
            <>
              <label class="scale-row__name" for={`${base}-value`}>
                Value
              </label>
              <Input
                id={`${base}-value`}
                type="number"
                step={1}
                inputMode="numeric"
                value={row.value === null ? '' : String(row.value)}
                aria-invalid={valueError ? true : undefined}
                aria-describedby={valueError ? `${base}-value-error` : undefined}
                onInput={(e) => {
                  const raw = e.currentTarget.value;
                  const n = raw === '' ? NaN : Number(raw);
                  onChange({ value: Number.isFinite(n) ? Math.trunc(n) : null });
                }}
              />
            </>
          ) : (
            <>
              <span class="scale-row__name" aria-hidden="true">
                Value
              </span>
              <span class="scale-row__none">none</span>
            </>
          )}
        </div>
        <div class="scale-row__cell scale-row__cell--colour">
          <label class="scale-row__name" for={`${base}-colour`}>
            Colour
          </label>
          <div class="colour-input">
            <input
              id={`${base}-colour`}
              class="colour-input__swatch"
              type="color"
              value={row.colour}
              onInput={(e) => onChange({ colour: e.currentTarget.value.toLowerCase() })}
            />
            <Input
              class="colour-input__hex"
              aria-label={`Colour of ${name}, as hex`}
              value={hex}
              maxLength={7}
              spellcheck={false}
              autoComplete="off"
              aria-invalid={colourError ? true : undefined}
              aria-describedby={colourError ? `${base}-colour-error` : undefined}
              onInput={(e) => {
                const value = e.currentTarget.value;
                setHex(value);
                onChange({ colour: normaliseHex(value) ?? value });
              }}
              onBlur={() => {
                const normal = normaliseHex(hex);
                if (normal) setHex(normal);
              }}
            />
          </div>
        </div>
        <div class="scale-row__cell scale-row__cell--scale">
          <label class="switch">
            <input type="checkbox" role="switch" class="switch__input" checked={row.onScale} onChange={(e) => onScale(e.currentTarget.checked)} />
            <span class="switch__track" aria-hidden="true" />
            <span class="switch__text">On the scale</span>
          </label>
        </div>
        <div class="scale-row__actions" role="group" aria-label={`Order of ${name}`}>
          <Button
            size="small"
            variant="ghost"
            class="icon-button"
            data-action="up"
            aria-label={`Move ${name} up`}
            aria-keyshortcuts="Alt+ArrowUp"
            aria-disabled={first ? 'true' : undefined}
            title="Move up (Alt+↑)"
            onClick={() => onMove(-1, 'up')}
          >
            <Arrow up />
          </Button>
          <Button
            size="small"
            variant="ghost"
            class="icon-button"
            data-action="down"
            aria-label={`Move ${name} down`}
            aria-keyshortcuts="Alt+ArrowDown"
            aria-disabled={last ? 'true' : undefined}
            title="Move down (Alt+↓)"
            onClick={() => onMove(1, 'down')}
          >
            <Arrow />
          </Button>
          <Button size="small" variant="ghost" class="icon-button scale-row__remove" data-action="remove" aria-label={`Remove ${name}`} title="Remove" onClick={onRemove}>
            <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
            </svg>
          </Button>
        </div>
      </fieldset>
      {rowErrors.length > 0 && (
        <div class="scale-row__errors">
          {labelError && (
            <p class="field__error" id={`${base}-label-error`}>
              Label: {labelError}
            </p>
          )}
          {valueError && (
            <p class="field__error" id={`${base}-value-error`}>
              Value: {valueError}
            </p>
          )}
          {colourError && (
            <p class="field__error" id={`${base}-colour-error`}>
              Colour: {colourError}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

function Arrow({ up }: { up?: boolean }) {
  return (
    <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={up ? 'M8 13V3m0 0L4 7m4-4 4 4' : 'M8 3v10m0 0-4-4m4 4 4-4'} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

/** A rating as a badge: a swatch of its colour (as on the verdict screens), its label, its value when on the scale. */
function ScaleBadge({ rating }: { rating: Pick<Rating, 'label' | 'value' | 'colour' | 'onScale'> }) {
  const colour = /^#[0-9a-fA-F]{6}$/.test(rating.colour) ? rating.colour : '#e4e1d8';
  return (
    <span class="scale-badge">
      <svg class="scale-badge__swatch" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        <rect x="0.5" y="0.5" width="11" height="11" rx="2.5" fill={colour} stroke="rgba(28, 36, 48, 0.2)" />
      </svg>
      <span class="scale-badge__label">{rating.label.trim() || <em>no label</em>}</span>
      {rating.onScale && rating.value !== null && <span class="scale-badge__value">{rating.value}</span>}
    </span>
  );
}

export function ScalePreview({ ratings }: { ratings: readonly Rating[] }) {
  const { onScale, outside } = scaleReading(ratings);
  return (
    <div class="scale-preview" data-testid="scale-preview">
      <h3 class="scale-preview__title">On the scale</h3>
      {onScale.length ? (
        <ol class="scale-preview__list">
          {onScale.map((r, i) => (
            <li key={`${i}-${r.label}`}>
              <ScaleBadge rating={r} />
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">None yet.</p>
      )}
      {outside.length > 0 && (
        <>
          <h3 class="scale-preview__title">Outside the scale</h3>
          <ul class="scale-preview__list">
            {outside.map((r, i) => (
              <li key={`${i}-${r.label}`}>
                <ScaleBadge rating={r} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SettingsConflict({ theirs, busy, onTheirs, onMine }: { theirs: WorkspaceSettings; busy: boolean; onTheirs(): void; onMine(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="conflict" role="group" aria-labelledby={titleId} tabIndex={-1} ref={ref} data-testid="settings-conflict">
      <p class="conflict__title" id={titleId}>
        Another admin saved the settings (version {theirs.version}) while you were editing.
      </p>
      <p class="conflict__lede">Nothing was overwritten. This is what is saved now; load it, or save yours over it.</p>
      <div class="conflict__side">
        <div class="conflict__field">
          <div class="conflict__label">Organisation</div>
          <div class="conflict__value">
            {theirs.organisation.name || <em class="conflict__none">no name</em>}
            {theirs.organisation.url ? ` · ${theirs.organisation.url}` : ''}
          </div>
        </div>
        <div class="conflict__field">
          <div class="conflict__label">Rating scale</div>
          <ScalePreview ratings={theirs.ratingScale} />
        </div>
      </div>
      <div class="form-actions">
        <Button onClick={onTheirs} disabled={busy}>
          Load their settings
        </Button>
        <Button variant="primary" onClick={onMine} disabled={busy}>
          {busy ? 'Saving…' : 'Save mine over theirs'}
        </Button>
      </div>
    </div>
  );
}
