package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// Limits on tags.
const (
	MaxTags   = 20
	MaxTagLen = 50
)

// cleanTags trims, de-duplicates (case-insensitively) and checks tags.
func cleanTags(in []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			continue
		}
		if !utf8.ValidString(t) || utf8.RuneCountInString(t) > MaxTagLen || strings.ContainsAny(t, "\x00\x01\x02") {
			return nil, factcheck.Invalid("tags", "a tag is text of at most %d characters", MaxTagLen)
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, factcheck.Invalid("tags", "at most %d tags", MaxTags)
	}
	return out, nil
}

// claimRef checks that id names a claim of the member's workspace. An
// empty id is no claim.
func (s *Service) claimRef(ctx context.Context, m factcheck.Member, id string) (*factcheck.ClaimRef, error) {
	if id == "" {
		return nil, nil
	}
	if !validID(id) {
		return nil, factcheck.Invalid("claimId", "claimId must name a claim of this workspace")
	}
	c, err := s.store.Claim(ctx, id)
	if factcheck.IsCode(err, factcheck.CodeNotFound) || (err == nil && c.WorkspaceID != m.Workspace.ID) {
		return nil, factcheck.Invalid("claimId", "claimId must name a claim of this workspace")
	}
	if err != nil {
		return nil, err
	}
	return &factcheck.ClaimRef{ID: c.ID, Statement: c.Statement}, nil
}

// annotationEvent records a change to an annotation; it reaches the
// article's room and, when it points to a claim, the claim's.
func annotationEvent(typ string, user factcheck.User, a factcheck.Annotation) factcheck.Event {
	e := factcheck.Event{WorkspaceID: a.WorkspaceID, ArticleID: a.ArticleID, Actor: actorRef(user), Type: typ,
		Payload: eventPayload(wire.FromAnnotation(a))}
	if a.Claim != nil {
		e.ClaimID = a.Claim.ID
	}
	return e
}

// annotation finds an annotation the user may read, with the user's
// membership of its workspace.
func (s *Service) annotation(ctx context.Context, user factcheck.User, id string) (factcheck.Annotation, factcheck.Member, error) {
	return inWorkspace(ctx, s, user, "annotation", id, s.store.Annotation, func(a factcheck.Annotation) string { return a.WorkspaceID })
}

// mayChange reports whether the member may edit or delete something
// authored by author: their own as a checker, anyone's as an editor.
func mayChange(m factcheck.Member, author string) error {
	if author == m.User.ID {
		return m.Role.Authorize(factcheck.ActionAnnotate)
	}
	return m.Role.Authorize(factcheck.ActionModerate)
}

// GetAnnotation returns one annotation with its replies.
func (s *Service) GetAnnotation(ctx context.Context, user factcheck.User, id string) (factcheck.Annotation, error) {
	a, m, err := s.annotation(ctx, user, id)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	return a, m.Role.Authorize(factcheck.ActionRead)
}

// UpdateAnnotationInput is a partial edit: nil fields are unchanged.
type UpdateAnnotationInput struct {
	BasedOn  int
	Body     *string
	Kind     *string
	Tags     *[]string
	ClaimID  *string // "" unlinks
	Resolved *bool
}

// UpdateAnnotation edits an annotation. The note, kind, tags and claim are
// the author's to change (editors and admins may moderate); any checker may
// resolve or reopen a thread. An edit based on an old version is refused
// with the current one.
func (s *Service) UpdateAnnotation(ctx context.Context, user factcheck.User, id string, in UpdateAnnotationInput) (factcheck.Annotation, error) {
	a, m, err := s.annotation(ctx, user, id)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if in.BasedOn < 1 {
		return factcheck.Annotation{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	editsContent := in.Body != nil || in.Kind != nil || in.Tags != nil || in.ClaimID != nil
	if editsContent {
		if err := mayChange(m, a.CreatedBy.ID); err != nil {
			return factcheck.Annotation{}, err
		}
	} else if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Annotation{}, err
	}
	if a.Version != in.BasedOn {
		return factcheck.Annotation{}, factcheck.Stale("annotation", wire.FromAnnotation(a))
	}
	if in.Body != nil {
		if !utf8.ValidString(*in.Body) || utf8.RuneCountInString(*in.Body) > MaxNoteLen {
			return factcheck.Annotation{}, factcheck.Invalid("body", "the note must be valid text of at most %d characters", MaxNoteLen)
		}
		a.Body = *in.Body
	}
	if in.Kind != nil {
		if a.Kind, err = factcheck.ParseAnnotationKind(*in.Kind); err != nil {
			return factcheck.Annotation{}, err
		}
	}
	if in.Tags != nil {
		if a.Tags, err = cleanTags(*in.Tags); err != nil {
			return factcheck.Annotation{}, err
		}
	}
	if in.ClaimID != nil {
		if a.Claim, err = s.claimRef(ctx, m, *in.ClaimID); err != nil {
			return factcheck.Annotation{}, err
		}
		if a.Claim != nil {
			a.Kind = factcheck.KindClaim
		}
	}
	if a.Kind == factcheck.KindComment && a.Claim != nil && in.Kind != nil && in.ClaimID == nil {
		a.Claim = nil // a comment points to no claim
	}
	if in.Resolved != nil && *in.Resolved != (a.ResolvedAt != nil) {
		if *in.Resolved {
			now := time.Now().UTC()
			a.ResolvedAt, a.ResolvedBy = &now, &factcheck.UserRef{ID: user.ID, Name: user.Name}
		} else {
			a.ResolvedAt, a.ResolvedBy = nil, nil
		}
	}
	a.UpdatedBy = &factcheck.UserRef{ID: user.ID, Name: user.Name}
	return s.saveAnnotation(ctx, user, a, in.BasedOn)
}

// saveAnnotation writes an edited annotation and its event, or reports the
// current version when someone else's edit came first.
func (s *Service) saveAnnotation(ctx context.Context, user factcheck.User, a factcheck.Annotation, basedOn int) (factcheck.Annotation, error) {
	return update(ctx, s, versioned[factcheck.Annotation]{
		kind:   "annotation",
		write:  func(tx *store.Tx) (bool, error) { return tx.UpdateAnnotation(ctx, a, basedOn) },
		read:   func(tx *store.Tx) (factcheck.Annotation, error) { return tx.Annotation(ctx, a.ID) },
		toWire: func(a factcheck.Annotation) any { return wire.FromAnnotation(a) },
		event: func(a factcheck.Annotation) factcheck.Event {
			return annotationEvent(factcheck.EventAnnotationUpdated, user, a)
		},
	})
}

// DeleteAnnotation deletes an annotation with its replies (its author, or
// an editor or admin). The event keeps what was deleted.
func (s *Service) DeleteAnnotation(ctx context.Context, user factcheck.User, id string, basedOn int) error {
	a, m, err := s.annotation(ctx, user, id)
	if err != nil {
		return err
	}
	if err := mayChange(m, a.CreatedBy.ID); err != nil {
		return err
	}
	return remove(ctx, s, a, versioned[factcheck.Annotation]{
		kind:   "annotation",
		write:  func(tx *store.Tx) (bool, error) { return tx.DeleteAnnotation(ctx, a.ID, basedOn) },
		read:   func(tx *store.Tx) (factcheck.Annotation, error) { return tx.Annotation(ctx, a.ID) },
		toWire: func(a factcheck.Annotation) any { return wire.FromAnnotation(a) },
		event: func(a factcheck.Annotation) factcheck.Event {
			e := annotationEvent(factcheck.EventAnnotationDeleted, user, a)
			e.Payload = eventPayload(map[string]any{"id": a.ID, "articleId": a.ArticleID, "deleted": wire.FromAnnotation(a)})
			return e
		},
	})
}

// ListTags lists the workspace's tags starting with prefix, most used first.
func (s *Service) ListTags(ctx context.Context, user factcheck.User, slug, prefix string) ([]factcheck.TagCount, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(prefix) > MaxTagLen {
		return nil, factcheck.Invalid("prefix", "a tag prefix has at most %d characters", MaxTagLen)
	}
	return s.store.Tags(ctx, m.Workspace.ID, prefix, 20)
}

// ListMembers lists the workspace's members.
func (s *Service) ListMembers(ctx context.Context, user factcheck.User, slug string) ([]factcheck.MemberRef, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, m.Workspace.ID)
}

// --- replies ---

func replyEvent(typ string, user factcheck.User, r factcheck.Reply, payload any) factcheck.Event {
	return factcheck.Event{WorkspaceID: r.WorkspaceID, ArticleID: r.ArticleID, Actor: actorRef(user), Type: typ, Payload: eventPayload(payload)}
}

func checkReplyBody(body string) error {
	if strings.TrimSpace(body) == "" {
		return factcheck.Invalid("body", "a reply needs some text")
	}
	if !utf8.ValidString(body) || utf8.RuneCountInString(body) > MaxNoteLen {
		return factcheck.Invalid("body", "a reply must be valid text of at most %d characters", MaxNoteLen)
	}
	return nil
}

// CreateReply adds a reply to an annotation's thread.
func (s *Service) CreateReply(ctx context.Context, user factcheck.User, annotationID, body, idempotencyKey string) (factcheck.Reply, error) {
	a, m, err := s.annotation(ctx, user, annotationID)
	if err != nil {
		return factcheck.Reply{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Reply{}, err
	}
	if err := checkReplyBody(body); err != nil {
		return factcheck.Reply{}, err
	}
	now := time.Now().UTC()
	r := factcheck.Reply{ID: uuid.NewString(), AnnotationID: a.ID, WorkspaceID: a.WorkspaceID, ArticleID: a.ArticleID, Body: body,
		CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: now, UpdatedAt: now, Version: 1}
	return create(ctx, s, user, idempotencyKey, "reply", fingerprint("reply", a.ID, body), r.ID, r, func(tx *store.Tx) error {
		if err := tx.CreateReply(ctx, r); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, replyEvent(factcheck.EventReplyCreated, user, r, wire.FromReply(r)))
	}, s.store.Reply)
}

// replyVersioned is how a reply is updated or deleted optimistically.
func replyVersioned(ctx context.Context, id string, write func(tx *store.Tx) (bool, error), event func(factcheck.Reply) factcheck.Event) versioned[factcheck.Reply] {
	return versioned[factcheck.Reply]{
		kind:   "reply",
		write:  write,
		read:   func(tx *store.Tx) (factcheck.Reply, error) { return tx.Reply(ctx, id) },
		toWire: func(r factcheck.Reply) any { return wire.FromReply(r) },
		event:  event,
	}
}

func (s *Service) reply(ctx context.Context, user factcheck.User, id string) (factcheck.Reply, factcheck.Member, error) {
	return inWorkspace(ctx, s, user, "reply", id, s.store.Reply, func(r factcheck.Reply) string { return r.WorkspaceID })
}

// UpdateReply edits a reply (its author, or an editor or admin).
func (s *Service) UpdateReply(ctx context.Context, user factcheck.User, id, body string, basedOn int) (factcheck.Reply, error) {
	r, m, err := s.reply(ctx, user, id)
	if err != nil {
		return factcheck.Reply{}, err
	}
	if err := mayChange(m, r.CreatedBy.ID); err != nil {
		return factcheck.Reply{}, err
	}
	if basedOn < 1 {
		return factcheck.Reply{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	if err := checkReplyBody(body); err != nil {
		return factcheck.Reply{}, err
	}
	return update(ctx, s, replyVersioned(ctx, r.ID,
		func(tx *store.Tx) (bool, error) { return tx.UpdateReply(ctx, r.ID, body, user.ID, basedOn) },
		func(r factcheck.Reply) factcheck.Event {
			return replyEvent(factcheck.EventReplyUpdated, user, r, wire.FromReply(r))
		}))
}

// DeleteReply deletes a reply (its author, or an editor or admin).
func (s *Service) DeleteReply(ctx context.Context, user factcheck.User, id string, basedOn int) error {
	r, m, err := s.reply(ctx, user, id)
	if err != nil {
		return err
	}
	if err := mayChange(m, r.CreatedBy.ID); err != nil {
		return err
	}
	return remove(ctx, s, r, replyVersioned(ctx, r.ID,
		func(tx *store.Tx) (bool, error) { return tx.DeleteReply(ctx, r.ID, basedOn) },
		func(r factcheck.Reply) factcheck.Event {
			return replyEvent(factcheck.EventReplyDeleted, user, r,
				map[string]any{"id": r.ID, "annotationId": r.AnnotationID, "deleted": wire.FromReply(r)})
		}))
}
