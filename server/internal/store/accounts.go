package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type userRow struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	DisabledAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}

func (userRow) TableName() string { return "users" }

func (r userRow) toDomain() factcheck.User {
	return factcheck.User{ID: r.ID, Email: r.Email, Name: r.Name, DisabledAt: r.DisabledAt, CreatedAt: r.CreatedAt}
}

type workspaceRow struct {
	ID        string `gorm:"primaryKey"`
	Slug      string
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
}

func (workspaceRow) TableName() string { return "workspaces" }

func (r workspaceRow) toDomain() factcheck.Workspace {
	return factcheck.Workspace{ID: r.ID, Slug: r.Slug, Name: r.Name}
}

type membershipRow struct {
	WorkspaceID string `gorm:"primaryKey"`
	UserID      string `gorm:"primaryKey"`
	Role        string
	CreatedAt   time.Time
}

func (membershipRow) TableName() string { return "memberships" }

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

// CreateUser stores a new user. The email is kept in lower case.
func (q queries) CreateUser(ctx context.Context, email, name, passwordHash string) (factcheck.User, error) {
	now := time.Now().UTC()
	r := userRow{ID: uuid.NewString(), Email: strings.ToLower(email), Name: name, PasswordHash: passwordHash, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := q.db.WithContext(ctx).Create(&r).Error; err != nil {
		return factcheck.User{}, translate(err, "user")
	}
	return r.toDomain(), nil
}

// UpdateUserCredentials replaces a user's name and password hash.
func (q queries) UpdateUserCredentials(ctx context.Context, userID, name, passwordHash string) error {
	res := q.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", userID).
		Updates(map[string]any{"name": name, "password_hash": passwordHash, "updated_at": time.Now().UTC(), "version": gormExpr("version + 1")})
	if res.Error != nil {
		return translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return factcheck.NotFound("user")
	}
	return nil
}

// UserByEmail finds a user and their password hash.
func (q queries) UserByEmail(ctx context.Context, email string) (factcheck.User, string, error) {
	var r userRow
	if err := q.db.WithContext(ctx).Where("email = ?", strings.ToLower(email)).Take(&r).Error; err != nil {
		return factcheck.User{}, "", translate(err, "user")
	}
	return r.toDomain(), r.PasswordHash, nil
}

// CreateWorkspace stores a new workspace.
func (q queries) CreateWorkspace(ctx context.Context, slug, name string) (factcheck.Workspace, error) {
	now := time.Now().UTC()
	r := workspaceRow{ID: uuid.NewString(), Slug: slug, Name: name, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := q.db.WithContext(ctx).Create(&r).Error; err != nil {
		return factcheck.Workspace{}, translate(err, "workspace")
	}
	return r.toDomain(), nil
}

// WorkspaceBySlug finds a workspace.
func (q queries) WorkspaceBySlug(ctx context.Context, slug string) (factcheck.Workspace, error) {
	var r workspaceRow
	if err := q.db.WithContext(ctx).Where("slug = ?", slug).Take(&r).Error; err != nil {
		return factcheck.Workspace{}, translate(err, "workspace")
	}
	return r.toDomain(), nil
}

// CountWorkspaces counts the workspaces on this server.
func (q queries) CountWorkspaces(ctx context.Context) (int64, error) {
	var n int64
	err := q.db.WithContext(ctx).Model(&workspaceRow{}).Count(&n).Error
	return n, translate(err, "workspace")
}

// SetMembership gives a user a role in a workspace, replacing any earlier role.
func (q queries) SetMembership(ctx context.Context, workspaceID, userID string, role factcheck.Role) error {
	err := q.db.WithContext(ctx).Exec(`
		INSERT INTO memberships (workspace_id, user_id, role) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
		workspaceID, userID, string(role)).Error
	return translate(err, "membership")
}

// Memberships lists a user's workspaces and roles, by workspace name.
func (q queries) Memberships(ctx context.Context, userID string) ([]factcheck.Membership, error) {
	var rows []struct {
		Row  workspaceRow `gorm:"embedded"`
		Role string
	}
	err := q.db.WithContext(ctx).Table("memberships m").
		Select("w.*, m.role").Joins("JOIN workspaces w ON w.id = m.workspace_id").
		Where("m.user_id = ?", userID).Order("w.name, w.slug").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "membership")
	}
	out := make([]factcheck.Membership, 0, len(rows))
	for _, r := range rows {
		out = append(out, factcheck.Membership{Workspace: r.Row.toDomain(), Role: factcheck.Role(r.Role)})
	}
	return out, nil
}

// Member finds a user's role in the workspace with the given slug. A
// workspace the user does not belong to is not found, exactly as one that
// does not exist.
func (q queries) Member(ctx context.Context, user factcheck.User, slug string) (factcheck.Member, error) {
	var row struct {
		Row  workspaceRow `gorm:"embedded"`
		Role string
	}
	err := q.db.WithContext(ctx).Table("workspaces w").
		Select("w.*, m.role").Joins("JOIN memberships m ON m.workspace_id = w.id AND m.user_id = ?", user.ID).
		Where("w.slug = ?", slug).Take(&row).Error
	if err != nil {
		return factcheck.Member{}, translate(err, "workspace")
	}
	return factcheck.Member{User: user, Workspace: row.Row.toDomain(), Role: factcheck.Role(row.Role)}, nil
}

// MemberByWorkspaceID is Member by the workspace's id.
func (q queries) MemberByWorkspaceID(ctx context.Context, user factcheck.User, workspaceID string) (factcheck.Member, error) {
	var row struct {
		Row  workspaceRow `gorm:"embedded"`
		Role string
	}
	err := q.db.WithContext(ctx).Table("workspaces w").
		Select("w.*, m.role").Joins("JOIN memberships m ON m.workspace_id = w.id AND m.user_id = ?", user.ID).
		Where("w.id = ?", workspaceID).Take(&row).Error
	if err != nil {
		return factcheck.Member{}, translate(err, "workspace")
	}
	return factcheck.Member{User: user, Workspace: row.Row.toDomain(), Role: factcheck.Role(row.Role)}, nil
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

// RemoveMembership takes a user out of a workspace. It reports whether they
// were in it.
func (q queries) RemoveMembership(ctx context.Context, workspaceID, userID string) (bool, error) {
	res := q.db.WithContext(ctx).Where("workspace_id = ? AND user_id = ?", workspaceID, userID).Delete(&membershipRow{})
	return res.RowsAffected == 1, translate(res.Error, "membership")
}

// MemberRole returns a user's role in a workspace; not found when they are
// not a member.
func (q queries) MemberRole(ctx context.Context, workspaceID, userID string) (factcheck.Role, error) {
	var r membershipRow
	err := q.db.WithContext(ctx).Where("workspace_id = ? AND user_id = ?", workspaceID, userID).Take(&r).Error
	if err != nil {
		return "", translate(err, "member")
	}
	return factcheck.Role(r.Role), nil
}

// CountAdmins counts a workspace's admins.
func (q queries) CountAdmins(ctx context.Context, workspaceID string) (int64, error) {
	var n int64
	err := q.db.WithContext(ctx).Model(&membershipRow{}).Where("workspace_id = ? AND role = 'admin'", workspaceID).Count(&n).Error
	return n, translate(err, "member")
}

// DisableUser stops a user from logging in and ends their sessions.
func (q queries) DisableUser(ctx context.Context, userID string) error {
	err := q.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", userID).
		Updates(map[string]any{"disabled_at": time.Now().UTC(), "updated_at": time.Now().UTC(), "version": gormExpr("version + 1")}).Error
	if err == nil {
		err = q.db.WithContext(ctx).Where("user_id = ?", userID).Delete(&sessionRow{}).Error
	}
	return translate(err, "user")
}

// ArticleMember finds the user's membership of the workspace an article
// belongs to, in one query; not found when the article does not exist or
// the user is not a member there (the two cannot be told apart).
func (q queries) ArticleMember(ctx context.Context, user factcheck.User, articleID string) (factcheck.Member, error) {
	var row struct {
		Row  workspaceRow `gorm:"embedded"`
		Role string
	}
	err := q.db.WithContext(ctx).Table("articles a").Select("w.*, m.role").
		Joins("JOIN workspaces w ON w.id = a.workspace_id").
		Joins("JOIN memberships m ON m.workspace_id = a.workspace_id AND m.user_id = ?", user.ID).
		Where("a.id = ?", articleID).Take(&row).Error
	if err != nil {
		return factcheck.Member{}, translate(err, "article")
	}
	return factcheck.Member{User: user, Workspace: row.Row.toDomain(), Role: factcheck.Role(row.Role)}, nil
}
