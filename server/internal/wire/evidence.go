package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Evidence is a source a claim is checked against.
type Evidence struct {
	ID            string             `json:"id"`
	ClaimID       string             `json:"claimId"`
	URL           string             `json:"url"`
	Title         string             `json:"title"`
	Publisher     string             `json:"publisher"`
	QuotedPassage string             `json:"quotedPassage"`
	Stance        factcheck.Stance   `json:"stance"`
	ConsultedOn   *Date              `json:"consultedOn"`
	CreatedBy     factcheck.UserRef  `json:"createdBy"`
	UpdatedBy     *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt     time.Time          `json:"createdAt"`
	UpdatedAt     time.Time          `json:"updatedAt"`
	Version       int                `json:"version"`
}

// FromEvidence converts a piece of evidence.
func FromEvidence(e factcheck.Evidence) Evidence {
	return Evidence{ID: e.ID, ClaimID: e.ClaimID, URL: e.URL, Title: e.Title, Publisher: e.Publisher, QuotedPassage: e.QuotedPassage,
		Stance: e.Stance, ConsultedOn: date(e.ConsultedOn), CreatedBy: e.CreatedBy, UpdatedBy: e.UpdatedBy, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		Version: e.Version}
}

// FromEvidenceList converts a list of evidence.
func FromEvidenceList(es []factcheck.Evidence) []Evidence {
	out := make([]Evidence, 0, len(es))
	for _, e := range es {
		out = append(out, FromEvidence(e))
	}
	return out
}
