package factcheck

import (
	"time"
)

// ClaimRef names a claim where a highlight points to it.
type ClaimRef struct {
	ID        string
	Statement string
}

// Claim is a checkable statement, with who made it and when. Many
// highlights, in many articles, can quote one claim.
type Claim struct {
	ID              string
	WorkspaceID     string
	WorkspaceSlug   string
	Statement       string
	Claimant        string
	ClaimDate       *time.Time
	CreatedBy       UserRef
	UpdatedBy       *UserRef
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
	AnnotationCount int
	EvidenceCount   int
	Assignee        *UserRef    // the checker it is assigned to
	Verdict         *VerdictRef // its verdict, once one is started
}

// ClaimAppearance is a highlight that quotes a claim.
type ClaimAppearance struct {
	AnnotationID string
	ArticleID    string
	ArticleTitle string
	Quote        string
	Orphaned     bool
}

// SimilarClaim is a claim and how like the asked statement it is (0-1).
type SimilarClaim struct {
	Claim      Claim
	Similarity float64
}
