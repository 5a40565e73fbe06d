// Edits made offline that the server refused when they were sent (the note
// was deleted meanwhile, say): listed with their text, so nothing the person
// wrote vanishes unseen; they dismiss each once they have what they need.
import { describeEdit, type Refused } from '../offline/queue';
import { useApp } from '../session';
import { Button } from './components';

export function RefusedEdits({ refused }: { refused: readonly Refused[] }) {
  const { outbox } = useApp();
  if (refused.length === 0) return null;
  return (
    <section class="refused" role="alert" aria-label="Edits that could not be sent" data-testid="refused-edits">
      <p class="refused__title">{refused.length === 1 ? 'An edit made offline could not be sent.' : `${refused.length} edits made offline could not be sent.`}</p>
      <ul class="refused__list">
        {refused.map((r) => (
          <li key={r.id} class="refused__item">
            <p class="refused__what">{describeEdit(r.edit)}</p>
            <p class="refused__why">{r.message}</p>
            <Button size="small" variant="ghost" onClick={() => outbox.queue.dismissRefused(r.id)}>
              Dismiss
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
