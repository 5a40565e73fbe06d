package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// --- workspace settings ---

// ratingJSON is how a rating is kept in the database: in a workspace's
// scale and in a publication's snapshot.
type ratingJSON struct {
	Label   string `json:"label"`
	Value   *int   `json:"value"`
	Colour  string `json:"colour"`
	OnScale bool   `json:"onScale"`
}

func ratingToJSON(r factcheck.Rating) ratingJSON {
	return ratingJSON{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

func (r ratingJSON) toDomain() factcheck.Rating {
	return factcheck.Rating{Label: r.Label, Value: r.Value, Colour: r.Colour, OnScale: r.OnScale}
}

// WorkspaceSettings reads a workspace's organisation and rating scale; a
// workspace whose admins never set a scale has the default one.
func (q queries) WorkspaceSettings(ctx context.Context, workspaceID string) (factcheck.WorkspaceSettings, error) {
	var row struct {
		OrganisationName string
		OrganisationURL  string `gorm:"column:organisation_url"`
		RatingScale      []byte
		Version          int
	}
	err := q.db.WithContext(ctx).Raw(`SELECT organisation_name, organisation_url, rating_scale, version FROM workspaces WHERE id = ?`,
		workspaceID).Take(&row).Error
	if err != nil {
		return factcheck.WorkspaceSettings{}, translate(err, "workspace")
	}
	s := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: row.OrganisationName, URL: row.OrganisationURL},
		Version: row.Version, Scale: factcheck.DefaultRatingScale()}
	if row.RatingScale != nil {
		var ratings []ratingJSON
		if err := json.Unmarshal(row.RatingScale, &ratings); err != nil {
			return factcheck.WorkspaceSettings{}, fmt.Errorf("decode the rating scale of workspace %s: %w", workspaceID, err)
		}
		s.Scale.Ratings = make([]factcheck.Rating, 0, len(ratings))
		for _, r := range ratings {
			s.Scale.Ratings = append(s.Scale.Ratings, r.toDomain())
		}
	}
	return s, nil
}

// UpdateWorkspaceSettings saves a workspace's settings if its stored
// version is still basedOn.
func (q queries) UpdateWorkspaceSettings(ctx context.Context, workspaceID string, s factcheck.WorkspaceSettings, basedOn int) (bool, error) {
	ratings := make([]ratingJSON, 0, len(s.Scale.Ratings))
	for _, r := range s.Scale.Ratings {
		ratings = append(ratings, ratingToJSON(r))
	}
	scale, err := json.Marshal(ratings)
	if err != nil {
		return false, err
	}
	res := q.db.WithContext(ctx).Exec(`UPDATE workspaces SET organisation_name = ?, organisation_url = ?, rating_scale = ?,
		updated_at = now(), version = version + 1 WHERE id = ? AND version = ?`,
		s.Organisation.Name, s.Organisation.URL, string(scale), workspaceID, basedOn)
	return res.RowsAffected == 1, translate(res.Error, "workspace")
}

// --- assignments ---

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

// --- verdicts ---

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

// --- publications ---

// publicationContent is the snapshot a publication keeps, as JSON.
type publicationContent struct {
	Rating       ratingJSON         `json:"rating"`
	BestRating   *int               `json:"bestRating,omitempty"`
	WorstRating  *int               `json:"worstRating,omitempty"`
	Rationale    string             `json:"rationale"`
	Claim        publishedClaimJSON `json:"claim"`
	Sources      []publishedSource  `json:"sources"`
	Organisation publishedOrgJSON   `json:"organisation"`
}

type publishedClaimJSON struct {
	ID          string             `json:"id"`
	Statement   string             `json:"statement"`
	Claimant    string             `json:"claimant"`
	ClaimDate   *time.Time         `json:"claimDate,omitempty"`
	Appearances []publishedAppJSON `json:"appearances"`
}

type publishedAppJSON struct {
	ArticleTitle string     `json:"articleTitle"`
	ArticleURL   string     `json:"articleUrl"`
	Publisher    string     `json:"publisher"`
	PublishedAt  *time.Time `json:"publishedAt,omitempty"`
	Quote        string     `json:"quote"`
}

type publishedSource struct {
	URL           string `json:"url"`
	Title         string `json:"title"`
	Publisher     string `json:"publisher"`
	QuotedPassage string `json:"quotedPassage"`
	Stance        string `json:"stance"`
}

type publishedOrgJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func publicationToContent(p factcheck.Publication) publicationContent {
	c := publicationContent{Rating: ratingToJSON(p.Rating), BestRating: p.BestRating, WorstRating: p.WorstRating, Rationale: p.Rationale,
		Claim:        publishedClaimJSON{ID: p.Claim.ID, Statement: p.Claim.Statement, Claimant: p.Claim.Claimant, ClaimDate: p.Claim.ClaimDate},
		Organisation: publishedOrgJSON{Name: p.Organisation.Name, URL: p.Organisation.URL},
		Sources:      make([]publishedSource, 0, len(p.Sources))}
	c.Claim.Appearances = make([]publishedAppJSON, 0, len(p.Claim.Appearances))
	for _, a := range p.Claim.Appearances {
		c.Claim.Appearances = append(c.Claim.Appearances, publishedAppJSON{ArticleTitle: a.ArticleTitle, ArticleURL: a.ArticleURL,
			Publisher: a.Publisher, PublishedAt: a.PublishedAt, Quote: a.Quote})
	}
	for _, src := range p.Sources {
		c.Sources = append(c.Sources, publishedSource{URL: src.URL, Title: src.Title, Publisher: src.Publisher,
			QuotedPassage: src.QuotedPassage, Stance: string(src.Stance)})
	}
	return c
}

func (c publicationContent) toDomain() factcheck.Publication {
	p := factcheck.Publication{Rating: c.Rating.toDomain(), BestRating: c.BestRating, WorstRating: c.WorstRating, Rationale: c.Rationale,
		Claim:        factcheck.PublishedClaim{ID: c.Claim.ID, Statement: c.Claim.Statement, Claimant: c.Claim.Claimant, ClaimDate: c.Claim.ClaimDate},
		Organisation: factcheck.Organisation{Name: c.Organisation.Name, URL: c.Organisation.URL},
		Sources:      make([]factcheck.PublishedSource, 0, len(c.Sources))}
	for _, a := range c.Claim.Appearances {
		p.Claim.Appearances = append(p.Claim.Appearances, factcheck.PublishedAppearance{ArticleTitle: a.ArticleTitle,
			ArticleURL: a.ArticleURL, Publisher: a.Publisher, PublishedAt: a.PublishedAt, Quote: a.Quote})
	}
	for _, src := range c.Sources {
		p.Sources = append(p.Sources, factcheck.PublishedSource{URL: src.URL, Title: src.Title, Publisher: src.Publisher,
			QuotedPassage: src.QuotedPassage, Stance: factcheck.Stance(src.Stance)})
	}
	return p
}

// AddPublication stores a published version of a verdict.
func (q queries) AddPublication(ctx context.Context, p factcheck.Publication) error {
	content, err := json.Marshal(publicationToContent(p))
	if err != nil {
		return err
	}
	err = q.db.WithContext(ctx).Exec(`INSERT INTO verdict_publications
		(verdict_id, number, workspace_id, rating_label, correction_note, content, published_by, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.VerdictID, p.Number, p.WorkspaceID, p.Rating.Label, p.CorrectionNote, string(content), p.PublishedBy.ID, p.PublishedAt).Error
	if isUniqueViolation(err) {
		return &factcheck.Error{Code: factcheck.CodeConflict, Message: fmt.Sprintf("version %d of this verdict is already published", p.Number)}
	}
	return translate(err, "verdict")
}

type publicationRow struct {
	VerdictID      string
	Number         int
	WorkspaceID    string
	CorrectionNote string
	Content        []byte
	PublishedBy    string
	PublisherName  string
	PublishedAt    time.Time
}

func (r publicationRow) toDomain() (factcheck.Publication, error) {
	var c publicationContent
	if err := json.Unmarshal(r.Content, &c); err != nil {
		return factcheck.Publication{}, fmt.Errorf("decode publication %d of verdict %s: %w", r.Number, r.VerdictID, err)
	}
	p := c.toDomain()
	p.VerdictID, p.WorkspaceID, p.Number, p.CorrectionNote, p.PublishedAt = r.VerdictID, r.WorkspaceID, r.Number, r.CorrectionNote, r.PublishedAt
	p.PublishedBy = factcheck.UserRef{ID: r.PublishedBy, Name: r.PublisherName}
	return p, nil
}

// Publications lists the published versions of the given verdicts, oldest
// first, by verdict id.
func (q queries) Publications(ctx context.Context, verdictIDs ...string) (map[string][]factcheck.Publication, error) {
	out := map[string][]factcheck.Publication{}
	if len(verdictIDs) == 0 {
		return out, nil
	}
	var rows []publicationRow
	err := q.db.WithContext(ctx).Raw(`SELECT p.verdict_id, p.number, p.workspace_id, p.correction_note, p.content, p.published_by,
		u.name AS publisher_name, p.published_at
		FROM verdict_publications p JOIN users u ON u.id = p.published_by
		WHERE p.verdict_id IN ? ORDER BY p.verdict_id, p.number`, verdictIDs).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "verdict")
	}
	for _, r := range rows {
		p, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[r.VerdictID] = append(out[r.VerdictID], p)
	}
	return out, nil
}

// PublishedVerdictIDs lists a workspace's published verdicts, newest first
// publication first, one page at a time; more says whether another page
// follows.
func (q queries) PublishedVerdictIDs(ctx context.Context, workspaceID string, offset, limit int) (ids []string, more bool, err error) {
	err = q.db.WithContext(ctx).Raw(`SELECT id FROM verdicts WHERE workspace_id = ? AND state = 'published'
		ORDER BY published_at DESC, id LIMIT ? OFFSET ?`, workspaceID, limit+1, offset).Scan(&ids).Error
	if err != nil {
		return nil, false, translate(err, "verdict")
	}
	if len(ids) > limit {
		return ids[:limit], true, nil
	}
	return ids, false, nil
}

// --- notifications ---

// AddNotification stores a notification.
func (q queries) AddNotification(ctx context.Context, n factcheck.Notification) error {
	var verdictID *string
	if n.VerdictID != "" {
		verdictID = &n.VerdictID
	}
	return translate(q.db.WithContext(ctx).Exec(`INSERT INTO notifications
		(id, user_id, workspace_id, kind, claim_id, verdict_id, actor_id, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.UserID, n.WorkspaceID, string(n.Kind), n.ClaimID, verdictID, n.Actor.ID, n.Comment, n.CreatedAt).Error, "notification")
}

// Notifications lists a user's notifications in a workspace, newest first,
// and how many of all of them are unread.
func (q queries) Notifications(ctx context.Context, userID, workspaceID string, limit int) ([]factcheck.Notification, int, error) {
	var rows []struct {
		ID             string
		Kind           string
		ClaimID        string
		ClaimStatement string
		VerdictID      *string
		ActorID        string
		ActorName      string
		Comment        string
		CreatedAt      time.Time
		ReadAt         *time.Time
	}
	err := q.db.WithContext(ctx).Raw(`SELECT n.id, n.kind, n.claim_id, c.statement AS claim_statement, n.verdict_id, n.actor_id,
		u.name AS actor_name, n.comment, n.created_at, n.read_at
		FROM notifications n JOIN claims c ON c.id = n.claim_id JOIN users u ON u.id = n.actor_id
		WHERE n.user_id = ? AND n.workspace_id = ? ORDER BY n.created_at DESC, n.id LIMIT ?`, userID, workspaceID, limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, translate(err, "notification")
	}
	out := make([]factcheck.Notification, 0, len(rows))
	for _, r := range rows {
		n := factcheck.Notification{ID: r.ID, UserID: userID, WorkspaceID: workspaceID, Kind: factcheck.NotificationKind(r.Kind),
			ClaimID: r.ClaimID, ClaimStatement: r.ClaimStatement, Actor: factcheck.UserRef{ID: r.ActorID, Name: r.ActorName},
			Comment: r.Comment, CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
		if r.VerdictID != nil {
			n.VerdictID = *r.VerdictID
		}
		out = append(out, n)
	}
	unread, err := q.UnreadNotifications(ctx, userID, workspaceID)
	return out, unread, err
}

// UnreadNotifications counts a user's unread notifications in a workspace.
func (q queries) UnreadNotifications(ctx context.Context, userID, workspaceID string) (int, error) {
	var n int
	err := q.db.WithContext(ctx).Raw(`SELECT count(*) FROM notifications WHERE user_id = ? AND workspace_id = ? AND read_at IS NULL`,
		userID, workspaceID).Scan(&n).Error
	return n, translate(err, "notification")
}

// MarkNotificationsRead marks a user's notifications in a workspace read:
// the given ones, or all of them when ids is nil.
func (q queries) MarkNotificationsRead(ctx context.Context, userID, workspaceID string, ids []string) error {
	db := q.db.WithContext(ctx).Table("notifications").Where("user_id = ? AND workspace_id = ? AND read_at IS NULL", userID, workspaceID)
	if ids != nil {
		if len(ids) == 0 {
			return nil
		}
		db = db.Where("id IN ?", ids)
	}
	return translate(db.Update("read_at", time.Now().UTC()).Error, "notification")
}

// PublishedAppearances lists where a claim appears, as its public page
// shows it: each article with the best URL it is known by, and the quote.
func (q queries) PublishedAppearances(ctx context.Context, claimID string) ([]factcheck.PublishedAppearance, error) {
	var rows []struct {
		ArticleTitle string
		ArticleURL   string
		Publisher    *string
		PublishedAt  *time.Time
		Quote        string
	}
	err := q.db.WithContext(ctx).Raw(`SELECT a.title AS article_title,
		coalesce(nullif(a.canonical_url, ''), nullif(a.original_url, ''), a.source_url, '') AS article_url,
		a.publisher, a.published_at, n.quote_exact AS quote
		FROM annotations n JOIN articles a ON a.id = n.article_id
		WHERE n.claim_id = ? AND n.anchor_method <> 'orphaned' ORDER BY n.created_at, n.id`, claimID).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "claim")
	}
	out := make([]factcheck.PublishedAppearance, 0, len(rows))
	for _, r := range rows {
		a := factcheck.PublishedAppearance{ArticleTitle: r.ArticleTitle, ArticleURL: r.ArticleURL, PublishedAt: r.PublishedAt, Quote: r.Quote}
		if r.Publisher != nil {
			a.Publisher = *r.Publisher
		}
		out = append(out, a)
	}
	return out, nil
}
