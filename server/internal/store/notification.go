package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// AddNotification stores a notification.
func (q queries) AddNotification(ctx context.Context, n factcheck.Notification) error {
	var verdictID *string
	if n.VerdictID != "" {
		verdictID = &n.VerdictID
	}
	return translate(q.db.WithContext(ctx).Exec(`INSERT INTO notifications
		(id, user_id, workspace_id, kind, claim_id, verdict_id, actor_id, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.UserID, n.WorkspaceID, string(n.Kind), n.ClaimID, verdictID, n.Actor.ID, n.Comment, n.CreatedAt).Error, "notification")
}

// Notifications lists a user's notifications in a workspace, newest first,
// and how many of all of them are unread.
func (q queries) Notifications(ctx context.Context, userID, workspaceID string, limit int) ([]factcheck.Notification, int, error) {
	var rows []struct {
		ID             string
		Kind           string
		ClaimID        string
		ClaimStatement string
		VerdictID      *string
		ActorID        string
		ActorName      string
		Comment        string
		CreatedAt      time.Time
		ReadAt         *time.Time
	}
	err := q.db.WithContext(ctx).Raw(`SELECT n.id, n.kind, n.claim_id, c.statement AS claim_statement, n.verdict_id, n.actor_id,
		u.name AS actor_name, n.comment, n.created_at, n.read_at
		FROM notifications n JOIN claims c ON c.id = n.claim_id JOIN users u ON u.id = n.actor_id
		WHERE n.user_id = ? AND n.workspace_id = ? ORDER BY n.created_at DESC, n.id LIMIT ?`, userID, workspaceID, limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, translate(err, "notification")
	}
	out := make([]factcheck.Notification, 0, len(rows))
	for _, r := range rows {
		n := factcheck.Notification{ID: r.ID, UserID: userID, WorkspaceID: workspaceID, Kind: factcheck.NotificationKind(r.Kind),
			ClaimID: r.ClaimID, ClaimStatement: r.ClaimStatement, Actor: factcheck.UserRef{ID: r.ActorID, Name: r.ActorName},
			Comment: r.Comment, CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
		if r.VerdictID != nil {
			n.VerdictID = *r.VerdictID
		}
		out = append(out, n)
	}
	unread, err := q.UnreadNotifications(ctx, userID, workspaceID)
	return out, unread, err
}

// UnreadNotifications counts a user's unread notifications in a workspace.
func (q queries) UnreadNotifications(ctx context.Context, userID, workspaceID string) (int, error) {
	var n int
	err := q.db.WithContext(ctx).Raw(`SELECT count(*) FROM notifications WHERE user_id = ? AND workspace_id = ? AND read_at IS NULL`,
		userID, workspaceID).Scan(&n).Error
	return n, translate(err, "notification")
}

// MarkNotificationsRead marks a user's notifications in a workspace read:
// the given ones, or all of them when ids is nil.
func (q queries) MarkNotificationsRead(ctx context.Context, userID, workspaceID string, ids []string) error {
	db := q.db.WithContext(ctx).Table("notifications").Where("user_id = ? AND workspace_id = ? AND read_at IS NULL", userID, workspaceID)
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		db = db.Where("id IN ?", ids)
	}
	return translate(db.Update("read_at", time.Now().UTC()).Error, "notification")
}
