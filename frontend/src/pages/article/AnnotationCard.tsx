// One annotation in the sidebar: its passage, note, tags and claim, its
// thread of replies, and what the reader may do with it (reply; edit,
// resolve and delete their own, or anyone's as an editor or admin; make a
// claim of it; download it as a W3C Web Annotation).
import { useMemo, useRef, useState } from 'preact/hooks';
import { type Annotation, type AnnotationKind, api, ApiError, exportURL, type Reply, StaleError } from '../../api/client';
import { IdempotencyKeys } from '../../api/uuid';
import { renderNote } from '../../markdown';
import { Link } from '../../router';
import { addTag } from '../../state/tags';
import { Alert, Badge, Button, DownloadLink, KindIcon } from '../../ui/components';
import { ConflictView, useVersionedSave } from '../../ui/ConflictView';
import { MarkdownEditor, TagInput } from '../../ui/editors';
import { formatFull, formatWhen } from '../../ui/format';
import { focusOnce, formKeys, KindChoice } from './forms';

export interface Permissions {
  /** Checker and above: may reply, make claims. */
  canWrite: boolean;
  /** Whether the reader may edit, resolve and delete a record by this author. */
  mayChange(authorId: string): boolean;
}

interface CardProps {
  slug: string;
  annotation: Annotation;
  active: boolean;
  orphaned: boolean;
  permissions: Permissions;
  onActivate(id: string | null): void;
  onShow(id: string): void;
  onSaved(annotation: Annotation): void;
  onDeleted(id: string): void;
  onReplySaved(reply: Reply): void;
  onReplyDeleted(reply: Reply): void;
  onMakeClaim(annotation: Annotation): void;
}

function Note({ markdown, class: className = 'annotation-card__note' }: { markdown: string; class?: string }) {
  const html = useMemo(() => renderNote(markdown), [markdown]);
  return <div class={`${className} prose`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag} class="tag">
          {tag}
        </li>
      ))}
    </ul>
  );
}

type Mode = 'view' | 'edit' | 'confirm-delete';

export function AnnotationCard(props: CardProps) {
  const { slug, annotation, active, orphaned, permissions } = props;
  const [mode, setMode] = useState<Mode>('view');
  const [replying, setReplying] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kindLabel = annotation.kind === 'claim' ? 'Claim' : 'Comment';
  const mine = permissions.mayChange(annotation.createdBy.id);

  async function setResolved(resolved: boolean) {
    setBusy(true);
    setActionError(null);
    try {
      props.onSaved(await api.updateAnnotation(annotation.id, { resolved, version: annotation.version }));
    } catch (failure) {
      // Resolving touches nothing anyone wrote: on a newer version, it
      // applies to that one (unless it is already as wanted).
      if (failure instanceof StaleError) {
        const current = failure.current as Annotation;
        props.onSaved(current.resolved === resolved ? current : await api.updateAnnotation(annotation.id, { resolved, version: current.version }).catch(() => current));
      } else {
        setActionError(failure instanceof ApiError ? failure.message : 'That did not work. Please try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  async function remove(version = annotation.version) {
    setBusy(true);
    setActionError(null);
    try {
      await api.deleteAnnotation(annotation.id, version);
      props.onDeleted(annotation.id);
    } catch (failure) {
      if (failure instanceof StaleError) {
        const current = failure.current as Annotation;
        props.onSaved(current);
        setActionError(`${current.createdBy.id === annotation.createdBy.id ? 'It' : 'This annotation'} changed meanwhile (now shown). Delete it anyway?`);
        setMode('confirm-delete');
      } else {
        setActionError(failure instanceof ApiError ? failure.message : 'Deleting failed. Please try again.');
      }
      setBusy(false);
    }
  }

  return (
    <li>
      <article
        id={`annotation-${annotation.id}`}
        class={[
          'annotation-card',
          `annotation-card--${annotation.kind}`,
          active ? 'annotation-card--active' : '',
          annotation.resolved ? 'annotation-card--resolved' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        data-testid="annotation-card"
        data-annotation-id={annotation.id}
        tabIndex={-1}
        aria-label={`${kindLabel} by ${annotation.createdBy.name}${annotation.resolved ? ', resolved' : ''}`}
        onMouseEnter={() => props.onActivate(annotation.id)}
        onMouseLeave={() => props.onActivate(null)}
        onFocusIn={() => props.onActivate(annotation.id)}
      >
        <header class="annotation-card__head">
          <Badge tone={annotation.kind}>
            <KindIcon kind={annotation.kind} />
            {kindLabel}
          </Badge>
          {annotation.resolved && <Badge tone="resolved">Resolved</Badge>}
          <span class="annotation-card__author">{annotation.createdBy.name}</span>
          <time class="annotation-card__time" dateTime={annotation.createdAt} title={formatFull(annotation.createdAt)}>
            {formatWhen(annotation.createdAt)}
          </time>
        </header>
        <button
          type="button"
          class="annotation-card__quote"
          disabled={orphaned}
          onClick={() => props.onShow(annotation.id)}
          aria-label={orphaned ? `Former passage: ${annotation.selectors.quote.exact}` : `Show in the text: ${annotation.selectors.quote.exact}`}
        >
          {annotation.selectors.quote.exact}
        </button>
        {orphaned && <p class="annotation-card__orphan">This passage is no longer in the text.</p>}

        {annotation.claim && (
          <p class="annotation-card__claim">
            <span class="annotation-card__claim-label">Claim</span>
            <Link href={`/w/${slug}/claims/${annotation.claim.id}`} data-testid="claim-link">
              {annotation.claim.statement}
            </Link>
          </p>
        )}

        {mode === 'edit' ? (
          <EditAnnotation slug={slug} annotation={annotation} onSaved={(a) => (props.onSaved(a), setMode('view'))} onCancel={() => setMode('view')} />
        ) : (
          <>
            {annotation.body.trim() !== '' && <Note markdown={annotation.body} />}
            <Tags tags={annotation.tags} />
          </>
        )}

        {annotation.replies.length > 0 && (
          <ol class="thread" aria-label={`Replies to ${annotation.createdBy.name}`}>
            {annotation.replies.map((reply) => (
              <ReplyItem key={reply.id} reply={reply} permissions={permissions} onSaved={props.onReplySaved} onDeleted={props.onReplyDeleted} />
            ))}
          </ol>
        )}
        {replying && <ReplyForm annotationId={annotation.id} onSaved={(r) => (props.onReplySaved(r), setReplying(false))} onCancel={() => setReplying(false)} />}

        {mode === 'confirm-delete' && (
          <div class="confirm" role="group" aria-label="Confirm deletion">
            <p>Delete this annotation{annotation.replies.length > 0 ? ' and its replies' : ''}? This cannot be undone.</p>
            <div class="form-actions">
              <Button variant="primary" class="button--danger" disabled={busy} onClick={() => remove()}>
                {busy ? 'Deleting…' : 'Delete'}
              </Button>
              <Button onClick={() => (setMode('view'), setActionError(null))}>Keep it</Button>
            </div>
          </div>
        )}
        {actionError && <Alert>{actionError}</Alert>}

        {mode === 'view' && (
          <div class="card-actions" role="toolbar" aria-label={`Actions for the ${kindLabel.toLowerCase()} by ${annotation.createdBy.name}`}>
            {permissions.canWrite && !replying && (
              <Button size="small" variant="ghost" onClick={() => setReplying(true)}>
                Reply
              </Button>
            )}
            {permissions.canWrite && !annotation.claim && !orphaned && (
              <Button size="small" variant="ghost" aria-keyshortcuts="C" title="Make a claim of this passage (C)" onClick={() => props.onMakeClaim(annotation)}>
                Make claim
              </Button>
            )}
            {mine && (
              <Button size="small" variant="ghost" onClick={() => setMode('edit')}>
                Edit
              </Button>
            )}
            {mine && (
              <Button size="small" variant="ghost" disabled={busy} onClick={() => setResolved(!annotation.resolved)}>
                {annotation.resolved ? 'Reopen' : 'Resolve'}
              </Button>
            )}
            {mine && (
              <Button size="small" variant="ghost" class="card-actions__danger" onClick={() => setMode('confirm-delete')}>
                Delete
              </Button>
            )}
            <DownloadLink
              href={exportURL.annotation(annotation.id)}
              download={`annotation-${annotation.id}.jsonld`}
              class={mine ? 'card-actions__icon' : 'card-actions__icon card-actions__danger'}
              aria-label="Download as JSON-LD"
              title="Download this annotation as a W3C Web Annotation (JSON-LD)"
            />
          </div>
        )}
      </article>
    </li>
  );
}

type AnnotationDraft = { body: string; tags: string[]; kind: AnnotationKind };

function EditAnnotation({ slug, annotation, onSaved, onCancel }: { slug: string; annotation: Annotation; onSaved(a: Annotation): void; onCancel(): void }) {
  // The version this edit is based on: the one on screen when it began.
  const base = useRef(annotation.version);
  const [body, setBody] = useState(annotation.body);
  const [tags, setTags] = useState(annotation.tags);
  const [kind, setKind] = useState<AnnotationKind>(annotation.kind);
  const pendingTag = useRef('');
  const saver = useVersionedSave<AnnotationDraft, Annotation>((draft, version) => api.updateAnnotation(annotation.id, { ...draft, version }), onSaved);
  const save = () => saver.save({ body, tags: addTag(tags, pendingTag.current), kind }, base.current);

  if (saver.conflict) {
    return (
      <ConflictView
        conflict={saver.conflict}
        busy={saver.busy}
        fields={[
          { key: 'body', label: 'Note', render: (v) => (String(v ?? '').trim() ? <Note markdown={String(v)} class="conflict__note" /> : <em class="conflict__none">empty</em>) },
          { key: 'tags', label: 'Tags' },
          { key: 'kind', label: 'Kind', render: (v) => (v === 'claim' ? 'Claim' : 'Comment') },
        ]}
        onTheirs={saver.takeTheirs}
        onMine={saver.overwrite}
      />
    );
  }
  return (
    <form
      class="stack annotation-edit"
      aria-label="Edit annotation"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={formKeys(save, onCancel)}
    >
      <KindChoice kind={kind} onChange={setKind} />
      <MarkdownEditor label="Note" value={body} onInput={setBody} rows={4} textareaRef={focusOnce} />
      <TagInput workspace={slug} tags={tags} onChange={setTags} pending={pendingTag} />
      {saver.error && <Alert>{saver.error}</Alert>}
      <div class="form-actions">
        <Button type="submit" variant="primary" size="small" disabled={saver.busy}>
          {saver.busy ? 'Saving…' : 'Save'}
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ReplyItem({ reply, permissions, onSaved, onDeleted }: { reply: Reply; permissions: Permissions; onSaved(r: Reply): void; onDeleted(r: Reply): void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = permissions.mayChange(reply.createdBy.id);

  async function remove(version = reply.version) {
    setError(null);
    try {
      await api.deleteReply(reply.id, version);
      onDeleted(reply);
    } catch (failure) {
      if (failure instanceof StaleError) {
        onSaved(failure.current as Reply);
        setError('This reply changed meanwhile (now shown). Delete it anyway?');
      } else {
        setError(failure instanceof ApiError ? failure.message : 'Deleting failed.');
        setConfirming(false);
      }
    }
  }

  return (
    <li class="reply" data-testid="reply">
      <div class="reply__head">
        <span class="reply__author">{reply.createdBy.name}</span>
        <time class="reply__time" dateTime={reply.createdAt} title={formatFull(reply.createdAt)}>
          {formatWhen(reply.createdAt)}
        </time>
      </div>
      {editing ? (
        <EditReply reply={reply} onSaved={(r) => (onSaved(r), setEditing(false))} onCancel={() => setEditing(false)} />
      ) : (
        <Note markdown={reply.body} class="reply__body" />
      )}
      {confirming && (
        <div class="confirm confirm--small" role="group" aria-label="Confirm deletion">
          <p>Delete this reply?</p>
          <div class="form-actions">
            <Button size="small" variant="primary" class="button--danger" onClick={() => remove()}>
              Delete
            </Button>
            <Button size="small" onClick={() => (setConfirming(false), setError(null))}>
              Keep it
            </Button>
          </div>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      {mine && !editing && !confirming && (
        <div class="reply__actions">
          <button type="button" class="link-button" aria-label={`Edit reply by ${reply.createdBy.name}`} onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" class="link-button" aria-label={`Delete reply by ${reply.createdBy.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

function EditReply({ reply, onSaved, onCancel }: { reply: Reply; onSaved(r: Reply): void; onCancel(): void }) {
  const base = useRef(reply.version);
  const [body, setBody] = useState(reply.body);
  const saver = useVersionedSave<{ body: string }, Reply>((draft, version) => api.updateReply(reply.id, draft.body, version), onSaved);
  const save = () => (body.trim() ? saver.save({ body }, base.current) : undefined);
  if (saver.conflict) {
    return (
      <ConflictView
        conflict={saver.conflict}
        busy={saver.busy}
        fields={[{ key: 'body', label: 'Reply', render: (v) => <Note markdown={String(v ?? '')} class="conflict__note" /> }]}
        onTheirs={saver.takeTheirs}
        onMine={saver.overwrite}
      />
    );
  }
  return (
    <form
      class="stack"
      aria-label="Edit reply"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={formKeys(save, onCancel)}
    >
      <MarkdownEditor label="Reply" value={body} onInput={setBody} rows={3} textareaRef={focusOnce} />
      {saver.error && <Alert>{saver.error}</Alert>}
      <div class="form-actions">
        <Button type="submit" size="small" variant="primary" disabled={saver.busy || !body.trim()}>
          Save
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ReplyForm({ annotationId, onSaved, onCancel }: { annotationId: string; onSaved(r: Reply): void; onCancel(): void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(new IdempotencyKeys());
  async function send() {
    if (busy || !body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await api.createReply(annotationId, body, keys.current.keyFor({ annotationId, body }));
      keys.current.done();
      onSaved(reply);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Sending failed. Please try again.');
      setBusy(false);
    }
  }
  return (
    <form
      class="stack reply-form"
      aria-label="New reply"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={formKeys(send, onCancel)}
    >
      <MarkdownEditor label="Reply" value={body} onInput={setBody} rows={3} textareaRef={focusOnce} />
      {error && <Alert>{error}</Alert>}
      <div class="form-actions">
        <Button type="submit" size="small" variant="primary" disabled={busy || !body.trim()}>
          {busy ? 'Sending…' : 'Send reply'}
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
