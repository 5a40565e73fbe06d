// One claim: its statement, claimant and date (editable, with conflicts
// shown, never overwritten), where it appears, and the evidence for and
// against it. Live on the claim's room.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Claim, type Evidence, type EvidenceRequest, type Stance, StaleError } from '../api/client';
import { IdempotencyKeys } from '../api/uuid';
import { QUEUED } from '../offline/outbox';
import { claimQueue, type HeldConflict } from '../offline/queue';
import { Link } from '../router';
import { useApp } from '../session';
import { claimReducer, touchesAppearances } from '../state/claim';
import { Alert, Badge, Button, Card, Field, Input, Select, TextArea } from '../ui/components';
import { ChangedMeanwhile, type ConflictField, ConflictView, useVersionedSave } from '../ui/ConflictView';
import { OpenBy, PresenceList, PresenceProvider, TypingHint, useRoomPresence, useTypingIn } from '../ui/presence';
import { RefusedEdits } from '../ui/RefusedEdits';
import { ReplayConflict } from '../ui/ReplayConflict';
import { NotSent } from './article/AnnotationCard';
import { count, formatDate, formatFull, formatWhen, hostOf, safeHref, today } from '../ui/format';
import { AppHeader } from './AppHeader';
import { focusOnce, formKeys } from './article/forms';
import { Assignment } from './claim/Assignment';
import { ClaimHistory } from './claim/ClaimHistory';
import { VerdictPanel } from './claim/VerdictPanel';
import { useRatingScale } from '../ui/verdict';

export function claimRoom(id: string): string {
  return `claim:${id}`;
}

export const stanceLabels: Record<Stance, string> = { supports: 'Supports', refutes: 'Refutes', context: 'Context' };
const stanceOptions: Record<Stance, string> = { supports: 'Supports the claim', refutes: 'Refutes the claim', context: 'Gives context' };

export function ClaimPage({ slug, claimId }: { slug: string; claimId: string }) {
  const { session, live, outbox, queue } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const scale = useRatingScale(slug, live);
  const [state, dispatch] = useReducer(claimReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [subscribed, setSubscribed] = useState(false);
  /** The evidence being edited, told to the room. */
  const [editingEvidence, setEditingEvidence] = useState<string | null>(null);
  const [editingVerdict, setEditingVerdict] = useState(false);
  /** Goes up on every event of the claim's room: the history fetches again. */
  const [changes, setChanges] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    let current = true;
    const room = claimRoom(claimId);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      api.getClaim(claimId).then(
        (detail) => {
          if (!current) return;
          dispatch({ type: 'loaded', detail });
          document.title = `${detail.claim.statement.slice(0, 60)} · Factdesk`;
        },
        (error: unknown) => current && setLoadError(error instanceof ApiError ? error.message : 'Could not load the claim.'),
      );
    // Where the claim appears comes with article titles the events lack:
    // fetch again (once per burst) when a highlight linked to it changes.
    const refetchSoon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 250);
    };
    let first = true;
    const leave = live.subscribe(room, undefined, {
      onSubscribed() {
        setSubscribed(true);
        if (first) {
          first = false;
          load();
        }
      },
      onEvent(event) {
        dispatch({ type: 'event', event });
        setChanges((n) => n + 1);
        const held = stateRef.current;
        if (!held || touchesAppearances(held, event)) refetchSoon();
      },
      onReload() {
        load().then(() => live.resubscribe(room, undefined));
      },
    });
    // Until subscribed (or if the live connection is down), load anyway.
    load();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
      leave();
    };
  }, [claimId, live]);

  // Who else has this claim open, and what this person edits in it.
  const presence = useRoomPresence(subscribed ? claimRoom(claimId) : null);
  const verdictId = state?.detail.verdict?.id;
  const focusTarget = editingEvidence
    ? `evidence:${editingEvidence}`
    : adding
      ? `evidence:${claimId}`
      : editingVerdict && verdictId
        ? `verdict:${verdictId}`
        : `claim:${claimId}`;
  useEffect(() => {
    presence.reporter?.focus(focusTarget);
  }, [presence.reporter, focusTarget]);

  useEffect(
    () =>
      outbox.onSent((edit, record) => {
        if (!('claimId' in edit) || edit.claimId !== claimId || 'articleId' in edit) return;
        if (edit.kind === 'updateClaim') dispatch({ type: 'claimSaved', claim: record as Claim });
        if (edit.kind === 'createEvidence' || edit.kind === 'updateEvidence') dispatch({ type: 'evidenceSaved', evidence: record as Evidence });
      }),
    [outbox, claimId],
  );
  const waiting = useMemo(() => claimQueue(queue, claimId), [queue, claimId]);

  const role = state?.detail.role ?? workspace?.role ?? 'viewer';
  const canWrite = role !== 'viewer';
  const mayChange = (authorId: string) => role === 'editor' || role === 'admin' || (canWrite && authorId === session.user.id);

  if (loadError && !state) {
    return (
      <>
        <AppHeader workspace={workspace} />
        <main class="page" id="main" tabIndex={-1}>
          <Alert>{loadError}</Alert>
          <p>
            <Link href={`/w/${slug}/claims`}>Back to the claims</Link>
          </p>
        </main>
      </>
    );
  }
  if (!state) {
    return (
      <>
        <AppHeader workspace={workspace} />
        <main class="page" id="main" tabIndex={-1}>
          <p class="page-loading" aria-live="polite">
            Loading the claim…
          </p>
        </main>
      </>
    );
  }

  const { claim, appearances, evidence } = state.detail;
  const shown = waiting.claim ?? claim;
  const describeTarget = (target: string): string | null => {
    const [kind, id] = target.split(':');
    if (kind === 'claim') return 'the claim';
    if (kind === 'evidence') return id === claimId ? 'new evidence' : 'a piece of evidence';
    if (kind === 'verdict') return 'the verdict';
    return null;
  };
  return (
    <PresenceProvider value={presence}>
      <AppHeader workspace={workspace} />
      <main class="page claim-page" id="main" tabIndex={-1}>
        <nav class="breadcrumb" aria-label="Breadcrumb">
          <Link href={`/w/${slug}/claims`}>← Claims</Link>
        </nav>
        <div class="claim-page__grid">
          <div class="claim-page__main">
            <Card class="claim-head" aria-labelledby="claim-title">
              <p class="claim-head__kicker">Claim</p>
              <TypingHint targets={[`claim:${claim.id}`]} />
              {waiting.claimConflict ? (
                <ReplayConflict<ClaimDraft, Claim> held={waiting.claimConflict} fields={claimFields} onSaved={(c) => dispatch({ type: 'claimSaved', claim: c })} />
              ) : editing ? (
                <EditClaim
                  claim={claim}
                  draft={waiting.claim}
                  onSaved={(c) => (dispatch({ type: 'claimSaved', claim: c }), setEditing(false))}
                  onQueued={() => setEditing(false)}
                  onCancel={() => setEditing(false)}
                />
              ) : (
                <>
                  <h1 id="claim-title" class="claim-head__statement" data-testid="claim-statement">
                    {shown.statement}
                  </h1>
                  {waiting.claim && <NotSent />}
                  <dl class="claim-head__facts">
                    <div>
                      <dt>Claimant</dt>
                      <dd data-testid="claim-claimant">{shown.claimant || <span class="muted">not recorded</span>}</dd>
                    </div>
                    <div>
                      <dt>Claim date</dt>
                      <dd>{shown.claimDate ? <time dateTime={shown.claimDate}>{formatDate(shown.claimDate)}</time> : <span class="muted">not recorded</span>}</dd>
                    </div>
                    <div>
                      <dt>Recorded by</dt>
                      <dd>
                        {claim.createdBy.name},{' '}
                        <time dateTime={claim.createdAt} title={formatFull(claim.createdAt)}>
                          {formatWhen(claim.createdAt)}
                        </time>
                      </dd>
                    </div>
                  </dl>
                  {canWrite && (
                    <div class="form-actions">
                      <Button size="small" onClick={() => setEditing(true)}>
                        Edit claim
                      </Button>
                    </div>
                  )}
                </>
              )}
            </Card>

            <VerdictPanel
              claim={claim}
              verdict={state.detail.verdict}
              evidence={evidence}
              role={role}
              onVerdict={(verdict) => dispatch({ type: 'verdictSaved', verdict })}
              onEditing={setEditingVerdict}
            />

            <section class="evidence" aria-labelledby="evidence-heading">
              <div class="section-head">
                <h2 id="evidence-heading" class="section-head__title">
                  Evidence <span class="section-head__count">{evidence.length}</span>
                </h2>
                {canWrite && !adding && (
                  <Button size="small" variant="primary" onClick={() => setAdding(true)}>
                    Add evidence
                  </Button>
                )}
              </div>
              <RefusedEdits refused={waiting.refused} />
              <TypingHint targets={[`evidence:${claim.id}`]} what="new evidence" />
              {adding && (
                <EvidenceForm
                  claimId={claim.id}
                  onSaved={(e) => (dispatch({ type: 'evidenceSaved', evidence: e }), setAdding(false))}
                  onQueued={() => setAdding(false)}
                  onCancel={() => setAdding(false)}
                />
              )}
              {evidence.length === 0 && waiting.newEvidence.length === 0 && !adding && <p class="sidebar__empty">No evidence yet.{canWrite ? ' Add the sources that support or refute the claim.' : ''}</p>}
              <ol class="evidence__list">
                {evidence.map((e) => (
                  <EvidenceItem
                    key={e.id}
                    evidence={e}
                    queued={waiting.evidenceEdits.get(e.id) ?? null}
                    conflict={waiting.evidenceConflicts.get(e.id) ?? null}
                    onEditing={(on) => setEditingEvidence((held) => (on ? e.id : held === e.id ? null : held))}
                    mayChange={mayChange(e.createdBy.id)}
                    onSaved={(saved) => dispatch({ type: 'evidenceSaved', evidence: saved })}
                    onDeleted={(id) => dispatch({ type: 'evidenceDeleted', id })}
                  />
                ))}
                {waiting.newEvidence.map(({ id, request }) => (
                  <li key={id} class={`evidence-item evidence-item--${request.stance ?? 'context'} evidence-item--queued`} data-testid="queued-evidence">
                    <div class="evidence-item__head">
                      <Badge tone={request.stance ?? 'context'}>{stanceLabels[request.stance ?? 'context']}</Badge>
                      <NotSent />
                    </div>
                    <h3 class="evidence-item__title">{request.title || request.url || ''}</h3>
                    {request.quotedPassage && <blockquote class="evidence-item__quote">{request.quotedPassage}</blockquote>}
                  </li>
                ))}
              </ol>
            </section>

            <ClaimHistory claimId={claim.id} changes={changes} scale={scale} />
          </div>

          <aside class="claim-page__side" aria-labelledby="appearances-heading">
            <PresenceList view={presence.view} describe={describeTarget} />
            <Assignment slug={slug} claim={claim} role={role} onAssigned={(c) => dispatch({ type: 'claimAssigned', claim: c })} />
            <h2 id="appearances-heading" class="sidebar__title">
              Appears in
            </h2>
            <p class="sidebar__count">{count(appearances.length, 'highlight')}</p>
            <ol class="appearances" data-testid="appearances">
              {appearances.map((a) => (
                <li key={a.annotationId} class={a.orphaned ? 'appearance appearance--orphaned' : 'appearance'}>
                  <Link class="appearance__title" href={`/w/${slug}/articles/${a.articleId}?annotation=${a.annotationId}`}>
                    {a.articleTitle}
                  </Link>
                  <blockquote class="appearance__quote">{a.quote}</blockquote>
                  {a.orphaned && <Badge tone="warn">No longer in the text</Badge>}
                </li>
              ))}
            </ol>
          </aside>
        </div>
      </main>
    </PresenceProvider>
  );
}

const claimFields: ConflictField<ClaimDraft>[] = [
  { key: 'statement', label: 'Statement' },
  { key: 'claimant', label: 'Claimant' },
  { key: 'claimDate', label: 'Claim date', render: (v) => (v ? formatDate(String(v)) : <em class="conflict__none">empty</em>) },
];

type ClaimDraft = { statement: string; claimant: string; claimDate: string | null };

function EditClaim({
  claim,
  draft,
  onSaved,
  onQueued,
  onCancel,
}: {
  claim: Claim;
  draft: ClaimDraft | null;
  onSaved(c: Claim): void;
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  const base = useRef(claim.version);
  const from = draft ?? claim;
  const [statement, setStatement] = useState(from.statement);
  const [claimant, setClaimant] = useState(from.claimant);
  const [claimDate, setClaimDate] = useState(from.claimDate ?? '');
  const typed = useTypingIn(`claim:${claim.id}`);
  const saver = useVersionedSave<ClaimDraft, Claim>(
    (d, version) => outbox.submit<Claim>({ kind: 'updateClaim', claimId: claim.id, draft: d, baseVersion: version }),
    onSaved,
    onQueued,
  );
  const save = () => (statement.trim() ? saver.save({ statement: statement.trim(), claimant: claimant.trim(), claimDate: claimDate || null }, base.current) : undefined);
  if (saver.conflict) {
    return <ConflictView conflict={saver.conflict} busy={saver.busy} fields={claimFields} onTheirs={saver.takeTheirs} onMine={saver.overwrite} />;
  }
  return (
    <form
      class="stack"
      aria-label="Edit claim"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={formKeys(save, onCancel)}
    >
      <ChangedMeanwhile changed={claim.version > base.current} />
      <Field label="Statement" hint="Ctrl+Enter saves, Esc cancels.">
        {(id, describedBy) => <TextArea id={id} ref={focusOnce} rows={3} maxLength={2000} value={statement} aria-describedby={describedBy} onInput={(e) => (typed(), setStatement(e.currentTarget.value))} />}
      </Field>
      <div class="form-row">
        <Field label="Claimant">{(id) => <Input id={id} maxLength={300} value={claimant} onInput={(e) => (typed(), setClaimant(e.currentTarget.value))} />}</Field>
        <Field label="Claim date">{(id) => <Input id={id} type="date" value={claimDate} onInput={(e) => (typed(), setClaimDate(e.currentTarget.value))} />}</Field>
      </div>
      {saver.error && <Alert>{saver.error}</Alert>}
      <div class="form-actions">
        <Button type="submit" variant="primary" disabled={saver.busy || !statement.trim()}>
          {saver.busy ? 'Saving…' : 'Save claim'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

type EvidenceDraft = { url: string; title: string; publisher: string; quotedPassage: string; stance: Stance; consultedOn: string | null };

function draftOf(evidence?: Evidence): EvidenceDraft {
  return {
    url: evidence?.url ?? '',
    title: evidence?.title ?? '',
    publisher: evidence?.publisher ?? '',
    quotedPassage: evidence?.quotedPassage ?? '',
    stance: evidence?.stance ?? 'refutes',
    consultedOn: evidence ? evidence.consultedOn ?? null : today(),
  };
}

function EvidenceFields({ draft, onChange, error }: { draft: EvidenceDraft; onChange(d: EvidenceDraft): void; error?: { message: string; field?: string | undefined } | null }) {
  const set = (patch: Partial<EvidenceDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <Field label="Source URL" error={error?.field === 'url' ? error.message : null}>
        {(id, describedBy) => (
          <Input id={id} ref={focusOnce} type="url" inputMode="url" placeholder="https://" maxLength={2000} value={draft.url} aria-describedby={describedBy} aria-invalid={error?.field === 'url'} onInput={(e) => set({ url: e.currentTarget.value })} />
        )}
      </Field>
      <div class="form-row">
        <Field label="Title">{(id) => <Input id={id} maxLength={500} value={draft.title} onInput={(e) => set({ title: e.currentTarget.value })} />}</Field>
        <Field label="Publisher">{(id) => <Input id={id} maxLength={300} value={draft.publisher} onInput={(e) => set({ publisher: e.currentTarget.value })} />}</Field>
      </div>
      <Field label="Quoted passage" hint="The words of the source that matter here.">
        {(id, describedBy) => <TextArea id={id} rows={3} maxLength={10000} value={draft.quotedPassage} aria-describedby={describedBy} onInput={(e) => set({ quotedPassage: e.currentTarget.value })} />}
      </Field>
      <div class="form-row">
        <Field label="Stance" error={error?.field === 'stance' ? error.message : null}>
          {(id) => (
            <Select id={id} value={draft.stance} onChange={(e) => set({ stance: e.currentTarget.value as Stance })}>
              {(Object.keys(stanceLabels) as Stance[]).map((s) => (
                <option key={s} value={s}>
                  {stanceOptions[s]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Consulted on">{(id) => <Input id={id} type="date" value={draft.consultedOn ?? ''} onInput={(e) => set({ consultedOn: e.currentTarget.value || null })} />}</Field>
      </div>
    </>
  );
}

function EvidenceForm({ claimId, onSaved, onQueued, onCancel }: { claimId: string; onSaved(e: Evidence): void; onQueued(): void; onCancel(): void }) {
  const { outbox } = useApp();
  const [draft, setDraft] = useState<EvidenceDraft>(() => draftOf());
  // New evidence is "evidence:<the claim's id>"; an edit, "evidence:<its own id>".
  const typed = useTypingIn(`evidence:${claimId}`);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  async function save() {
    if (busy) return;
    if (!draft.url.trim()) {
      setError({ message: 'Evidence needs the address of its source.', field: 'url' });
      return;
    }
    const body: EvidenceRequest = { ...draft, url: draft.url.trim() };
    setBusy(true);
    setError(null);
    try {
      const key = keys.current.keyFor(body);
      const saved = await outbox.submit<Evidence>({ kind: 'createEvidence', claimId, request: body, key });
      keys.current.done();
      if (saved === QUEUED) onQueued();
      else onSaved(saved);
    } catch (failure) {
      setError(failure instanceof ApiError ? { message: failure.message, field: failure.field } : { message: 'Saving failed. Please try again.' });
      setBusy(false);
    }
  }
  return (
    <Card class="annotation-form evidence-form" aria-labelledby="evidence-form-title">
      <h3 id="evidence-form-title" class="card__title">
        New evidence
      </h3>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        onKeyDown={formKeys(save, onCancel)}
        noValidate
      >
        <EvidenceFields draft={draft} onChange={(d) => (typed(), setDraft(d))} error={error} />
        {error && error.field !== 'url' && error.field !== 'stance' && <Alert>{error.message}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Add evidence'}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}

function EvidenceItem({
  evidence: held,
  queued,
  conflict,
  onEditing,
  mayChange,
  onSaved,
  onDeleted,
}: {
  evidence: Evidence;
  /** This person's edit of it, still waiting to be sent. */
  queued: EvidenceRequest | null;
  conflict: HeldConflict | null;
  onEditing(on: boolean): void;
  mayChange: boolean;
  onSaved(e: Evidence): void;
  onDeleted(id: string): void;
}) {
  const [mode, setModeState] = useState<'view' | 'edit' | 'confirm'>('view');
  const [error, setError] = useState<string | null>(null);
  const setMode = (next: 'view' | 'edit' | 'confirm') => {
    setModeState(next);
    onEditing(next === 'edit');
  };
  const evidence: Evidence = queued ? { ...held, ...queued, consultedOn: queued.consultedOn ?? null } : held;
  const href = safeHref(evidence.url);
  const label = evidence.title || hostOf(evidence.url);

  async function remove(version = evidence.version) {
    setError(null);
    try {
      await api.deleteEvidence(evidence.id, version);
      onDeleted(evidence.id);
    } catch (failure) {
      if (failure instanceof StaleError) {
        onSaved(failure.current as Evidence);
        setError('It changed meanwhile (now shown). Remove it anyway?');
      } else {
        setError(failure instanceof ApiError ? failure.message : 'Removing failed.');
      }
    }
  }

  return (
    <li class={`evidence-item evidence-item--${evidence.stance}`} data-testid="evidence">
      <TypingHint targets={[`evidence:${evidence.id}`]} />
      {conflict ? (
        <ReplayConflict<EvidenceDraft, Evidence> held={conflict} fields={evidenceFields} onSaved={onSaved} />
      ) : mode === 'edit' ? (
        <EditEvidence
          evidence={held}
          draft={queued}
          onSaved={(e) => (onSaved(e), setMode('view'))}
          onQueued={() => setMode('view')}
          onCancel={() => setMode('view')}
        />
      ) : (
        <>
          <div class="evidence-item__head">
            <Badge tone={evidence.stance}>{stanceLabels[evidence.stance]}</Badge>
            {queued && <NotSent />}
            <OpenBy target={`evidence:${evidence.id}`} />
            {evidence.publisher && <span class="evidence-item__publisher">{evidence.publisher}</span>}
            {evidence.consultedOn && (
              <span class="evidence-item__when">
                consulted <time dateTime={evidence.consultedOn}>{formatDate(evidence.consultedOn)}</time>
              </span>
            )}
          </div>
          <h3 class="evidence-item__title">
            {href ? (
              <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                {label}
              </a>
            ) : (
              <span>{label}</span>
            )}
          </h3>
          {!href && <p class="evidence-item__url">{evidence.url}</p>}
          {evidence.quotedPassage && <blockquote class="evidence-item__quote">{evidence.quotedPassage}</blockquote>}
          <p class="evidence-item__by">
            Added by {evidence.createdBy.name}, <time dateTime={evidence.createdAt}>{formatWhen(evidence.createdAt)}</time>
          </p>
          {mode === 'confirm' && (
            <div class="confirm" role="group" aria-label="Confirm removal">
              <p>Remove this evidence from the claim?</p>
              <div class="form-actions">
                <Button size="small" variant="primary" class="button--danger" onClick={() => remove()}>
                  Remove
                </Button>
                <Button size="small" onClick={() => (setMode('view'), setError(null))}>
                  Keep it
                </Button>
              </div>
            </div>
          )}
          {error && <Alert>{error}</Alert>}
          {mayChange && mode === 'view' && (
            <div class="card-actions" role="toolbar" aria-label={`Actions for evidence: ${label}`}>
              <Button size="small" variant="ghost" onClick={() => setMode('edit')}>
                Edit
              </Button>
              <Button size="small" variant="ghost" class="card-actions__danger" onClick={() => setMode('confirm')}>
                Remove
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

const evidenceFields: ConflictField<EvidenceDraft>[] = [
  { key: 'url', label: 'Source URL' },
  { key: 'title', label: 'Title' },
  { key: 'publisher', label: 'Publisher' },
  { key: 'quotedPassage', label: 'Quoted passage' },
  { key: 'stance', label: 'Stance', render: (v) => stanceLabels[v as Stance] ?? String(v) },
  { key: 'consultedOn', label: 'Consulted on', render: (v) => (v ? formatDate(String(v)) : <em class="conflict__none">empty</em>) },
];

function EditEvidence({
  evidence,
  draft: queued,
  onSaved,
  onQueued,
  onCancel,
}: {
  evidence: Evidence;
  draft: EvidenceRequest | null;
  onSaved(e: Evidence): void;
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  const base = useRef(evidence.version);
  const [draft, setDraft] = useState<EvidenceDraft>(() => (queued ? { ...draftOf(evidence), ...queued, consultedOn: queued.consultedOn ?? null } as EvidenceDraft : draftOf(evidence)));
  const typed = useTypingIn(`evidence:${evidence.id}`);
  const saver = useVersionedSave<EvidenceDraft, Evidence>(
    (d, version) => outbox.submit<Evidence>({ kind: 'updateEvidence', claimId: evidence.claimId, evidenceId: evidence.id, draft: d, baseVersion: version }),
    onSaved,
    onQueued,
  );
  const save = () => (draft.url.trim() ? saver.save({ ...draft, url: draft.url.trim() }, base.current) : undefined);
  if (saver.conflict) {
    return <ConflictView conflict={saver.conflict} busy={saver.busy} fields={evidenceFields} onTheirs={saver.takeTheirs} onMine={saver.overwrite} />;
  }
  return (
    <form
      class="stack"
      aria-label="Edit evidence"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={formKeys(save, onCancel)}
      noValidate
    >
      <ChangedMeanwhile changed={evidence.version > base.current} />
      <EvidenceFields draft={draft} onChange={(d) => (typed(), setDraft(d))} />
      {saver.error && <Alert>{saver.error}</Alert>}
      <div class="form-actions">
        <Button type="submit" size="small" variant="primary" disabled={saver.busy}>
          {saver.busy ? 'Saving…' : 'Save'}
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
