// Shown when an edit lost a race (412): the other person's version beside
// the one being saved, and the two honest ways on. Never a silent overwrite.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, StaleError } from '../api/client';
import { QUEUED, type Submitted } from '../offline/outbox';
import { conflictOf, isMootConflict } from '../state/conflict';
import type { Conflict, Draft } from '../state/conflict';
import { Button } from './components';
import { formatWhen } from './format';

export interface ConflictField<D extends Draft> {
  key: keyof D & string;
  label: string;
  render?(value: unknown): ComponentChildren;
}

function plain(value: unknown): ComponentChildren {
  if (Array.isArray(value)) return value.length ? value.join(', ') : <em class="conflict__none">none</em>;
  if (value === null || value === undefined || value === '') return <em class="conflict__none">empty</em>;
  return String(value);
}

export function ConflictView<D extends Draft>({
  conflict,
  fields,
  busy,
  onTheirs,
  onMine,
  note,
}: {
  conflict: Conflict<D>;
  fields: ConflictField<D>[];
  busy?: boolean;
  onTheirs(): void;
  onMine(): void;
  /** A line more about how it came about (e.g. an edit made offline). */
  note?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const shown = fields.filter((f) => conflict.differing.includes(f.key));
  return (
    <div class="conflict" role="group" aria-labelledby={titleId} tabIndex={-1} ref={ref} data-testid="conflict">
      <p class="conflict__title" id={titleId}>
        {conflict.by ? `Changed by ${conflict.by}` : 'Changed by someone else'}
        {conflict.at ? ` (${formatWhen(conflict.at)})` : ''} while you were editing.
      </p>
      <p class="conflict__lede">
        {note ? `${note} ` : ''}Nothing was overwritten. Compare, then choose which version to keep.
      </p>
      <div class="conflict__columns">
        {(['theirs', 'mine'] as const).map((side) => (
          <section key={side} class={`conflict__side conflict__side--${side}`} aria-label={side === 'theirs' ? 'Their version' : 'Your version'}>
            <h4 class="conflict__side-title">{side === 'theirs' ? 'Their version' : 'Yours'}</h4>
            {shown.map((field) => (
              <div key={field.key} class="conflict__field">
                <div class="conflict__label">{field.label}</div>
                <div class="conflict__value">{(field.render ?? plain)(conflict[side][field.key])}</div>
              </div>
            ))}
          </section>
        ))}
      </div>
      <div class="form-actions">
        <Button onClick={onTheirs} disabled={busy}>
          Use theirs
        </Button>
        <Button variant="primary" onClick={onMine} disabled={busy}>
          {busy ? 'Saving…' : 'Overwrite with mine'}
        </Button>
      </div>
    </div>
  );
}

/**
 * Saving an edit of a versioned record: on 412 it keeps the conflict for
 * ConflictView; "Use theirs" takes the record as it is now, "Overwrite with
 * mine" sends the same edit again based on the current version. When the
 * server is out of reach, send queues the edit (QUEUED) and onQueued runs:
 * the queue sends it later, still based on the same version.
 */
export function useVersionedSave<D extends Draft, T>(
  send: (draft: D, version: number) => Promise<Submitted<T>>,
  onSaved: (record: T) => void,
  onQueued?: () => void,
) {
  const [conflict, setConflict] = useState<(Conflict<D> & { current: T }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(draft: D, version: number): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      const saved = await send(draft, version);
      setConflict(null);
      if (saved === QUEUED) onQueued?.();
      else onSaved(saved);
      return true;
    } catch (failure) {
      if (failure instanceof StaleError) {
        const current = failure.current as Record<string, unknown>;
        const found = conflictOf(draft, current);
        if (isMootConflict(found)) {
          // The other edit made the same change: it stands, nothing to choose.
          setConflict(null);
          onSaved(current as T);
          return true;
        }
        setConflict({ ...found, current: current as T });
      } else {
        setError(failure instanceof ApiError ? failure.message : 'Saving failed. Please try again.');
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  return {
    conflict,
    error,
    busy,
    save,
    overwrite: () => (conflict ? save(conflict.mine, conflict.currentVersion) : Promise.resolve(false)),
    takeTheirs: () => {
      if (conflict) {
        setConflict(null);
        onSaved(conflict.current);
      }
    },
  };
}

/** Shown in an open editor when the record changed on the server since the edit began. */
export function ChangedMeanwhile({ changed }: { changed: boolean }) {
  if (!changed) return null;
  return (
    <p class="changed-meanwhile" role="status" data-testid="changed-meanwhile">
      Someone saved a newer version while you were editing. Saving shows both, to choose from.
    </p>
  );
}
