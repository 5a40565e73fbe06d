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
	Tags             textArray `gorm:"type:text[]"`
	ClaimID          *string
	ResolvedAt       *time.Time
	ResolvedBy       *string
	AnchorMethod     string
	CreatedBy        string
	UpdatedBy        *string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int
}

func (annotationRow) TableName() string { return "annotations" }

// annotationView is an annotation with the names it shows.
type annotationView struct {
	Row            annotationRow `gorm:"embedded"`
	AuthorName     string
	UpdaterName    *string
	ResolverName   *string
	ClaimStatement *string
}

func (r annotationView) toDomain() factcheck.Annotation {
	a := factcheck.Annotation{
		ID: r.Row.ID, WorkspaceID: r.Row.WorkspaceID, ArticleID: r.Row.ArticleID, ArticleVersionID: r.Row.ArticleVersionID,
		Kind:      factcheck.AnnotationKind(r.Row.Kind),
		Quote:     factcheck.TextQuote{Exact: r.Row.QuoteExact, Prefix: r.Row.QuotePrefix, Suffix: r.Row.QuoteSuffix},
		Position:  factcheck.TextPosition{Start: r.Row.PositionStart, End: r.Row.PositionEnd},
		Body:      r.Row.Body,
		Tags:      []string(r.Row.Tags),
		Anchor:    factcheck.AnchorMethod(r.Row.AnchorMethod),
		CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName},
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version,
		ResolvedAt: r.Row.ResolvedAt,
		Replies:    []factcheck.Reply{},
	}
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if r.Row.ClaimID != nil {
		a.Claim = &factcheck.ClaimRef{ID: *r.Row.ClaimID}
		if r.ClaimStatement != nil {
			a.Claim.Statement = *r.ClaimStatement
		}
	}
	if r.Row.ResolvedBy != nil {
		a.ResolvedBy = &factcheck.UserRef{ID: *r.Row.ResolvedBy}
		if r.ResolverName != nil {
			a.ResolvedBy.Name = *r.ResolverName
		}
	}
	a.UpdatedBy = userRef(r.Row.UpdatedBy, r.UpdaterName)
	return a
}

const annotationViewSelect = `n.*, u.name AS author_name, ru.name AS resolver_name, c.statement AS claim_statement, ub.name AS updater_name`

func (q queries) annotationQuery(ctx context.Context) *gormDB {
	return q.db.WithContext(ctx).Table("annotations n").Select(annotationViewSelect).
		Joins("JOIN users u ON u.id = n.created_by").
		Joins("LEFT JOIN users ru ON ru.id = n.resolved_by").
		Joins("LEFT JOIN claims c ON c.id = n.claim_id").
		Joins("LEFT JOIN users ub ON ub.id = n.updated_by")
}

func annotationToRow(a factcheck.Annotation) annotationRow {
	r := annotationRow{
		ID: a.ID, WorkspaceID: a.WorkspaceID, ArticleID: a.ArticleID, ArticleVersionID: a.ArticleVersionID, Kind: string(a.Kind),
		QuoteExact: a.Quote.Exact, QuotePrefix: a.Quote.Prefix, QuoteSuffix: a.Quote.Suffix,
		PositionStart: a.Position.Start, PositionEnd: a.Position.End, Body: a.Body, Tags: textArray(a.Tags),
		ResolvedAt: a.ResolvedAt, AnchorMethod: string(a.Anchor), CreatedBy: a.CreatedBy.ID,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version,
	}
	if r.Tags == nil {
		r.Tags = textArray{}
	}
	if r.AnchorMethod == "" {
		r.AnchorMethod = string(factcheck.AnchorExact)
	}
	if a.Claim != nil {
		r.ClaimID = &a.Claim.ID
	}
	if a.ResolvedBy != nil {
		r.ResolvedBy = &a.ResolvedBy.ID
	}
	if a.UpdatedBy != nil {
		r.UpdatedBy = &a.UpdatedBy.ID
	}
	return r
}

// CreateAnnotation stores a new annotation. It is the hottest write, so it
// is plain SQL rather than GORM's reflective Create.
func (q queries) CreateAnnotation(ctx context.Context, a factcheck.Annotation) error {
	r := annotationToRow(a)
	err := q.db.WithContext(ctx).Exec(`INSERT INTO annotations (id, workspace_id, article_id, article_version_id, kind,
		quote_exact, quote_prefix, quote_suffix, position_start, position_end, body, tags, claim_id, resolved_at, resolved_by,
		anchor_method, created_by, updated_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.WorkspaceID, r.ArticleID, r.ArticleVersionID, r.Kind, r.QuoteExact, r.QuotePrefix, r.QuoteSuffix,
		r.PositionStart, r.PositionEnd, r.Body, r.Tags, r.ClaimID, r.ResolvedAt, r.ResolvedBy, r.AnchorMethod, r.CreatedBy,
		r.UpdatedBy, r.CreatedAt, r.UpdatedAt, r.Version).Error
	return translate(err, "annotation")
}

// UpdateAnnotation saves a's editable fields (note, kind, tags, claim,
// resolution, anchoring and selectors) if its stored version is still
// basedOn, and bumps the version. It reports whether it did.
func (q queries) UpdateAnnotation(ctx context.Context, a factcheck.Annotation, basedOn int) (bool, error) {
	r := annotationToRow(a)
	res := q.db.WithContext(ctx).Model(&annotationRow{}).Where("id = ? AND version = ?", a.ID, basedOn).
		Updates(map[string]any{
			"kind": r.Kind, "body": r.Body, "tags": r.Tags, "claim_id": r.ClaimID, "resolved_at": r.ResolvedAt, "resolved_by": r.ResolvedBy,
			"article_version_id": r.ArticleVersionID, "quote_exact": r.QuoteExact, "quote_prefix": r.QuotePrefix, "quote_suffix": r.QuoteSuffix,
			"position_start": r.PositionStart, "position_end": r.PositionEnd, "anchor_method": r.AnchorMethod, "updated_by": r.UpdatedBy,
			"updated_at": time.Now().UTC(), "version": gormExpr("version + 1"),
		})
	if res.Error != nil {
		return false, translate(res.Error, "annotation")
	}
	return res.RowsAffected == 1, nil
}

// DeleteAnnotation deletes an annotation (and its replies) if its stored
// version is still basedOn (0: any version). It reports whether it did.
func (q queries) DeleteAnnotation(ctx context.Context, id string, basedOn int) (bool, error) {
	db := q.db.WithContext(ctx).Where("id = ?", id)
	if basedOn > 0 {
		db = db.Where("version = ?", basedOn)
	}
	res := db.Delete(&annotationRow{})
	return res.RowsAffected == 1, translate(res.Error, "annotation")
}

// Annotations lists an article's annotations in document order, with their
// replies. It is the hot path of opening an article (a thousand rows is
// normal), so it scans rows itself instead of through reflection.
func (q queries) Annotations(ctx context.Context, articleID string) ([]factcheck.Annotation, error) {
	rows, err := q.db.WithContext(ctx).Raw(`
		SELECT n.id, n.workspace_id, n.article_id, n.article_version_id, n.kind, n.quote_exact, n.quote_prefix, n.quote_suffix,
			n.position_start, n.position_end, n.body, n.tags, n.claim_id, c.statement, n.resolved_at, n.resolved_by, ru.name,
			n.anchor_method, n.created_by, u.name, n.updated_by, ub.name, n.created_at, n.updated_at, n.version
		FROM annotations n
		JOIN users u ON u.id = n.created_by
		LEFT JOIN users ru ON ru.id = n.resolved_by
		LEFT JOIN users ub ON ub.id = n.updated_by
		LEFT JOIN claims c ON c.id = n.claim_id
		WHERE n.article_id = ?
		ORDER BY n.position_start, n.position_end, n.created_at, n.id`, articleID).Rows()
	if err != nil {
		return nil, translate(err, "annotation")
	}
	defer rows.Close()
	out := []factcheck.Annotation{}
	for rows.Next() {
		var a factcheck.Annotation
		var tags textArray
		var claimID, claimStatement, resolvedBy, resolverName, updatedBy, updaterName *string
		err := rows.Scan(&a.ID, &a.WorkspaceID, &a.ArticleID, &a.ArticleVersionID, &a.Kind, &a.Quote.Exact, &a.Quote.Prefix, &a.Quote.Suffix,
			&a.Position.Start, &a.Position.End, &a.Body, &tags, &claimID, &claimStatement, &a.ResolvedAt, &resolvedBy, &resolverName,
			&a.Anchor, &a.CreatedBy.ID, &a.CreatedBy.Name, &updatedBy, &updaterName, &a.CreatedAt, &a.UpdatedAt, &a.Version)
		if err != nil {
			return nil, translate(err, "annotation")
		}
		a.Tags = []string(tags)
		if a.Tags == nil {
			a.Tags = []string{}
		}
		if claimID != nil {
			a.Claim = &factcheck.ClaimRef{ID: *claimID, Statement: deref(claimStatement)}
		}
		if resolvedBy != nil {
			a.ResolvedBy = &factcheck.UserRef{ID: *resolvedBy, Name: deref(resolverName)}
		}
		a.UpdatedBy = userRef(updatedBy, updaterName)
		a.Replies = []factcheck.Reply{}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "annotation")
	}
	return out, q.attachReplies(ctx, out, "n.article_id = ?", articleID)
}

// Annotation finds one annotation with its replies.
func (q queries) Annotation(ctx context.Context, id string) (factcheck.Annotation, error) {
	var r annotationView
	if err := q.annotationQuery(ctx).Where("n.id = ?", id).Take(&r).Error; err != nil {
		return factcheck.Annotation{}, translate(err, "annotation")
	}
	out := []factcheck.Annotation{r.toDomain()}
	err := q.attachReplies(ctx, out, "n.id = ?", id)
	return out[0], err
}
