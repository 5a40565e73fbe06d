// An edit made offline that lost a race when it was sent: shown where the
// record is, as any conflict is (theirs beside mine), until the person chooses.
import type { HeldConflict, UpdateEdit } from '../offline/queue';
import { useApp } from '../session';
import { conflictOf, type Draft } from '../state/conflict';
import { Alert } from './components';
import { type ConflictField, ConflictView, useVersionedSave } from './ConflictView';

export function ReplayConflict<D extends Draft, T>({
  held,
  fields,
  onSaved,
}: {
  held: HeldConflict;
  fields: ConflictField<D>[];
  /** The record as it now stands, whichever version was kept. */
  onSaved(record: T): void;
}) {
  const { outbox } = useApp();
  const settled = () => outbox.queue.resolveConflict(held.id);
  const saver = useVersionedSave<D, T>(
    (draft, version) => outbox.submit<T>({ ...held.edit, draft, baseVersion: version } as UpdateEdit),
    (record) => {
      settled();
      onSaved(record);
    },
    settled,
  );
  const conflict = saver.conflict ?? { ...conflictOf(held.edit.draft as D, held.current), current: held.current as T };
  return (
    <>
      <ConflictView
        conflict={conflict}
        busy={saver.busy}
        fields={fields}
        note="You made your edit while offline; it was sent when the connection came back."
        onTheirs={() => {
          settled();
          onSaved(conflict.current);
        }}
        onMine={() => saver.save(conflict.mine, conflict.currentVersion)}
      />
      {saver.error && <Alert>{saver.error}</Alert>}
    </>
  );
}
