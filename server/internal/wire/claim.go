package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Claim is a checkable statement.
type Claim struct {
	ID              string             `json:"id"`
	Workspace       string             `json:"workspace"`
	Statement       string             `json:"statement"`
	Claimant        string             `json:"claimant"`
	ClaimDate       *Date              `json:"claimDate"`
	CreatedBy       factcheck.UserRef  `json:"createdBy"`
	UpdatedBy       *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt       time.Time          `json:"createdAt"`
	UpdatedAt       time.Time          `json:"updatedAt"`
	Version         int                `json:"version"`
	AnnotationCount int                `json:"annotationCount"`
	EvidenceCount   int                `json:"evidenceCount"`
	Assignee        *factcheck.UserRef `json:"assignee"`
	Verdict         *VerdictRef        `json:"verdict"`
}

// ClaimRef names the claim a highlight points to.
type ClaimRef struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
}

// ClaimAppearance is a highlight that quotes a claim.
type ClaimAppearance struct {
	AnnotationID string `json:"annotationId"`
	ArticleID    string `json:"articleId"`
	ArticleTitle string `json:"articleTitle"`
	Quote        string `json:"quote"`
	Orphaned     bool   `json:"orphaned"`
}

// ClaimDetail is a claim with where it appears and its evidence.
type ClaimDetail struct {
	Claim       Claim             `json:"claim"`
	Appearances []ClaimAppearance `json:"appearances"`
	Evidence    []Evidence        `json:"evidence"`
	Verdict     *Verdict          `json:"verdict"`
	Role        factcheck.Role    `json:"role"`
}

// FromClaim converts a claim.
func FromClaim(c factcheck.Claim) Claim {
	out := Claim{ID: c.ID, Workspace: c.WorkspaceSlug, Statement: c.Statement, Claimant: c.Claimant, ClaimDate: date(c.ClaimDate),
		CreatedBy: c.CreatedBy, UpdatedBy: c.UpdatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version,
		AnnotationCount: c.AnnotationCount, EvidenceCount: c.EvidenceCount, Assignee: c.Assignee}
	if c.Verdict != nil {
		out.Verdict = &VerdictRef{ID: c.Verdict.ID, State: c.Verdict.State, Rating: c.Verdict.Rating}
	}
	return out
}

// FromClaims converts a list of claims.
func FromClaims(cs []factcheck.Claim) []Claim {
	out := make([]Claim, 0, len(cs))
	for _, c := range cs {
		out = append(out, FromClaim(c))
	}
	return out
}

// FromAppearances converts a claim's appearances.
func FromAppearances(as []factcheck.ClaimAppearance) []ClaimAppearance {
	out := make([]ClaimAppearance, 0, len(as))
	for _, a := range as {
		out = append(out, ClaimAppearance(a))
	}
	return out
}

// AssignmentEvent is the payload of claim.assigned.
type AssignmentEvent struct {
	Claim  Claim    `json:"claim"`
	Notify []string `json:"notify"`
}
