package service

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/anchor"
	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

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

// ListAnnotations lists an article's annotations in document order.
func (s *Service) ListAnnotations(ctx context.Context, user factcheck.User, articleID string) ([]factcheck.Annotation, error) {
	m, err := s.articleMember(ctx, user, articleID)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Annotations(ctx, articleID)
}

// CreateAnnotationInput is a highlight and its note.
type CreateAnnotationInput struct {
	ArticleVersionID string
	Kind             string
	Quote            factcheck.TextQuote
	Position         factcheck.TextPosition
	Body             string
	Tags             []string
	ClaimID          string
}

// MaxNoteLen bounds a note, in characters.
const MaxNoteLen = 20000

// CreateAnnotation highlights a passage of an article version. The server
// checks that the quote really is at that place.
func (s *Service) CreateAnnotation(ctx context.Context, user factcheck.User, articleID string, in CreateAnnotationInput, idempotencyKey string) (factcheck.Annotation, error) {
	m, err := s.articleMember(ctx, user, articleID)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Annotation{}, err
	}
	kind, err := factcheck.ParseAnnotationKind(in.Kind)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if !utf8.ValidString(in.Body) || utf8.RuneCountInString(in.Body) > MaxNoteLen {
		return factcheck.Annotation{}, factcheck.Invalid("body", "the note must be valid text of at most %d characters", MaxNoteLen)
	}
	if !validID(in.ArticleVersionID) {
		return factcheck.Annotation{}, factcheck.Invalid("articleVersionId", "articleVersionId must name a version of this article")
	}
	v, err := s.versionText(ctx, articleID, in.ArticleVersionID)
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return factcheck.Annotation{}, factcheck.Invalid("articleVersionId", "articleVersionId must name a version of this article")
	}
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if err := anchor.Verify(v.Text, in.Quote, in.Position); err != nil {
		return factcheck.Annotation{}, err
	}
	tags, err := cleanTags(in.Tags)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	claim, err := s.claimRef(ctx, m, in.ClaimID)
	if err != nil {
		return factcheck.Annotation{}, err
	}
	if claim != nil {
		kind = factcheck.KindClaim
	}
	now := time.Now().UTC()
	ann := factcheck.Annotation{
		ID: uuid.NewString(), WorkspaceID: m.Workspace.ID, ArticleID: articleID, ArticleVersionID: v.ID, Kind: kind,
		Quote: in.Quote, Position: in.Position, Body: in.Body, Tags: tags, Claim: claim, Anchor: factcheck.AnchorExact,
		Replies: []factcheck.Reply{}, CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name},
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	fp := fingerprint("annotation", articleID, v.ID, kind, in.Quote, in.Position, in.Body, tags, in.ClaimID)
	return create(ctx, s, user, idempotencyKey, "annotation", fp, ann.ID, ann, func(tx *store.Tx) error {
		if err := tx.CreateAnnotation(ctx, ann); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, annotationEvent(factcheck.EventAnnotationCreated, user, ann))
	}, s.store.Annotation)
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
