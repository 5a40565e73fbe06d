// One annotation in the sidebar: its passage, note, tags and claim, its
// thread of replies, and what the reader may do with it (reply; edit,
// resolve and delete their own, or anyone's as an editor or admin; make a
// claim of it; download it as a W3C Web Annotation).
import { useMemo, useRef, useState } from 'preact/hooks';
import { type Annotation, type AnnotationKind, api, ApiError, exportURL, type Reply, StaleError } from '../../api/client';
import { IdempotencyKeys } from '../../api/uuid';
import { renderNote } from '../../markdown';
import { QUEUED } from '../../offline/outbox';
import type { AnnotationDraft as QueuedDraft, AnnotationQueue, HeldConflict } from '../../offline/queue';
import { Link } from '../../router';
import { useApp } from '../../session';
import { addTag } from '../../state/tags';
import { Alert, Badge, Button, DownloadLink, KindIcon } from '../../ui/components';
import { ChangedMeanwhile, type ConflictField, ConflictView, useVersionedSave } from '../../ui/ConflictView';
import { OpenBy, TypingHint, useTypingIn } from '../../ui/presence';
import { ReplayConflict } from '../../ui/ReplayConflict';
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
  /** The card took focus (null: focus left it): what this person has open. */
  onOpen(id: string | null): void;
  onShow(id: string): void;
  /** This person's edits of it still waiting to be sent, or in conflict. */
  queued?: AnnotationQueue | undefined;
  /** Who made this version of a record, if a live event said (records do not name their last editor). */
  whoChanged?: (id: string, version: number) => string | null;
  onSaved(annotation: Annotation): void;
  onDeleted(id: string): void;
  onReplySaved(reply: Reply): void;
  onReplyDeleted(reply: Reply): void;
  onMakeClaim(annotation: Annotation): void;
}

const noteFields: ConflictField<AnnotationDraft>[] = [
  { key: 'body', label: 'Note', render: (v) => (String(v ?? '').trim() ? <Note markdown={String(v)} class="conflict__note" /> : <em class="conflict__none">empty</em>) },
  { key: 'tags', label: 'Tags' },
  { key: 'kind', label: 'Kind', render: (v) => (v === 'claim' ? 'Claim' : 'Comment') },
];

const replyFields: ConflictField<{ body: string }>[] = [{ key: 'body', label: 'Reply', render: (v) => <Note markdown={String(v ?? '')} class="conflict__note" /> }];

/** Marks what this person changed that has not reached the server yet. */
export function NotSent() {
  return (
    <Badge tone="warn" data-testid="not-sent" title="Saved in this browser; it is sent when the connection is back.">
      Not sent yet
    </Badge>
  );
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
  const { slug, annotation, active, orphaned, permissions, queued } = props;
  const target = `annotation:${annotation.id}`;
  // What this person wrote offline shows in place of what the server has, until sent.
  const note: QueuedDraft = queued?.note ?? annotation;
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
          queued?.note || queued?.newReplies.length ? 'annotation-card--queued' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        data-testid="annotation-card"
        data-annotation-id={annotation.id}
        tabIndex={-1}
        aria-label={`${kindLabel} by ${annotation.createdBy.name}${annotation.resolved ? ', resolved' : ''}`}
        onMouseEnter={() => props.onActivate(annotation.id)}
        onMouseLeave={() => props.onActivate(null)}
        onFocusIn={() => {
          props.onActivate(annotation.id);
          props.onOpen(annotation.id);
        }}
        onFocusOut={(e) => {
          const next = e.relatedTarget as Node | null;
          if (!next || !e.currentTarget.contains(next)) props.onOpen(null);
        }}
      >
        <header class="annotation-card__head">
          <Badge tone={annotation.kind}>
            <KindIcon kind={annotation.kind} />
            {kindLabel}
          </Badge>
          {annotation.resolved && <Badge tone="resolved">Resolved</Badge>}
          <span class="annotation-card__author">{annotation.createdBy.name}</span>
          <OpenBy target={target} />
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

        <TypingHint targets={[target]} />
        {queued?.conflict ? (
          <ReplayConflict<AnnotationDraft, Annotation> held={queued.conflict} fields={noteFields} onSaved={props.onSaved} />
        ) : mode === 'edit' ? (
          <EditAnnotation
            slug={slug}
            annotation={annotation}
            whoChanged={props.whoChanged}
            draft={queued?.note ?? null}
            onSaved={(a) => (props.onSaved(a), setMode('view'))}
            onQueued={() => setMode('view')}
            onCancel={() => setMode('view')}
          />
        ) : (
          <>
            {note.body.trim() !== '' && <Note markdown={note.body} />}
            <Tags tags={note.tags} />
            {queued?.note && <NotSent />}
          </>
        )}

        {(annotation.replies.length > 0 || (queued?.newReplies.length ?? 0) > 0) && (
          <ol class="thread" aria-label={`Replies to ${annotation.createdBy.name}`}>
            {annotation.replies.map((reply) => (
              <ReplyItem
                key={reply.id}
                reply={reply}
                articleId={annotation.articleId}
                permissions={permissions}
                queuedBody={queued?.replyEdits.get(reply.id)}
                whoChanged={props.whoChanged}
                conflict={queued?.replyConflicts.get(reply.id)}
                onSaved={props.onReplySaved}
                onDeleted={props.onReplyDeleted}
              />
            ))}
            {queued?.newReplies.map((reply) => <PendingReply key={reply.id} body={reply.body} />)}
          </ol>
        )}
        <TypingHint targets={[`reply:${annotation.id}`]} what="a reply" />
        {replying && (
          <ReplyForm
            annotationId={annotation.id}
            articleId={annotation.articleId}
            onSaved={(r) => (props.onReplySaved(r), setReplying(false))}
            onQueued={() => setReplying(false)}
            onCancel={() => setReplying(false)}
          />
        )}

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

function EditAnnotation({
  slug,
  annotation,
  draft,
  whoChanged,
  onSaved,
  onQueued,
  onCancel,
}: {
  slug: string;
  annotation: Annotation;
  /** An edit of it still waiting to be sent: editing goes on from that text. */
  draft: QueuedDraft | null;
  whoChanged?: ((id: string, version: number) => string | null) | undefined;
  onSaved(a: Annotation): void;
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  // The version this edit is based on: the one on screen when it began.
  const base = useRef(annotation.version);
  const [body, setBody] = useState((draft ?? annotation).body);
  const [tags, setTags] = useState((draft ?? annotation).tags);
  const [kind, setKind] = useState<AnnotationKind>((draft ?? annotation).kind);
  const pendingTag = useRef('');
  const typed = useTypingIn(`annotation:${annotation.id}`);
  const saver = useVersionedSave<AnnotationDraft, Annotation>(
    (d, version) => outbox.submit<Annotation>({ kind: 'updateAnnotation', articleId: annotation.articleId, annotationId: annotation.id, draft: d, baseVersion: version }),
    onSaved,
    onQueued,
  );
  const save = () => saver.save({ body, tags: addTag(tags, pendingTag.current), kind }, base.current);

  if (saver.conflict) {
    const by = saver.conflict.by ?? whoChanged?.(annotation.id, saver.conflict.currentVersion) ?? null;
    return <ConflictView conflict={{ ...saver.conflict, by }} busy={saver.busy} fields={noteFields} onTheirs={saver.takeTheirs} onMine={saver.overwrite} />;
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
      <ChangedMeanwhile changed={annotation.version > base.current} />
      <KindChoice kind={kind} onChange={(k) => (typed(), setKind(k))} />
      <MarkdownEditor label="Note" value={body} onInput={(v) => (typed(), setBody(v))} rows={4} textareaRef={focusOnce} />
      <TagInput workspace={slug} tags={tags} onChange={(t) => (typed(), setTags(t))} pending={pendingTag} />
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

function PendingReply({ body }: { body: string }) {
  const { session } = useApp();
  return (
    <li class="reply reply--queued" data-testid="reply">
      <div class="reply__head">
        <span class="reply__author">{session.user.name}</span>
        <NotSent />
      </div>
      <Note markdown={body} class="reply__body" />
    </li>
  );
}

function ReplyItem({
  reply,
  articleId,
  permissions,
  queuedBody,
  conflict,
  whoChanged,
  onSaved,
  onDeleted,
}: {
  reply: Reply;
  articleId: string;
  permissions: Permissions;
  queuedBody?: string | undefined;
  whoChanged?: ((id: string, version: number) => string | null) | undefined;
  conflict?: HeldConflict | undefined;
  onSaved(r: Reply): void;
  onDeleted(r: Reply): void;
}) {
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
      <TypingHint targets={[`reply:${reply.id}`]} />
      {conflict ? (
        <ReplayConflict<{ body: string }, Reply> held={conflict} fields={replyFields} onSaved={onSaved} />
      ) : editing ? (
        <EditReply
          reply={reply}
          articleId={articleId}
          draft={queuedBody ?? null}
          whoChanged={whoChanged}
          onSaved={(r) => (onSaved(r), setEditing(false))}
          onQueued={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <Note markdown={queuedBody ?? reply.body} class="reply__body" />
          {queuedBody !== undefined && <NotSent />}
        </>
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

function EditReply({
  reply,
  articleId,
  draft,
  whoChanged,
  onSaved,
  onQueued,
  onCancel,
}: {
  reply: Reply;
  articleId: string;
  draft: string | null;
  whoChanged?: ((id: string, version: number) => string | null) | undefined;
  onSaved(r: Reply): void;
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  const base = useRef(reply.version);
  const [body, setBody] = useState(draft ?? reply.body);
  const typed = useTypingIn(`reply:${reply.id}`);
  const saver = useVersionedSave<{ body: string }, Reply>(
    (d, version) => outbox.submit<Reply>({ kind: 'updateReply', articleId, annotationId: reply.annotationId, replyId: reply.id, draft: d, baseVersion: version }),
    onSaved,
    onQueued,
  );
  const save = () => (body.trim() ? saver.save({ body }, base.current) : undefined);
  if (saver.conflict) {
    const by = saver.conflict.by ?? whoChanged?.(reply.id, saver.conflict.currentVersion) ?? null;
    return <ConflictView conflict={{ ...saver.conflict, by }} busy={saver.busy} fields={replyFields} onTheirs={saver.takeTheirs} onMine={saver.overwrite} />;
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
      <ChangedMeanwhile changed={reply.version > base.current} />
      <MarkdownEditor label="Reply" value={body} onInput={(v) => (typed(), setBody(v))} rows={3} textareaRef={focusOnce} />
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

function ReplyForm({
  annotationId,
  articleId,
  onSaved,
  onQueued,
  onCancel,
}: {
  annotationId: string;
  articleId: string;
  onSaved(r: Reply): void;
  onQueued(): void;
  onCancel(): void;
}) {
  const { outbox } = useApp();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(new IdempotencyKeys());
  // A new reply is "reply:<the annotation's id>"; an edited one "reply:<its own id>".
  const typed = useTypingIn(`reply:${annotationId}`);
  async function send() {
    if (busy || !body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const key = keys.current.keyFor({ annotationId, body });
      const reply = await outbox.submit<Reply>({ kind: 'createReply', articleId, annotationId, body, key });
      keys.current.done();
      if (reply === QUEUED) onQueued();
      else onSaved(reply);
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
      <MarkdownEditor label="Reply" value={body} onInput={(v) => (typed(), setBody(v))} rows={3} textareaRef={focusOnce} />
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
