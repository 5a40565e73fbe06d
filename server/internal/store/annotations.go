package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type annotationRow struct {
	ID               string `gorm:"primaryKey"`
	WorkspaceID      string
	ArticleID        string
	ArticleVersionID string
	Kind             string
	QuoteExact       string
	QuotePrefix      string
	QuoteSuffix      string
	PositionStart    int
	PositionEnd      int
	Body             string
	CreatedBy        string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int
}

func (annotationRow) TableName() string { return "annotations" }

type annotationWithAuthor struct {
	Row        annotationRow `gorm:"embedded"`
	AuthorName string
}

func (r annotationWithAuthor) toDomain() factcheck.Annotation {
	return factcheck.Annotation{
		ID: r.Row.ID, WorkspaceID: r.Row.WorkspaceID, ArticleID: r.Row.ArticleID, ArticleVersionID: r.Row.ArticleVersionID,
		Kind:      factcheck.AnnotationKind(r.Row.Kind),
		Quote:     factcheck.TextQuote{Exact: r.Row.QuoteExact, Prefix: r.Row.QuotePrefix, Suffix: r.Row.QuoteSuffix},
		Position:  factcheck.TextPosition{Start: r.Row.PositionStart, End: r.Row.PositionEnd},
		Body:      r.Row.Body,
		CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName},
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version,
	}
}

// CreateAnnotation stores a new annotation.
func (q queries) CreateAnnotation(ctx context.Context, a factcheck.Annotation) error {
	r := annotationRow{
		ID: a.ID, WorkspaceID: a.WorkspaceID, ArticleID: a.ArticleID, ArticleVersionID: a.ArticleVersionID, Kind: string(a.Kind),
		QuoteExact: a.Quote.Exact, QuotePrefix: a.Quote.Prefix, QuoteSuffix: a.Quote.Suffix,
		PositionStart: a.Position.Start, PositionEnd: a.Position.End, Body: a.Body, CreatedBy: a.CreatedBy.ID,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version,
	}
	return translate(q.db.WithContext(ctx).Create(&r).Error, "annotation")
}

// Annotations lists an article's annotations in document order.
func (q queries) Annotations(ctx context.Context, articleID string) ([]factcheck.Annotation, error) {
	var rows []annotationWithAuthor
	err := q.db.WithContext(ctx).Table("annotations n").Select("n.*, u.name AS author_name").
		Joins("JOIN users u ON u.id = n.created_by").Where("n.article_id = ?", articleID).
		Order("n.position_start, n.position_end, n.created_at, n.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "annotation")
	}
	out := make([]factcheck.Annotation, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// Annotation finds one annotation.
func (q queries) Annotation(ctx context.Context, id string) (factcheck.Annotation, error) {
	var r annotationWithAuthor
	err := q.db.WithContext(ctx).Table("annotations n").Select("n.*, u.name AS author_name").
		Joins("JOIN users u ON u.id = n.created_by").Where("n.id = ?", id).Take(&r).Error
	if err != nil {
		return factcheck.Annotation{}, translate(err, "annotation")
	}
	return r.toDomain(), nil
}
