package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type sessionRow struct {
	TokenHash  []byte `gorm:"primaryKey"`
	UserID     string
	CSRFToken  string `gorm:"column:csrf_token"`
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// Session is a logged-in browser, found by the hash of its token.
type Session struct {
	User      factcheck.User
	CSRFToken string
	ExpiresAt time.Time
	LastSeen  time.Time
}

// CreateSession stores a session by the hash of its token.
func (q queries) CreateSession(ctx context.Context, tokenHash []byte, userID, csrfToken string, expires time.Time) error {
	now := time.Now().UTC()
	r := sessionRow{TokenHash: tokenHash, UserID: userID, CSRFToken: csrfToken, CreatedAt: now, LastSeenAt: now, ExpiresAt: expires}
	return translate(q.db.WithContext(ctx).Create(&r).Error, "session")
}

// SessionByHash finds a live session and its user. Expired sessions and
// those of disabled users are not found.
func (q queries) SessionByHash(ctx context.Context, tokenHash []byte) (Session, error) {
	var row struct {
		Row            userRow `gorm:"embedded"`
		SessionCSRF    string
		SessionExpires time.Time
		SessionSeen    time.Time
	}
	err := q.db.WithContext(ctx).Table("sessions s").
		Select("u.*, s.csrf_token AS session_csrf, s.expires_at AS session_expires, s.last_seen_at AS session_seen").
		Joins("JOIN users u ON u.id = s.user_id").
		Where("s.token_hash = ? AND s.expires_at > now() AND u.disabled_at IS NULL", tokenHash).
		Take(&row).Error
	if err != nil {
		return Session{}, translate(err, "session")
	}
	return Session{User: row.Row.toDomain(), CSRFToken: row.SessionCSRF, ExpiresAt: row.SessionExpires, LastSeen: row.SessionSeen}, nil
}

// TouchSession records that a session was used and pushes out its expiry.
func (q queries) TouchSession(ctx context.Context, tokenHash []byte, expires time.Time) error {
	err := q.db.WithContext(ctx).Model(&sessionRow{}).Where("token_hash = ?", tokenHash).
		Updates(map[string]any{"last_seen_at": time.Now().UTC(), "expires_at": expires}).Error
	return translate(err, "session")
}

// DeleteSession revokes a session.
func (q queries) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return translate(q.db.WithContext(ctx).Where("token_hash = ?", tokenHash).Delete(&sessionRow{}).Error, "session")
}

// DeleteExpiredSessions removes sessions past their expiry.
func (q queries) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res := q.db.WithContext(ctx).Where("expires_at <= now()").Delete(&sessionRow{})
	return res.RowsAffected, translate(res.Error, "session")
}
