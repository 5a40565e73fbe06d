package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

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
