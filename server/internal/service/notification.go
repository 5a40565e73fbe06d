package service

import (
	"context"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// notifyAuthor tells a verdict's author what someone else did to it.
func notifyAuthor(user factcheck.User, v factcheck.Verdict, kind factcheck.NotificationKind, comment string) []factcheck.Notification {
	if v.Author.ID == user.ID {
		return nil
	}
	return []factcheck.Notification{{ID: uuid.NewString(), UserID: v.Author.ID, WorkspaceID: v.WorkspaceID, Kind: kind, ClaimID: v.ClaimID,
		VerdictID: v.ID, Actor: factcheck.UserRef{ID: user.ID, Name: user.Name}, Comment: comment, CreatedAt: nowUTC()}}
}

// Notifications lists the user's notifications in a workspace, newest
// first, with the number unread.
func (s *Service) Notifications(ctx context.Context, user factcheck.User, slug string) ([]factcheck.Notification, int, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, 0, err
	}
	return s.store.Notifications(ctx, user.ID, m.Workspace.ID, 50)
}

// MarkNotificationsRead marks the user's notifications read (all of them
// when ids is nil) and returns how many are still unread.
func (s *Service) MarkNotificationsRead(ctx context.Context, user factcheck.User, slug string, ids []string) (int, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if !validID(id) {
			return 0, factcheck.Invalid("ids", "ids[%d] is not a notification id", i)
		}
	}
	if err := s.store.MarkNotificationsRead(ctx, user.ID, m.Workspace.ID, ids); err != nil {
		return 0, err
	}
	return s.store.UnreadNotifications(ctx, user.ID, m.Workspace.ID)
}
