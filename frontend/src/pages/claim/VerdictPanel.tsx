// A claim's verdict on the claim's page: start it, write it (rating from the
// workspace's scale, rationale in Markdown, the evidence it rests on), then
// move it through review with exactly the actions the server offers me now.
// A stale save shows both versions; a refusal shows the server's reason.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Claim, type Evidence, type Rating, StaleError } from '../../api/client';
import { IdempotencyKeys } from '../../api/uuid';
import { type Transition, type Verdict, verdictApi, type VerdictAction, type VerdictDetail } from '../../api/verdicts';
import { renderNote } from '../../markdown';
import { useApp } from '../../session';
import { listInWords, missingForSubmit, orderedScale, withVerdict } from '../../state/verdict';
import { Alert, Badge, Button, Card, Field, TextArea } from '../../ui/components';
import { ChangedMeanwhile, type ConflictField, ConflictView, useVersionedSave } from '../../ui/ConflictView';
import { MarkdownEditor } from '../../ui/editors';
import { formatFull, formatWhen, hostOf } from '../../ui/format';
import { TypingHint, useTypingIn } from '../../ui/presence';
import { RatingBadge, RatingSwatch, VerdictStateBadge } from '../../ui/verdict';
import { stanceLabels } from '../ClaimPage';
import { focusOnce, formKeys } from '../article/forms';

type Mode = 'view' | 'edit' | 'send_back' | 'correct';

export function VerdictPanel({
  claim,
  verdict,
  evidence,
  role,
  onVerdict,
  onEditing,
}: {
  claim: Claim;
  /** The claim's verdict as the page holds it (kept current by live events). */
  verdict: Verdict | null;
  evidence: Evidence[];
  role: string;
  onVerdict(verdict: Verdict): void;
  /** Whether this person has the verdict's editor open (told to the room). */
  onEditing(on: boolean): void;
}) {
  const { session } = useApp();
  const [detail, setDetail] = useState<VerdictDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setModeState] = useState<Mode>('view');
  const setMode = (next: Mode) => {
    setModeState(next);
    onEditing(next === 'edit' || next === 'correct');
  };

  // What I may do depends on the state and on me: ask again whenever the
  // verdict moves (a live event, or my own save).
  useEffect(() => {
    if (!verdict) return;
    let current = true;
    verdictApi.get(verdict.id).then(
      (d) => {
        if (!current) return;
        setLoadError(null);
        setDetail((held) => (held && held.verdict.id === d.verdict.id && held.verdict.version > d.verdict.version ? { ...d, verdict: held.verdict } : d));
        onVerdict(d.verdict);
      },
      (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the verdict.'),
    );
    return () => {
      current = false;
    };
  }, [verdict?.id, verdict?.version]);

  // No edit form stays open on a verdict that can no longer be edited.
  useEffect(() => {
    if (detail && mode === 'edit' && !detail.mayEdit && detail.verdict.version === verdict?.version) setMode('view');
  }, [detail, verdict?.version]);

  const mayStart = role !== 'viewer';
  if (!verdict) {
    return (
      <Card class="verdict verdict--none" aria-labelledby="verdict-heading" data-testid="verdict-panel">
        <h2 id="verdict-heading" class="verdict__title">
          Verdict
        </h2>
        <p class="verdict__empty">No verdict yet.{mayStart ? ' Start one when the evidence is in.' : ''}</p>
        {mayStart && <StartVerdict claimId={claim.id} onStarted={(v) => (onVerdict(v), setMode('edit'))} />}
      </Card>
    );
  }

  const shown = detail ? withVerdict(detail, verdict) : null;
  const v = shown?.verdict ?? verdict;
  const scale = shown?.ratingScale ?? [];
  const mine = v.author.id === session.user.id;
  const target = `verdict:${v.id}`;

  return (
    <Card class={`verdict verdict--${v.state}`} aria-labelledby="verdict-heading" data-testid="verdict-panel">
      <div class="verdict__head">
        <h2 id="verdict-heading" class="verdict__title">
          Verdict
        </h2>
        <VerdictStateBadge state={v.state} />
      </div>
      <TypingHint targets={[target]} what="the verdict" />
      {loadError && <Alert>{loadError}</Alert>}

      {v.state === 'changes_requested' && v.reviewComment && (
        <div class={mine ? 'verdict__sent-back verdict__sent-back--mine' : 'verdict__sent-back'} role="note" aria-label="Sent back for changes" data-testid="review-comment">
          <p class="verdict__sent-back-title">{mine
              ? `${v.sentBackBy?.name ?? 'An editor'} sent your verdict back. What to change:`
              : `Sent back for changes${v.sentBackBy ? ` by ${v.sentBackBy.name}` : ''}:`}</p>
          <p class="verdict__sent-back-text">{v.reviewComment}</p>
        </div>
      )}

      {mode === 'edit' && shown ? (
        <VerdictForm
          verdict={v}
          scale={scale}
          evidence={evidence}
          onSaved={(saved) => {
            onVerdict(saved);
            setMode('view');
          }}
          onCancel={() => setMode('view')}
        />
      ) : mode === 'correct' && shown ? (
        <CorrectionForm
          verdict={v}
          scale={scale}
          evidence={evidence}
          onSaved={(saved) => {
            onVerdict(saved);
            setMode('view');
          }}
          onCancel={() => setMode('view')}
        />
      ) : (
        <VerdictView verdict={v} scale={scale} evidence={evidence} />
      )}

      {shown && mode !== 'edit' && mode !== 'correct' && (
        <VerdictActions
          detail={shown}
          sendingBack={mode === 'send_back'}
          onMode={setMode}
          onVerdict={(next) => {
            setMode('view');
            onVerdict(next);
          }}
        />
      )}

      {shown && shown.publications.length > 0 && <Publications detail={shown} />}
    </Card>
  );
}

function StartVerdict({ claimId, onStarted }: { claimId: string; onStarted(v: Verdict): void }) {
  const keys = useRef(new IdempotencyKeys());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = {};
      const made = await verdictApi.create(claimId, body, keys.current.keyFor(body));
      keys.current.done();
      onStarted(made);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Starting the verdict failed. Please try again.');
      setBusy(false);
    }
  }
  return (
    <>
      {error && <Alert>{error}</Alert>}
      <div class="form-actions">
        <Button variant="primary" onClick={start} disabled={busy}>
          {busy ? 'Starting…' : 'Start a verdict'}
        </Button>
      </div>
    </>
  );
}

function VerdictView({ verdict, scale, evidence }: { verdict: Verdict; scale: readonly Rating[]; evidence: Evidence[] }) {
  const cited = verdict.evidenceIds.map((id) => ({ id, evidence: evidence.find((e) => e.id === id) }));
  return (
    <div class="verdict__body">
      <div class="verdict__rating">
        <RatingBadge label={verdict.rating} scale={scale} large />
      </div>
      {verdict.rationale.trim() ? (
        <div class="verdict__rationale prose" data-testid="verdict-rationale" dangerouslySetInnerHTML={{ __html: renderNote(verdict.rationale) }} />
      ) : (
        <p class="verdict__rationale verdict__rationale--empty">No rationale written yet.</p>
      )}
      <div class="verdict__cited">
        <h3 class="verdict__subtitle">Evidence it rests on</h3>
        {cited.length === 0 ? (
          <p class="muted verdict__none">None chosen yet.</p>
        ) : (
          <ul class="verdict__cited-list">
            {cited.map(({ id, evidence: e }) => (
              <li key={id}>
                {e ? (
                  <>
                    <Badge tone={e.stance}>{stanceLabels[e.stance]}</Badge> {e.title || hostOf(e.url)}
                  </>
                ) : (
                  <span class="muted">Evidence since removed from the claim</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <dl class="verdict__facts">
        <div>
          <dt>Drafted by</dt>
          <dd>{verdict.author.name}</dd>
        </div>
        {verdict.submittedAt && (
          <div>
            <dt>Submitted</dt>
            <dd>
              <time dateTime={verdict.submittedAt} title={formatFull(verdict.submittedAt)}>
                {formatWhen(verdict.submittedAt)}
              </time>
            </dd>
          </div>
        )}
        {verdict.reviewer && (
          <div>
            <dt>Approved by</dt>
            <dd data-testid="verdict-approver">
              {verdict.reviewer.name}
              {verdict.approvedAt && (
                <>
                  ,{' '}
                  <time dateTime={verdict.approvedAt} title={formatFull(verdict.approvedAt)}>
                    {formatWhen(verdict.approvedAt)}
                  </time>
                </>
              )}
            </dd>
          </div>
        )}
        {verdict.publishedAt && (
          <div>
            <dt>Published</dt>
            <dd>
              <time dateTime={verdict.publishedAt} title={formatFull(verdict.publishedAt)}>
                {formatWhen(verdict.publishedAt)}
              </time>
              {verdict.correctedAt && (
                <>
                  , corrected{' '}
                  <time dateTime={verdict.correctedAt} title={formatFull(verdict.correctedAt)}>
                    {formatWhen(verdict.correctedAt)}
                  </time>
                </>
              )}
            </dd>
          </div>
        )}
      </dl>
      {verdict.publicUrl && (
        <p class="verdict__public">
          <a href={verdict.publicUrl} target="_blank" rel="noopener" data-testid="public-link">
            Open the public fact-check
          </a>
          <span class="verdict__public-url">{verdict.publicUrl}</span>
        </p>
      )}
    </div>
  );
}

/** The step forward first, then the ways back. */
const actionOrder: VerdictAction[] = ['submit', 'approve', 'publish', 'correct', 'send_back', 'withdraw'];

function VerdictActions({
  detail,
  sendingBack,
  onMode,
  onVerdict,
}: {
  detail: VerdictDetail;
  sendingBack: boolean;
  onMode(mode: Mode): void;
  onVerdict(v: Verdict): void;
}) {
  const { verdict, actions, mayEdit } = detail;
  const [busy, setBusy] = useState<VerdictAction | null>(null);
  // A refusal belongs to the version it was about: a newer one (saved here or elsewhere) clears it.
  const [refusal, setRefusal] = useState<{ message: string; version: number } | null>(null);
  const error = refusal && refusal.version === verdict.version ? refusal.message : null;
  const setError = (message: string | null, version = verdict.version) => setRefusal(message === null ? null : { message, version });
  const [comment, setComment] = useState('');

  async function move(action: Transition, text?: string) {
    if (busy) return;
    setBusy(action);
    setError(null);
    try {
      const next = await verdictApi.transition(verdict.id, action, verdict.version, text);
      setComment('');
      onVerdict(next);
    } catch (failure) {
      if (failure instanceof StaleError) {
        const current = failure.current as Verdict;
        onVerdict(current);
        setError('The verdict changed meanwhile (it is shown as it is now). Check it, then try again.', current.version);
      } else {
        setError(failure instanceof ApiError ? failure.message : 'That did not work. Please try again.');
      }
    } finally {
      setBusy(null);
    }
  }

  const offered = actionOrder.filter((a) => actions.includes(a));
  const missing = actions.includes('submit') ? missingForSubmit(verdict) : [];
  if (offered.length === 0 && !mayEdit && !error) return null;
  return (
    <div class="verdict__actions">
      {missing.length > 0 && (
        <p class="verdict__missing" data-testid="verdict-missing">
          To submit it for review it still needs {listInWords(missing)}.
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {sendingBack ? (
        <form
          class="stack verdict__send-back"
          aria-label="Send back"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) move('send_back', comment.trim());
          }}
          onKeyDown={formKeys(() => comment.trim() && move('send_back', comment.trim()), () => onMode('view'))}
        >
          <Field label="What should change?" hint="The author sees this with the verdict. Ctrl+Enter sends, Esc cancels.">
            {(id, describedBy) => <TextArea id={id} ref={focusOnce} rows={3} maxLength={5000} value={comment} aria-describedby={describedBy} onInput={(e) => setComment(e.currentTarget.value)} />}
          </Field>
          <div class="form-actions">
            <Button type="submit" variant="primary" disabled={!comment.trim() || busy !== null}>
              {busy === 'send_back' ? 'Sending back…' : 'Send back'}
            </Button>
            <Button onClick={() => onMode('view')}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div class="verdict__buttons" role="toolbar" aria-label="Verdict actions">
          {mayEdit && <Button onClick={() => onMode('edit')}>Edit verdict</Button>}
          {offered.map((action) => {
            switch (action) {
              case 'submit':
                return (
                  <Button key={action} variant="primary" disabled={busy !== null} onClick={() => move('submit')}>
                    {busy === 'submit' ? 'Submitting…' : 'Submit for review'}
                  </Button>
                );
              case 'withdraw':
                return (
                  <Button key={action} disabled={busy !== null} onClick={() => move('withdraw')}>
                    {busy === 'withdraw' ? 'Withdrawing…' : 'Withdraw'}
                  </Button>
                );
              case 'send_back':
                return (
                  <Button key={action} disabled={busy !== null} onClick={() => onMode('send_back')}>
                    Send back…
                  </Button>
                );
              case 'approve':
                return (
                  <Button key={action} variant="primary" disabled={busy !== null} onClick={() => move('approve')}>
                    {busy === 'approve' ? 'Approving…' : 'Approve'}
                  </Button>
                );
              case 'publish':
                return (
                  <Button key={action} variant="primary" disabled={busy !== null} onClick={() => move('publish')}>
                    {busy === 'publish' ? 'Publishing…' : 'Publish'}
                  </Button>
                );
              case 'correct':
                return (
                  <Button key={action} disabled={busy !== null} onClick={() => onMode('correct')}>
                    Correct…
                  </Button>
                );
              default:
                return null;
            }
          })}
        </div>
      )}
    </div>
  );
}

type VerdictDraft = { rating: string; rationale: string; evidenceIds: string[] };

function evidenceNames(evidence: Evidence[]) {
  return (value: unknown) => {
    const ids = Array.isArray(value) ? (value as string[]) : [];
    if (ids.length === 0) return <em class="conflict__none">none</em>;
    return ids.map((id) => evidence.find((e) => e.id === id)).map((e) => (e ? e.title || hostOf(e.url) : 'removed evidence')).join('; ');
  };
}

function verdictFields(evidence: Evidence[]): ConflictField<VerdictDraft>[] {
  return [
    { key: 'rating', label: 'Rating', render: (v) => (v ? String(v) : <em class="conflict__none">none</em>) },
    { key: 'rationale', label: 'Rationale', render: (v) => (v ? <span class="conflict__text">{String(v)}</span> : <em class="conflict__none">empty</em>) },
    { key: 'evidenceIds', label: 'Evidence', render: evidenceNames(evidence) },
  ];
}

/** The rating, the rationale and the evidence: shared by the draft's editor and the correction form. */
function VerdictFields({
  draft,
  onChange,
  scale,
  evidence,
  error,
}: {
  draft: VerdictDraft;
  onChange(d: VerdictDraft): void;
  scale: readonly Rating[];
  evidence: Evidence[];
  error?: ApiError | null;
}) {
  const ordered = orderedScale(scale);
  const onScale = ordered.filter((r) => r.onScale);
  const offScale = ordered.filter((r) => !r.onScale);
  // A rating no longer on the workspace's scale (the scale changed) stays choosable.
  const unknown = draft.rating && !scale.some((r) => r.label === draft.rating) ? draft.rating : null;
  const option = (r: Pick<Rating, 'label'> & Partial<Rating>) => (
    <label key={r.label} class={draft.rating === r.label ? 'rating-choice__option rating-choice__option--checked' : 'rating-choice__option'}>
      <input type="radio" name="verdict-rating" value={r.label} checked={draft.rating === r.label} onChange={() => onChange({ ...draft, rating: r.label })} />
      <RatingSwatch rating={r as Rating} />
      <span>{r.label}</span>
    </label>
  );
  const fieldError = (name: string) => (error && error.field === name ? error.message : null);
  return (
    <>
      <fieldset class="rating-choice" aria-describedby={fieldError('rating') ? 'verdict-rating-error' : undefined}>
        <legend class="field__label">Rating</legend>
        {onScale.length > 0 && (
          <div class="rating-choice__group" role="presentation">
            <span class="rating-choice__group-name">On the scale, truest first</span>
            <div class="rating-choice__options">{onScale.map(option)}</div>
          </div>
        )}
        {(offScale.length > 0 || unknown) && (
          <div class="rating-choice__group" role="presentation">
            <span class="rating-choice__group-name">Outside the scale</span>
            <div class="rating-choice__options">
              {offScale.map(option)}
              {unknown && option({ label: unknown })}
            </div>
          </div>
        )}
        {fieldError('rating') && (
          <p class="field__error" id="verdict-rating-error">
            {fieldError('rating')}
          </p>
        )}
      </fieldset>
      <MarkdownEditor
        label="Rationale"
        rows={7}
        value={draft.rationale}
        onInput={(rationale) => onChange({ ...draft, rationale })}
        hint="Markdown. Say what the evidence shows, and why this rating. Ctrl+Enter saves, Esc cancels."
        error={fieldError('rationale')}
      />
      <fieldset class="evidence-choice">
        <legend class="field__label">Evidence it rests on</legend>
        {evidence.length === 0 ? (
          <p class="muted evidence-choice__none">The claim has no evidence yet: add it below, then choose it here.</p>
        ) : (
          <ul class="evidence-choice__list">
            {evidence.map((e) => (
              <li key={e.id}>
                <label class="evidence-choice__option">
                  <input
                    type="checkbox"
                    checked={draft.evidenceIds.includes(e.id)}
                    onChange={(event) =>
                      onChange({
                        ...draft,
                        evidenceIds: event.currentTarget.checked ? [...draft.evidenceIds, e.id] : draft.evidenceIds.filter((id) => id !== e.id),
                      })
                    }
                  />
                  <Badge tone={e.stance}>{stanceLabels[e.stance]}</Badge>
                  <span class="evidence-choice__title">{e.title || hostOf(e.url)}</span>
                  {e.publisher && <span class="evidence-choice__publisher">{e.publisher}</span>}
                </label>
              </li>
            ))}
          </ul>
        )}
        {fieldError('evidenceIds') && <p class="field__error">{fieldError('evidenceIds')}</p>}
      </fieldset>
    </>
  );
}

function draftOf(verdict: Verdict): VerdictDraft {
  return { rating: verdict.rating, rationale: verdict.rationale, evidenceIds: verdict.evidenceIds.slice() };
}

function VerdictForm({
  verdict,
  scale,
  evidence,
  onSaved,
  onCancel,
}: {
  verdict: Verdict;
  scale: readonly Rating[];
  evidence: Evidence[];
  onSaved(v: Verdict): void;
  onCancel(): void;
}) {
  const base = useRef(verdict.version);
  const [draft, setDraft] = useState<VerdictDraft>(() => draftOf(verdict));
  const typed = useTypingIn(`verdict:${verdict.id}`);
  const saver = useVersionedSave<VerdictDraft, Verdict>((d, version) => verdictApi.update(verdict.id, { ...d, version }), onSaved);
  const save = () => saver.save(draft, base.current);
  const fields = verdictFields(evidence);
  if (saver.conflict) {
    return <ConflictView conflict={saver.conflict} busy={saver.busy} fields={fields} onTheirs={saver.takeTheirs} onMine={saver.overwrite} />;
  }
  return (
    <form
      class="stack verdict-form"
      aria-label="Edit verdict"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={formKeys(save, onCancel)}
      noValidate
    >
      <ChangedMeanwhile changed={verdict.version > base.current} />
      <VerdictFields draft={draft} onChange={(d) => (typed(), setDraft(d))} scale={scale} evidence={evidence} />
      {saver.error && <Alert>{saver.error}</Alert>}
      <div class="form-actions">
        <Button type="submit" variant="primary" disabled={saver.busy}>
          {saver.busy ? 'Saving…' : 'Save verdict'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function CorrectionForm({
  verdict,
  scale,
  evidence,
  onSaved,
  onCancel,
}: {
  verdict: Verdict;
  scale: readonly Rating[];
  evidence: Evidence[];
  onSaved(v: Verdict): void;
  onCancel(): void;
}) {
  const base = useRef(verdict.version);
  const [draft, setDraft] = useState<VerdictDraft>(() => draftOf(verdict));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [noteMissing, setNoteMissing] = useState(false);
  const typed = useTypingIn(`verdict:${verdict.id}`);
  async function publish() {
    if (busy) return;
    if (!note.trim()) {
      setNoteMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await verdictApi.correct(verdict.id, { ...draft, note: note.trim() }, base.current));
    } catch (failure) {
      if (failure instanceof StaleError) {
        // Someone else corrected it meanwhile: show theirs; this form keeps mine to compare.
        base.current = (failure.current as Verdict).version;
        setError(new ApiError(412, 'stale_version', 'Someone else changed this verdict meanwhile. Read it again, then publish your correction if it still stands.'));
      } else {
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'unknown', 'Publishing the correction failed. Please try again.'));
      }
      setBusy(false);
    }
  }
  return (
    <form
      class="stack verdict-form"
      aria-label="Correct the published verdict"
      onSubmit={(e) => {
        e.preventDefault();
        publish();
      }}
      onKeyDown={formKeys(publish, onCancel)}
      noValidate
    >
      <p class="verdict-form__lede">A correction publishes a new version. Earlier versions stay on the public page, with your note saying what changed.</p>
      <ChangedMeanwhile changed={verdict.version > base.current} />
      <VerdictFields draft={draft} onChange={(d) => (typed(), setDraft(d))} scale={scale} evidence={evidence} error={error} />
      <Field label="Correction note" hint="Required: what changed, and why. Shown to readers." error={noteMissing && !note.trim() ? 'Say what the correction changes.' : error?.field === 'note' ? error.message : null}>
        {(id, describedBy) => (
          <TextArea id={id} rows={3} maxLength={5000} required value={note} aria-describedby={describedBy} aria-invalid={noteMissing && !note.trim() ? true : undefined} onInput={(e) => (typed(), setNote(e.currentTarget.value))} />
        )}
      </Field>
      {error && !['rating', 'rationale', 'evidenceIds', 'note'].includes(error.field ?? '') && <Alert>{error.message}</Alert>}
      <div class="form-actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish correction'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function Publications({ detail }: { detail: VerdictDetail }) {
  const list = detail.publications.slice().sort((a, b) => b.number - a.number);
  return (
    <section class="verdict__publications" aria-labelledby="publications-heading">
      <h3 id="publications-heading" class="verdict__subtitle">
        Published versions
      </h3>
      <ol class="publications" data-testid="publications" reversed>
        {list.map((p) => (
          <li key={p.number} class="publication">
            <div class="publication__head">
              <span class="publication__number">Version {p.number}</span>
              <RatingBadge label={p.rating.label} scale={[p.rating]} />
              <span class="publication__when">
                {p.publishedBy.name},{' '}
                <time dateTime={p.publishedAt} title={formatFull(p.publishedAt)}>
                  {formatWhen(p.publishedAt)}
                </time>
              </span>
            </div>
            {p.correctionNote && <p class="publication__note">Correction: {p.correctionNote}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
