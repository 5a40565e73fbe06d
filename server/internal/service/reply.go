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
