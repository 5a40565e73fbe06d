package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type membershipRow struct {
	WorkspaceID string `gorm:"primaryKey"`
	UserID      string `gorm:"primaryKey"`
	Role        string
	CreatedAt   time.Time
}

func (membershipRow) TableName() string { return "memberships" }

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

// Members lists a workspace's members by name.
func (q queries) Members(ctx context.Context, workspaceID string) ([]factcheck.MemberRef, error) {
	var rows []struct {
		ID, Name, Role string
	}
	err := q.db.WithContext(ctx).Raw(`SELECT u.id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.workspace_id = ? AND u.disabled_at IS NULL ORDER BY u.name, u.id`, workspaceID).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "member")
	}
	out := make([]factcheck.MemberRef, 0, len(rows))
	for _, r := range rows {
		out = append(out, factcheck.MemberRef{ID: r.ID, Name: r.Name, Role: factcheck.Role(r.Role)})
	}
	return out, nil
}

// RemoveMembership takes a user out of a workspace. It reports whether they
// were in it.
func (q queries) RemoveMembership(ctx context.Context, workspaceID, userID string) (bool, error) {
	res := q.db.WithContext(ctx).Where("workspace_id = ? AND user_id = ?", workspaceID, userID).Delete(&membershipRow{})
	return res.RowsAffected == 1, translate(res.Error, "membership")
}

// CountAdmins counts a workspace's admins.
func (q queries) CountAdmins(ctx context.Context, workspaceID string) (int64, error) {
	var n int64
	err := q.db.WithContext(ctx).Model(&membershipRow{}).Where("workspace_id = ? AND role = 'admin'", workspaceID).Count(&n).Error
	return n, translate(err, "member")
}
