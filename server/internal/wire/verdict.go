package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// VerdictRef is a claim's verdict in brief.
type VerdictRef struct {
	ID     string                 `json:"id"`
	State  factcheck.VerdictState `json:"state"`
	Rating string                 `json:"rating"`
}

// Verdict is a claim's rating and rationale on its way through review.
type Verdict struct {
	ID            string                 `json:"id"`
	ClaimID       string                 `json:"claimId"`
	Workspace     string                 `json:"workspace"`
	State         factcheck.VerdictState `json:"state"`
	Rating        string                 `json:"rating"`
	Rationale     string                 `json:"rationale"`
	EvidenceIDs   []string               `json:"evidenceIds"`
	Author        factcheck.UserRef      `json:"author"`
	Contributors  []string               `json:"contributorIds"`
	Reviewer      *factcheck.UserRef     `json:"reviewer"`
	ReviewComment string                 `json:"reviewComment"`
	SentBackBy    *factcheck.UserRef     `json:"sentBackBy"`
	SubmittedAt   *time.Time             `json:"submittedAt"`
	ApprovedAt    *time.Time             `json:"approvedAt"`
	PublishedAt   *time.Time             `json:"publishedAt"`
	CorrectedAt   *time.Time             `json:"correctedAt"`
	Publications  int                    `json:"publications"`
	PublicURL     *string                `json:"publicUrl"`
	CreatedAt     time.Time              `json:"createdAt"`
	UpdatedAt     time.Time              `json:"updatedAt"`
	UpdatedBy     *factcheck.UserRef     `json:"updatedBy,omitempty"`
	Version       int                    `json:"version"`
}

// FromVerdict converts a verdict.
func FromVerdict(v factcheck.Verdict) Verdict {
	out := Verdict{ID: v.ID, ClaimID: v.ClaimID, Workspace: v.WorkspaceSlug, State: v.State, Rating: v.Rating, Rationale: v.Rationale,
		EvidenceIDs: v.EvidenceIDs, Author: v.Author, Contributors: v.Contributors, Reviewer: v.Reviewer, ReviewComment: v.ReviewComment, SentBackBy: v.SentBackBy,
		SubmittedAt: v.SubmittedAt, ApprovedAt: v.ApprovedAt, PublishedAt: v.PublishedAt, CorrectedAt: v.CorrectedAt,
		Publications: v.Publications, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy, Version: v.Version}
	if out.EvidenceIDs == nil {
		out.EvidenceIDs = []string{}
	}
	if out.Contributors == nil {
		out.Contributors = []string{}
	}
	if v.Publications > 0 {
		p := PublicPath(v.ID)
		out.PublicURL = &p
	}
	return out
}

// VerdictListItem is a verdict with its claim and the first article the
// claim appears in.
type VerdictListItem struct {
	Verdict Verdict     `json:"verdict"`
	Claim   ClaimRef    `json:"claim"`
	Article *ArticleRef `json:"article"`
}

// NewVerdictListItem makes a list item.
func NewVerdictListItem(v factcheck.Verdict, statement, articleID, articleTitle string) VerdictListItem {
	item := VerdictListItem{Verdict: FromVerdict(v), Claim: ClaimRef{ID: v.ClaimID, Statement: statement}}
	if articleID != "" {
		item.Article = &ArticleRef{ID: articleID, Title: articleTitle}
	}
	return item
}

// VerdictEvent is the payload of a verdict's events: the verdict, its
// claim, whom to notify, and an editor's comment or correction note.
type VerdictEvent struct {
	Verdict Verdict  `json:"verdict"`
	Claim   ClaimRef `json:"claim"`
	Notify  []string `json:"notify"`
	Comment string   `json:"comment,omitempty"`
}
