// One claim: its statement, claimant and date (editable, with conflicts
// shown, never overwritten), where it appears, and the evidence for and
// against it. Live on the claim's room.
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Claim, type Evidence, type EvidenceRequest, type Stance, StaleError } from '../api/client';
import { IdempotencyKeys } from '../api/uuid';
import { Link } from '../router';
import { useApp } from '../session';
import { claimReducer, touchesAppearances } from '../state/claim';
import { Alert, Badge, Button, Card, Field, Input, Select, TextArea } from '../ui/components';
import { ConflictView, useVersionedSave } from '../ui/ConflictView';
import { count, formatDate, formatFull, formatWhen, hostOf, safeHref, today } from '../ui/format';
import { AppHeader } from './AppHeader';
import { focusOnce, formKeys } from './article/forms';

export function claimRoom(id: string): string {
  return `claim:${id}`;
}

export const stanceLabels: Record<Stance, string> = { supports: 'Supports', refutes: 'Refutes', context: 'Context' };
const stanceOptions: Record<Stance, string> = { supports: 'Supports the claim', refutes: 'Refutes the claim', context: 'Gives context' };

export function ClaimPage({ slug, claimId }: { slug: string; claimId: string }) {
  const { session, live } = useApp();
  const workspace = session.workspaces.find((w) => w.slug === slug);
  const [state, dispatch] = useReducer(claimReducer, null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
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
        if (first) {
          first = false;
          load();
        }
      },
      onEvent(event) {
        dispatch({ type: 'event', event });
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
  return (
    <>
      <AppHeader workspace={workspace} />
      <main class="page claim-page" id="main" tabIndex={-1}>
        <nav class="breadcrumb" aria-label="Breadcrumb">
          <Link href={`/w/${slug}/claims`}>← Claims</Link>
        </nav>
        <div class="claim-page__grid">
          <div class="claim-page__main">
            <Card class="claim-head" aria-labelledby="claim-title">
              <p class="claim-head__kicker">Claim</p>
              {editing ? (
                <EditClaim claim={claim} onSaved={(c) => (dispatch({ type: 'claimSaved', claim: c }), setEditing(false))} onCancel={() => setEditing(false)} />
              ) : (
                <>
                  <h1 id="claim-title" class="claim-head__statement" data-testid="claim-statement">
                    {claim.statement}
                  </h1>
                  <dl class="claim-head__facts">
                    <div>
                      <dt>Claimant</dt>
                      <dd data-testid="claim-claimant">{claim.claimant || <span class="muted">not recorded</span>}</dd>
                    </div>
                    <div>
                      <dt>Claim date</dt>
                      <dd>{claim.claimDate ? <time dateTime={claim.claimDate}>{formatDate(claim.claimDate)}</time> : <span class="muted">not recorded</span>}</dd>
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
              {adding && (
                <EvidenceForm
                  claimId={claim.id}
                  onSaved={(e) => (dispatch({ type: 'evidenceSaved', evidence: e }), setAdding(false))}
                  onCancel={() => setAdding(false)}
                />
              )}
              {evidence.length === 0 && !adding && <p class="sidebar__empty">No evidence yet.{canWrite ? ' Add the sources that support or refute the claim.' : ''}</p>}
              <ol class="evidence__list">
                {evidence.map((e) => (
                  <EvidenceItem
                    key={e.id}
                    evidence={e}
                    mayChange={mayChange(e.createdBy.id)}
                    onSaved={(saved) => dispatch({ type: 'evidenceSaved', evidence: saved })}
                    onDeleted={(id) => dispatch({ type: 'evidenceDeleted', id })}
                  />
                ))}
              </ol>
            </section>
          </div>

          <aside class="claim-page__side" aria-labelledby="appearances-heading">
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
    </>
  );
}

type ClaimDraft = { statement: string; claimant: string; claimDate: string | null };

function EditClaim({ claim, onSaved, onCancel }: { claim: Claim; onSaved(c: Claim): void; onCancel(): void }) {
  const base = useRef(claim.version);
  const [statement, setStatement] = useState(claim.statement);
  const [claimant, setClaimant] = useState(claim.claimant);
  const [claimDate, setClaimDate] = useState(claim.claimDate ?? '');
  const saver = useVersionedSave<ClaimDraft, Claim>((draft, version) => api.updateClaim(claim.id, { ...draft, version }), onSaved);
  const save = () => (statement.trim() ? saver.save({ statement: statement.trim(), claimant: claimant.trim(), claimDate: claimDate || null }, base.current) : undefined);
  if (saver.conflict) {
    return (
      <ConflictView
        conflict={saver.conflict}
        busy={saver.busy}
        fields={[
          { key: 'statement', label: 'Statement' },
          { key: 'claimant', label: 'Claimant' },
          { key: 'claimDate', label: 'Claim date', render: (v) => (v ? formatDate(String(v)) : <em class="conflict__none">empty</em>) },
        ]}
        onTheirs={saver.takeTheirs}
        onMine={saver.overwrite}
      />
    );
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
      <Field label="Statement" hint="Ctrl+Enter saves, Esc cancels.">
        {(id, describedBy) => <TextArea id={id} ref={focusOnce} rows={3} maxLength={2000} value={statement} aria-describedby={describedBy} onInput={(e) => setStatement(e.currentTarget.value)} />}
      </Field>
      <div class="form-row">
        <Field label="Claimant">{(id) => <Input id={id} maxLength={300} value={claimant} onInput={(e) => setClaimant(e.currentTarget.value)} />}</Field>
        <Field label="Claim date">{(id) => <Input id={id} type="date" value={claimDate} onInput={(e) => setClaimDate(e.currentTarget.value)} />}</Field>
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

function EvidenceForm({ claimId, onSaved, onCancel }: { claimId: string; onSaved(e: Evidence): void; onCancel(): void }) {
  const [draft, setDraft] = useState<EvidenceDraft>(() => draftOf());
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
      const saved = await api.createEvidence(claimId, body, keys.current.keyFor(body));
      keys.current.done();
      onSaved(saved);
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
        <EvidenceFields draft={draft} onChange={setDraft} error={error} />
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

function EvidenceItem({ evidence, mayChange, onSaved, onDeleted }: { evidence: Evidence; mayChange: boolean; onSaved(e: Evidence): void; onDeleted(id: string): void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [error, setError] = useState<string | null>(null);
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
      {mode === 'edit' ? (
        <EditEvidence evidence={evidence} onSaved={(e) => (onSaved(e), setMode('view'))} onCancel={() => setMode('view')} />
      ) : (
        <>
          <div class="evidence-item__head">
            <Badge tone={evidence.stance}>{stanceLabels[evidence.stance]}</Badge>
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

function EditEvidence({ evidence, onSaved, onCancel }: { evidence: Evidence; onSaved(e: Evidence): void; onCancel(): void }) {
  const base = useRef(evidence.version);
  const [draft, setDraft] = useState<EvidenceDraft>(() => draftOf(evidence));
  const saver = useVersionedSave<EvidenceDraft, Evidence>((d, version) => api.updateEvidence(evidence.id, { ...d, version }), onSaved);
  const save = () => (draft.url.trim() ? saver.save({ ...draft, url: draft.url.trim() }, base.current) : undefined);
  if (saver.conflict) {
    return (
      <ConflictView
        conflict={saver.conflict}
        busy={saver.busy}
        fields={[
          { key: 'url', label: 'Source URL' },
          { key: 'title', label: 'Title' },
          { key: 'publisher', label: 'Publisher' },
          { key: 'quotedPassage', label: 'Quoted passage' },
          { key: 'stance', label: 'Stance', render: (v) => stanceLabels[v as Stance] ?? String(v) },
          { key: 'consultedOn', label: 'Consulted on', render: (v) => (v ? formatDate(String(v)) : <em class="conflict__none">empty</em>) },
        ]}
        onTheirs={saver.takeTheirs}
        onMine={saver.overwrite}
      />
    );
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
      <EvidenceFields draft={draft} onChange={setDraft} />
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
