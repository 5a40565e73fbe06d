package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type evidenceRow struct {
	ID            string `gorm:"primaryKey"`
	ClaimID       string
	WorkspaceID   string
	URL           string `gorm:"column:url"`
	Title         string
	Publisher     string
	QuotedPassage string
	Stance        string
	ConsultedOn   *time.Time `gorm:"type:date"`
	CreatedBy     string
	UpdatedBy     *string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}

func (evidenceRow) TableName() string { return "evidence" }

type evidenceView struct {
	Row         evidenceRow `gorm:"embedded"`
	AuthorName  string
	UpdaterName *string
}

func (r evidenceView) toDomain() factcheck.Evidence {
	return factcheck.Evidence{ID: r.Row.ID, ClaimID: r.Row.ClaimID, WorkspaceID: r.Row.WorkspaceID, URL: r.Row.URL, Title: r.Row.Title,
		Publisher: r.Row.Publisher, QuotedPassage: r.Row.QuotedPassage, Stance: factcheck.Stance(r.Row.Stance), ConsultedOn: r.Row.ConsultedOn,
		CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName}, UpdatedBy: userRef(r.Row.UpdatedBy, r.UpdaterName),
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version}
}

func evidenceToRow(e factcheck.Evidence) evidenceRow {
	return evidenceRow{ID: e.ID, ClaimID: e.ClaimID, WorkspaceID: e.WorkspaceID, URL: e.URL, Title: e.Title, Publisher: e.Publisher,
		QuotedPassage: e.QuotedPassage, Stance: string(e.Stance), ConsultedOn: e.ConsultedOn, CreatedBy: e.CreatedBy.ID,
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, Version: e.Version}
}

func (q queries) evidenceQuery(ctx context.Context) *gormDB {
	return q.db.WithContext(ctx).Table("evidence e").Select("e.*, u.name AS author_name, ub.name AS updater_name").
		Joins("JOIN users u ON u.id = e.created_by").Joins("LEFT JOIN users ub ON ub.id = e.updated_by")
}

// CreateEvidence stores a piece of evidence.
func (q queries) CreateEvidence(ctx context.Context, e factcheck.Evidence) error {
	r := evidenceToRow(e)
	return translate(q.db.WithContext(ctx).Create(&r).Error, "evidence")
}

// UpdateEvidence saves a piece of evidence if its stored version is still
// basedOn.
func (q queries) UpdateEvidence(ctx context.Context, e factcheck.Evidence, basedOn int) (bool, error) {
	r := evidenceToRow(e)
	res := q.db.WithContext(ctx).Model(&evidenceRow{}).Where("id = ? AND version = ?", e.ID, basedOn).
		Updates(map[string]any{"url": r.URL, "title": r.Title, "publisher": r.Publisher, "quoted_passage": r.QuotedPassage,
			"stance": r.Stance, "consulted_on": r.ConsultedOn, "updated_by": userID(e.UpdatedBy), "updated_at": time.Now().UTC(),
			"version": gormExpr("version + 1")})
	return res.RowsAffected == 1, translate(res.Error, "evidence")
}

// DeleteEvidence removes a piece of evidence if its stored version is still
// basedOn (0: any version).
func (q queries) DeleteEvidence(ctx context.Context, id string, basedOn int) (bool, error) {
	db := q.db.WithContext(ctx).Where("id = ?", id)
	if basedOn > 0 {
		db = db.Where("version = ?", basedOn)
	}
	res := db.Delete(&evidenceRow{})
	return res.RowsAffected == 1, translate(res.Error, "evidence")
}

// Evidence finds one piece of evidence.
func (q queries) Evidence(ctx context.Context, id string) (factcheck.Evidence, error) {
	var r evidenceView
	if err := q.evidenceQuery(ctx).Where("e.id = ?", id).Take(&r).Error; err != nil {
		return factcheck.Evidence{}, translate(err, "evidence")
	}
	return r.toDomain(), nil
}

// ClaimEvidence lists a claim's evidence, oldest first.
func (q queries) ClaimEvidence(ctx context.Context, claimID string) ([]factcheck.Evidence, error) {
	var rows []evidenceView
	if err := q.evidenceQuery(ctx).Where("e.claim_id = ?", claimID).Order("e.created_at, e.id").Scan(&rows).Error; err != nil {
		return nil, translate(err, "evidence")
	}
	out := make([]factcheck.Evidence, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}
