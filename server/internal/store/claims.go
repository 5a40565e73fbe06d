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

// userID is a user reference's id, or nil.
func userID(u *factcheck.UserRef) *string {
	if u == nil {
		return nil
	}
	return &u.ID
}
