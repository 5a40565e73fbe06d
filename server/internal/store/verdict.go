package store

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

type verdictRow struct {
	ID             string `gorm:"primaryKey"`
	WorkspaceID    string
	ClaimID        string
	State          string
	Rating         string
	Rationale      string
	EvidenceIDs    textArray `gorm:"column:evidence_ids;type:uuid[]"`
	ContributorIDs textArray `gorm:"column:contributor_ids;type:uuid[]"`
	AuthorID       string
	ReviewerID     *string
	ReviewComment  string
	SentBackBy     *string
	SubmittedAt    *time.Time
	ApprovedAt     *time.Time
	PublishedAt    *time.Time
	CorrectedAt    *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	UpdatedBy      *string
	Version        int
}

func (verdictRow) TableName() string { return "verdicts" }

type verdictView struct {
	Row            verdictRow `gorm:"embedded"`
	WorkspaceSlug  string
	AuthorName     string
	ReviewerName   *string
	SentBackByName *string
	UpdaterName    *string
	Publications   int
	ClaimStatement string
	ArticleID      *string
	ArticleTitle   *string
}

func (r verdictView) toDomain() factcheck.Verdict {
	ids := []string(r.Row.EvidenceIDs)
	if ids == nil {
		ids = []string{}
	}
	return factcheck.Verdict{
		ID: r.Row.ID, WorkspaceID: r.Row.WorkspaceID, WorkspaceSlug: r.WorkspaceSlug, ClaimID: r.Row.ClaimID, State: factcheck.VerdictState(r.Row.State),
		Rating: r.Row.Rating, Rationale: r.Row.Rationale, EvidenceIDs: ids,
		Author: factcheck.UserRef{ID: r.Row.AuthorID, Name: r.AuthorName}, Contributors: []string(r.Row.ContributorIDs),
		Reviewer: userRef(r.Row.ReviewerID, r.ReviewerName), ReviewComment: r.Row.ReviewComment, SentBackBy: userRef(r.Row.SentBackBy, r.SentBackByName), SubmittedAt: r.Row.SubmittedAt, ApprovedAt: r.Row.ApprovedAt,
		PublishedAt: r.Row.PublishedAt, CorrectedAt: r.Row.CorrectedAt, Publications: r.Publications,
		CreatedAt: r.Row.CreatedAt, UpdatedAt: r.Row.UpdatedAt, UpdatedBy: userRef(r.Row.UpdatedBy, r.UpdaterName), Version: r.Row.Version,
	}
}

func verdictToRow(v factcheck.Verdict) verdictRow {
	var reviewer *string
	if v.Reviewer != nil {
		reviewer = &v.Reviewer.ID
	}
	return verdictRow{ID: v.ID, WorkspaceID: v.WorkspaceID, ClaimID: v.ClaimID, State: string(v.State), Rating: v.Rating,
		Rationale: v.Rationale, EvidenceIDs: textArray(v.EvidenceIDs), ContributorIDs: textArray(v.Contributors), AuthorID: v.Author.ID,
		ReviewerID: reviewer, ReviewComment: v.ReviewComment, SentBackBy: userID(v.SentBackBy), SubmittedAt: v.SubmittedAt, ApprovedAt: v.ApprovedAt, PublishedAt: v.PublishedAt,
		CorrectedAt: v.CorrectedAt, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, UpdatedBy: userID(v.UpdatedBy), Version: v.Version}
}

// verdictQuery reads verdicts with their people, their claim's statement
// and the first article the claim appears in.
func (q queries) verdictQuery(ctx context.Context) *gormDB {
	return q.db.WithContext(ctx).Table("verdicts v").Select(`v.*, w.slug AS workspace_slug, u.name AS author_name, r.name AS reviewer_name, sb.name AS sent_back_by_name, ub.name AS updater_name,
		(SELECT count(*) FROM verdict_publications p WHERE p.verdict_id = v.id) AS publications,
		c.statement AS claim_statement, first.article_id, first.article_title`).
		Joins("JOIN workspaces w ON w.id = v.workspace_id").Joins("JOIN users u ON u.id = v.author_id").Joins("LEFT JOIN users r ON r.id = v.reviewer_id").Joins("LEFT JOIN users sb ON sb.id = v.sent_back_by").
		Joins("LEFT JOIN users ub ON ub.id = v.updated_by").Joins("JOIN claims c ON c.id = v.claim_id").
		Joins(`LEFT JOIN LATERAL (SELECT a.id AS article_id, a.title AS article_title FROM annotations n JOIN articles a ON a.id = n.article_id
			WHERE n.claim_id = v.claim_id ORDER BY n.created_at, n.id LIMIT 1) first ON true`)
}

func scanVerdicts(db *gormDB) ([]factcheck.VerdictItem, error) {
	var rows []verdictView
	if err := db.Scan(&rows).Error; err != nil {
		return nil, translate(err, "verdict")
	}
	out := make([]factcheck.VerdictItem, 0, len(rows))
	for _, r := range rows {
		item := factcheck.VerdictItem{Verdict: r.toDomain(), ClaimStatement: r.ClaimStatement}
		if r.ArticleID != nil && r.ArticleTitle != nil {
			item.ArticleID, item.ArticleTitle = *r.ArticleID, *r.ArticleTitle
		}
		out = append(out, item)
	}
	return out, nil
}

// CreateVerdict stores a new verdict. A claim has one: a second is a
// conflict.
func (q queries) CreateVerdict(ctx context.Context, v factcheck.Verdict) error {
	r := verdictToRow(v)
	err := q.db.WithContext(ctx).Create(&r).Error
	if isUniqueViolation(err) {
		return &factcheck.Error{Code: factcheck.CodeConflict, Message: "this claim already has a verdict; open it instead of starting another"}
	}
	return translate(err, "verdict")
}

// UpdateVerdict saves everything about a verdict but its author if its
// stored version is still basedOn.
func (q queries) UpdateVerdict(ctx context.Context, v factcheck.Verdict, basedOn int) (bool, error) {
	r := verdictToRow(v)
	res := q.db.WithContext(ctx).Model(&verdictRow{}).Where("id = ? AND version = ?", v.ID, basedOn).
		Updates(map[string]any{"state": r.State, "rating": r.Rating, "rationale": r.Rationale, "evidence_ids": r.EvidenceIDs,
			"contributor_ids": r.ContributorIDs, "reviewer_id": r.ReviewerID, "review_comment": r.ReviewComment, "sent_back_by": r.SentBackBy, "submitted_at": r.SubmittedAt, "approved_at": r.ApprovedAt,
			"published_at": r.PublishedAt, "corrected_at": r.CorrectedAt, "updated_by": r.UpdatedBy, "updated_at": time.Now().UTC(),
			"version": gormExpr("version + 1")})
	return res.RowsAffected == 1, translate(res.Error, "verdict")
}

// Verdict finds one verdict.
func (q queries) Verdict(ctx context.Context, id string) (factcheck.Verdict, error) {
	var r verdictView
	if err := q.verdictQuery(ctx).Where("v.id = ?", id).Take(&r).Error; err != nil {
		return factcheck.Verdict{}, translate(err, "verdict")
	}
	return r.toDomain(), nil
}

// ClaimVerdict finds a claim's verdict; found is false when it has none.
func (q queries) ClaimVerdict(ctx context.Context, claimID string) (v factcheck.Verdict, found bool, err error) {
	var rows []verdictView
	if err := q.verdictQuery(ctx).Where("v.claim_id = ?", claimID).Limit(1).Scan(&rows).Error; err != nil {
		return factcheck.Verdict{}, false, translate(err, "verdict")
	}
	if len(rows) == 0 {
		return factcheck.Verdict{}, false, nil
	}
	return rows[0].toDomain(), true, nil
}

// VerdictFilter selects verdicts of a workspace.
type VerdictFilter struct {
	WorkspaceID string
	State       factcheck.VerdictState // "" for any
	AuthorID    string                 // "" for anyone's
}

// Verdicts lists a workspace's verdicts. Those in review come oldest
// submission first (the editor's queue); others most recently changed
// first.
func (q queries) Verdicts(ctx context.Context, f VerdictFilter, limit int) ([]factcheck.VerdictItem, error) {
	db := q.verdictQuery(ctx).Where("v.workspace_id = ?", f.WorkspaceID)
	if f.State != "" {
		db = db.Where("v.state = ?", string(f.State))
	}
	if f.AuthorID != "" {
		db = db.Where("v.author_id = ?", f.AuthorID)
	}
	if f.State == factcheck.VerdictInReview {
		db = db.Order("v.submitted_at, v.id")
	} else {
		db = db.Order("v.updated_at DESC, v.id")
	}
	return scanVerdicts(db.Limit(limit))
}
