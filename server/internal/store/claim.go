package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type claimRow struct {
	ID          string `gorm:"primaryKey"`
	WorkspaceID string
	Statement   string
	Claimant    string
	ClaimDate   *time.Time `gorm:"type:date"`
	CreatedBy   string
	UpdatedBy   *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	AssigneeID  *string
	AssignedAt  *time.Time
}

func (claimRow) TableName() string { return "claims" }

type claimView struct {
	Row             claimRow `gorm:"embedded"`
	WorkspaceSlug   string
	AuthorName      string
	UpdaterName     *string
	AnnotationCount int
	EvidenceCount   int
	AssigneeName    *string
	VerdictID       *string
	VerdictState    *string
	VerdictRating   *string
	Similarity      float64
}

func (r claimView) toDomain() factcheck.Claim {
	return factcheck.Claim{
		ID: r.Row.ID, WorkspaceID: r.Row.WorkspaceID, WorkspaceSlug: r.WorkspaceSlug, Statement: r.Row.Statement,
		Claimant: r.Row.Claimant, ClaimDate: r.Row.ClaimDate, CreatedBy: factcheck.UserRef{ID: r.Row.CreatedBy, Name: r.AuthorName},
		UpdatedBy: userRef(r.Row.UpdatedBy, r.UpdaterName),
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, Version: r.Row.Version,
		AnnotationCount: r.AnnotationCount, EvidenceCount: r.EvidenceCount,
		Assignee: userRef(r.Row.AssigneeID, r.AssigneeName), Verdict: verdictRef(r.VerdictID, r.VerdictState, r.VerdictRating),
	}
}

func verdictRef(id, state, rating *string) *factcheck.VerdictRef {
	if id == nil || state == nil || rating == nil {
		return nil
	}
	return &factcheck.VerdictRef{ID: *id, State: factcheck.VerdictState(*state), Rating: *rating}
}

const claimViewSelect = `c.*, w.slug AS workspace_slug, u.name AS author_name,
	(SELECT name FROM users WHERE id = c.updated_by) AS updater_name,
	(SELECT count(*) FROM annotations n WHERE n.claim_id = c.id) AS annotation_count,
	(SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS evidence_count,
	asg.name AS assignee_name, v.id AS verdict_id, v.state AS verdict_state, v.rating AS verdict_rating`

// claimFrom is the claim view's tables; claimViewSelect reads them.
func (q queries) claimFrom(ctx context.Context) *gormDB {
	return q.db.WithContext(ctx).Table("claims c").
		Joins("JOIN workspaces w ON w.id = c.workspace_id").Joins("JOIN users u ON u.id = c.created_by").
		Joins("LEFT JOIN users asg ON asg.id = c.assignee_id").Joins("LEFT JOIN verdicts v ON v.claim_id = c.id")
}

func (q queries) claimQuery(ctx context.Context) *gormDB {
	return q.claimFrom(ctx).Select(claimViewSelect)
}

func scanClaims(db *gormDB) ([]factcheck.Claim, error) {
	var rows []claimView
	if err := db.Scan(&rows).Error; err != nil {
		return nil, translate(err, "claim")
	}
	out := make([]factcheck.Claim, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out, nil
}

// CreateClaim stores a new claim.
func (q queries) CreateClaim(ctx context.Context, c factcheck.Claim) error {
	r := claimRow{ID: c.ID, WorkspaceID: c.WorkspaceID, Statement: c.Statement, Claimant: c.Claimant, ClaimDate: c.ClaimDate,
		CreatedBy: c.CreatedBy.ID, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version}
	return translate(q.db.WithContext(ctx).Create(&r).Error, "claim")
}

// UpdateClaim saves a claim's statement, claimant and date if its stored
// version is still basedOn.
func (q queries) UpdateClaim(ctx context.Context, c factcheck.Claim, basedOn int) (bool, error) {
	res := q.db.WithContext(ctx).Model(&claimRow{}).Where("id = ? AND version = ?", c.ID, basedOn).
		Updates(map[string]any{"statement": c.Statement, "claimant": c.Claimant, "claim_date": c.ClaimDate, "updated_by": userID(c.UpdatedBy),
			"updated_at": time.Now().UTC(), "version": gormExpr("version + 1")})
	return res.RowsAffected == 1, translate(res.Error, "claim")
}

// Claim finds one claim.
func (q queries) Claim(ctx context.Context, id string) (factcheck.Claim, error) {
	var r claimView
	if err := q.claimQuery(ctx).Where("c.id = ?", id).Take(&r).Error; err != nil {
		return factcheck.Claim{}, translate(err, "claim")
	}
	return r.toDomain(), nil
}

// Claims lists a workspace's claims, newest first.
func (q queries) Claims(ctx context.Context, workspaceID string, limit int) ([]factcheck.Claim, error) {
	return scanClaims(q.claimQuery(ctx).Where("c.workspace_id = ?", workspaceID).Order("c.created_at DESC, c.id").Limit(limit))
}

// SimilarClaims finds a workspace's claims whose statement is like the
// given one, by trigram word similarity, most similar first.
func (q queries) SimilarClaims(ctx context.Context, workspaceID, statement string, limit int) ([]factcheck.SimilarClaim, error) {
	var rows []claimView
	err := q.claimFrom(ctx).
		Select(claimViewSelect+`, greatest(similarity(c.statement, ?), word_similarity(?, c.statement)) AS similarity`, statement, statement).
		Where("c.workspace_id = ? AND (c.statement % ? OR ? <% c.statement)", workspaceID, statement, statement).
		Order("similarity DESC, c.created_at DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "claim")
	}
	out := make([]factcheck.SimilarClaim, 0, len(rows))
	for _, r := range rows {
		out = append(out, factcheck.SimilarClaim{Claim: r.toDomain(), Similarity: r.Similarity})
	}
	return out, nil
}

// ClaimAppearances lists the highlights that quote a claim, with their
// articles.
func (q queries) ClaimAppearances(ctx context.Context, claimID string) ([]factcheck.ClaimAppearance, error) {
	var rows []struct {
		AnnotationID string
		ArticleID    string
		ArticleTitle string
		Quote        string
		Anchor       string
	}
	err := q.db.WithContext(ctx).Raw(`
		SELECT n.id AS annotation_id, a.id AS article_id, a.title AS article_title, n.quote_exact AS quote, n.anchor_method AS anchor
		FROM annotations n JOIN articles a ON a.id = n.article_id
		WHERE n.claim_id = ? ORDER BY n.created_at, n.id`, claimID).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "claim")
	}
	out := make([]factcheck.ClaimAppearance, 0, len(rows))
	for _, r := range rows {
		out = append(out, factcheck.ClaimAppearance{AnnotationID: r.AnnotationID, ArticleID: r.ArticleID, ArticleTitle: r.ArticleTitle,
			Quote: r.Quote, Orphaned: r.Anchor == string(factcheck.AnchorOrphaned)})
	}
	return out, nil
}

// ArticleClaims lists the claims highlighted in an article, with the quotes.
func (q queries) ArticleClaims(ctx context.Context, articleID string) ([]factcheck.Claim, map[string][]string, error) {
	claims, err := scanClaims(q.claimQuery(ctx).
		Where("c.id IN (SELECT claim_id FROM annotations WHERE article_id = ? AND claim_id IS NOT NULL)", articleID).
		Order("c.created_at, c.id"))
	if err != nil {
		return nil, nil, err
	}
	var rows []struct {
		ClaimID string
		Quote   string
	}
	err = q.db.WithContext(ctx).Raw(`SELECT claim_id, quote_exact AS quote FROM annotations
		WHERE article_id = ? AND claim_id IS NOT NULL ORDER BY position_start`, articleID).Scan(&rows).Error
	if err != nil {
		return nil, nil, translate(err, "claim")
	}
	quotes := map[string][]string{}
	for _, r := range rows {
		quotes[r.ClaimID] = append(quotes[r.ClaimID], r.Quote)
	}
	return claims, quotes, nil
}

// AssignClaim sets (or, with nil, clears) a claim's assignee if its stored
// version is still basedOn.
func (q queries) AssignClaim(ctx context.Context, claimID string, assigneeID *string, by factcheck.UserRef, basedOn int) (bool, error) {
	var at *time.Time
	if assigneeID != nil {
		now := time.Now().UTC()
		at = &now
	}
	res := q.db.WithContext(ctx).Model(&claimRow{}).Where("id = ? AND version = ?", claimID, basedOn).
		Updates(map[string]any{"assignee_id": assigneeID, "assigned_at": at, "updated_by": by.ID,
			"updated_at": time.Now().UTC(), "version": gormExpr("version + 1")})
	return res.RowsAffected == 1, translate(res.Error, "claim")
}

// AssignedClaims lists the claims assigned to a user in a workspace that
// still need their verdict drafted: none yet, a draft, or sent back.
func (q queries) AssignedClaims(ctx context.Context, workspaceID, userID string) ([]factcheck.Claim, error) {
	return scanClaims(q.claimQuery(ctx).
		Where("c.workspace_id = ? AND c.assignee_id = ? AND (v.id IS NULL OR v.state IN ('draft', 'changes_requested'))", workspaceID, userID).
		Order("c.assigned_at, c.id").Limit(500))
}
