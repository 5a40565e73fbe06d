// Who checks the claim: shown to everyone; editors and admins choose a
// member (checkers, editors, admins) or unassign.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Claim, type Member, StaleError } from '../../api/client';
import { verdictApi } from '../../api/verdicts';
import { useApp } from '../../session';
import { Alert, Button, Select } from '../../ui/components';
import { roleName } from '../../ui/format';

const assignable = new Set(['checker', 'editor', 'admin']);

export function Assignment({ slug, claim, role, onAssigned }: { slug: string; claim: Claim; role: string; onAssigned(claim: Claim): void }) {
  const { session } = useApp();
  const mayAssign = role === 'editor' || role === 'admin';
  const [members, setMembers] = useState<Member[] | null>(null);
  const [choice, setChoice] = useState<string>(claim.assignee?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!mayAssign) return;
    let current = true;
    api.listMembers(slug).then(
      (list) => current && setMembers(list.filter((m) => assignable.has(m.role)).sort((a, b) => a.name.localeCompare(b.name))),
      (failure: unknown) => current && setError(failure instanceof ApiError ? failure.message : 'Could not load the members.'),
    );
    return () => {
      current = false;
    };
  }, [slug, mayAssign]);

  // Someone else assigned it: the choice follows.
  useEffect(() => setChoice(claim.assignee?.id ?? ''), [claim.assignee?.id]);

  async function assign() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onAssigned(await verdictApi.assign(claim.id, choice || null, claim.version));
    } catch (failure) {
      if (failure instanceof StaleError) {
        const current = failure.current as Claim;
        onAssigned(current);
        setError(`The claim changed meanwhile; it is ${current.assignee ? `assigned to ${current.assignee.name}` : 'not assigned'} now. Choose again if you still want to change it.`);
      } else {
        setError(failure instanceof ApiError ? failure.message : 'Assigning failed. Please try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  const assignee = claim.assignee;
  const unchanged = choice === (assignee?.id ?? '');
  return (
    <section class="assignment" aria-labelledby="assignment-heading" data-testid="assignment">
      <h2 id="assignment-heading" class="sidebar__title">
        Assignment
      </h2>
      <p class="assignment__who" data-testid="assignee">
        {assignee ? (
          <>
            Assigned to <strong>{assignee.id === session.user.id ? `${assignee.name} (you)` : assignee.name}</strong>
          </>
        ) : (
          <span class="muted">Not assigned</span>
        )}
      </p>
      {mayAssign && (
        <form
          class="assignment__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!unchanged) assign();
          }}
        >
          <label class="field__label" for="assignee-choice">
            Assign to
          </label>
          <div class="assignment__row">
            <Select id="assignee-choice" value={choice} disabled={!members} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="">Nobody (unassigned)</option>
              {(members ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} · {roleName(m.role)}
                </option>
              ))}
            </Select>
            <Button type="submit" size="small" disabled={busy || unchanged || !members}>
              {busy ? 'Saving…' : !choice && assignee ? 'Unassign' : 'Assign'}
            </Button>
          </div>
        </form>
      )}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
