// The sidebar's two "new" forms: a new annotation on the selected passage,
// and a claim made from a passage (a selection or an existing highlight),
// with the workspace's similar claims offered as one types.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Annotation, type AnnotationKind, api, ApiError, type Claim, type Selectors, type SimilarClaim, StaleError } from '../../api/client';
import { IdempotencyKeys } from '../../api/uuid';
import { QUEUED } from '../../offline/outbox';
import { useApp } from '../../session';
import { useTypingIn } from '../../ui/presence';
import { addTag } from '../../state/tags';
import { Alert, Button, Card, Field, Input, KindIcon, TextArea } from '../../ui/components';
import { MarkdownEditor, TagInput } from '../../ui/editors';
import { count, formatDate, today } from '../../ui/format';

/** A ref callback that focuses its element when it first appears. */
export function focusOnce(element: HTMLElement | null): void {
  if (element && !element.dataset.focused) {
    element.dataset.focused = '1';
    element.focus();
  }
}

/** Esc cancels, Ctrl+Enter (or Cmd+Enter) saves. */
export function formKeys(onSave: () => void, onCancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSave();
    }
  };
}

export function KindChoice({ kind, onChange }: { kind: AnnotationKind; onChange(kind: AnnotationKind): void }) {
  return (
    <fieldset class="segmented">
      <legend class="field__label">Kind</legend>
      {(['comment', 'claim'] as const).map((value) => (
        <label key={value} class={`segmented__option${kind === value ? ' segmented__option--checked' : ''}`}>
          <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => onChange(value)} />
          <KindIcon kind={value} />
          {value === 'claim' ? 'Claim' : 'Comment'}
        </label>
      ))}
    </fieldset>
  );
}

export function AnnotationForm({
  slug,
  articleId,
  versionId,
  selectors,
  initialKind = 'comment',
  onSaved,
  onQueued,
  onCancel,
}: {
  slug: string;
  articleId: string;
  versionId: string;
  selectors: Selectors;
  initialKind?: AnnotationKind;
  onSaved(annotation: Annotation): void;
  /** Out of reach: the annotation waits in the queue. */
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  const typed = useTypingIn(`new-annotation:${articleId}`);
  const [kind, setKind] = useState<AnnotationKind>(initialKind);
  const [body, setBody] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const pendingTag = useRef('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const noteRef = useRef<HTMLTextAreaElement | null>(null);

  // The note is what one writes next; focus it as the form opens.
  useEffect(() => {
    noteRef.current?.focus();
  }, []);

  async function save() {
    if (busy) return;
    const request = { articleVersionId: versionId, kind, selectors, body, tags: addTag(tags, pendingTag.current) };
    setBusy(true);
    setError(null);
    try {
      const key = keys.current.keyFor(request);
      const annotation = await outbox.submit<Annotation>({ kind: 'createAnnotation', articleId, request, key });
      keys.current.done();
      if (annotation === QUEUED) onQueued();
      else onSaved(annotation);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Saving failed. Please try again.');
      setBusy(false);
    }
  }

  return (
    <Card class="annotation-form" aria-labelledby="annotation-form-title">
      <h3 id="annotation-form-title" class="card__title">
        New annotation
      </h3>
      <blockquote class="annotation-form__quote">{selectors.quote.exact}</blockquote>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        onKeyDown={formKeys(save, onCancel)}
      >
        <KindChoice kind={kind} onChange={setKind} />
        <MarkdownEditor
          label="Note"
          value={body}
          onInput={(v) => (typed(), setBody(v))}
          rows={5}
          textareaRef={noteRef}
          hint="Markdown works: **bold**, _italic_, [link](https://…). Ctrl+Enter saves, Esc cancels."
        />
        <TagInput workspace={slug} tags={tags} onChange={setTags} pending={pendingTag} />
        {error && <Alert>{error}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}

/** Where a claim is made from: a passage not yet highlighted, or a highlight. */
export type ClaimSource = { kind: 'selection'; selectors: Selectors } | { kind: 'annotation'; annotation: Annotation };

function quoteOf(source: ClaimSource): string {
  return source.kind === 'selection' ? source.selectors.quote.exact : source.annotation.selectors.quote.exact;
}

/** A statement as a claim reads best: one line, no stray quotes around it. */
export function statementFrom(quote: string): string {
  return quote
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[“"‘']+|[”"’']+$/g, '')
    .trim();
}

export function ClaimForm({
  slug,
  articleId,
  versionId,
  source,
  onDone,
  onCancel,
}: {
  slug: string;
  articleId: string;
  versionId: string;
  source: ClaimSource;
  /** The highlight as it now is (linked to the claim). */
  onDone(annotation: Annotation): void;
  onCancel(): void;
}) {
  const [statement, setStatement] = useState(() => statementFrom(quoteOf(source)));
  const [claimant, setClaimant] = useState('');
  const [claimDate, setClaimDate] = useState('');
  const [similar, setSimilar] = useState<SimilarClaim[] | null>(null);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  // Once a highlight exists (made here, or the one the claim is made from), keep it.
  const [annotation, setAnnotation] = useState<Annotation | null>(source.kind === 'annotation' ? source.annotation : null);
  const highlightKeys = useRef(new IdempotencyKeys());
  const claimKeys = useRef(new IdempotencyKeys());
  const statementRef = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    const field = statementRef.current;
    field?.focus();
    field?.setSelectionRange(field.value.length, field.value.length);
  }, []);

  // Similar claims of the workspace, while typing (debounced; the answer to
  // an older statement never replaces a newer one's).
  useEffect(() => {
    const q = statement.trim();
    if (q.length < 3) {
      setSimilar(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.similarClaims(slug, q, controller.signal).then(
        (list) => setSimilar(list),
        () => {},
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, statement]);

  const linkedId = annotation?.claim?.id;
  const offered = (similar ?? []).filter((s) => s.claim.id !== linkedId).slice(0, 5);

  const fail = (failure: unknown) => {
    setError(failure instanceof ApiError ? { message: failure.message, field: failure.field } : { message: 'Saving failed. Please try again.' });
    setBusy(false);
  };

  /** Creates the highlight of a selection, once. */
  async function ensureHighlight(claimId?: string): Promise<Annotation> {
    if (annotation) return annotation;
    if (source.kind !== 'selection') throw new Error('unreachable');
    const request = { articleVersionId: versionId, kind: 'claim' as const, selectors: source.selectors, body: '', ...(claimId ? { claimId } : {}) };
    const made = await api.createAnnotation(articleId, request, highlightKeys.current.keyFor(request));
    highlightKeys.current.done();
    setAnnotation(made);
    return made;
  }

  async function create() {
    if (busy) return;
    if (!statement.trim()) {
      setError({ message: 'A claim needs its statement.', field: 'statement' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const highlight = await ensureHighlight();
      const request = {
        statement: statement.trim(),
        claimant: claimant.trim(),
        claimDate: claimDate || null,
        annotationId: highlight.id,
      };
      await api.createClaim(slug, request, claimKeys.current.keyFor(request));
      claimKeys.current.done();
      // The server linked the highlight and made it a claim: show it as it is now.
      onDone(await api.getAnnotation(highlight.id));
    } catch (failure) {
      fail(failure);
    }
  }

  async function use(claim: Claim) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      if (!annotation && source.kind === 'selection') {
        onDone(await ensureHighlight(claim.id));
        return;
      }
      const held = annotation!;
      let linked: Annotation;
      try {
        linked = await api.updateAnnotation(held.id, { claimId: claim.id, version: held.version });
      } catch (failure) {
        // Someone edited the highlight meanwhile. Linking touches only the
        // claim, so it may go ahead on the current version, unless they
        // linked it to another claim: that is theirs to keep, and shown.
        if (!(failure instanceof StaleError)) throw failure;
        const current = failure.current as Annotation;
        if (current.claim && current.claim.id !== claim.id) {
          setAnnotation(current);
          setError({ message: `Meanwhile someone linked this highlight to “${current.claim.statement}”. Choose again if you still want this claim.` });
          setBusy(false);
          return;
        }
        linked = await api.updateAnnotation(held.id, { claimId: claim.id, version: current.version });
      }
      onDone(linked);
    } catch (failure) {
      fail(failure);
    }
  }

  return (
    <Card class="annotation-form claim-form" aria-labelledby="claim-form-title">
      <h3 id="claim-form-title" class="card__title">
        Make claim
      </h3>
      <blockquote class="annotation-form__quote">{quoteOf(source)}</blockquote>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
        onKeyDown={formKeys(create, onCancel)}
      >
        <Field label="Statement" hint="The checkable statement, in plain words." error={error?.field === 'statement' ? error.message : null}>
          {(id, describedBy) => (
            <TextArea
              id={id}
              ref={statementRef}
              rows={3}
              maxLength={2000}
              value={statement}
              aria-describedby={describedBy}
              aria-invalid={error?.field === 'statement'}
              onInput={(e) => setStatement(e.currentTarget.value)}
            />
          )}
        </Field>
        {offered.length > 0 && (
          <section class="similar" aria-labelledby="similar-title" aria-live="polite">
            <h4 id="similar-title" class="similar__title">
              Similar claims on this desk
            </h4>
            <ul class="similar__list">
              {offered.map(({ claim, similarity }) => (
                <li key={claim.id} class="similar__item" data-testid="similar-claim">
                  <p class="similar__statement">{claim.statement}</p>
                  <p class="similar__meta">
                    {claim.claimant && <>{claim.claimant} · </>}
                    {claim.claimDate && <>{formatDate(claim.claimDate)} · </>}
                    {count(claim.annotationCount, 'appearance')} · {Math.round(similarity * 100)}% alike
                  </p>
                  <Button size="small" disabled={busy} aria-label={`Use this claim: ${claim.statement}`} onClick={() => use(claim)}>
                    Use this claim
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <div class="form-row">
          <Field label="Claimant" hint="Who made it.">
            {(id, describedBy) => (
              <Input id={id} maxLength={300} value={claimant} aria-describedby={describedBy} onInput={(e) => setClaimant(e.currentTarget.value)} />
            )}
          </Field>
          <Field label="Claim date" hint="When it was made.">
            {(id, describedBy) => (
              <Input id={id} type="date" max={today()} value={claimDate} aria-describedby={describedBy} onInput={(e) => setClaimDate(e.currentTarget.value)} />
            )}
          </Field>
        </div>
        {error && error.field !== 'statement' && <Alert>{error.message}</Alert>}
        <div class="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Create claim'}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
