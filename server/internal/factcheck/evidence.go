package factcheck

import (
	"time"
)

// Stance is how a piece of evidence bears on a claim.
type Stance string

const (
	StanceSupports Stance = "supports"
	StanceRefutes  Stance = "refutes"
	StanceContext  Stance = "context"
)

// ParseStance turns a stance's name into a Stance.
func ParseStance(s string) (Stance, error) {
	switch Stance(s) {
	case StanceSupports, StanceRefutes, StanceContext:
		return Stance(s), nil
	}
	return "", Invalid("stance", "stance must be supports, refutes or context (got %q)", s)
}

// Evidence is a source a claim is checked against.
type Evidence struct {
	ID            string
	ClaimID       string
	WorkspaceID   string
	URL           string
	Title         string
	Publisher     string
	QuotedPassage string
	Stance        Stance
	ConsultedOn   *time.Time
	CreatedBy     UserRef
	UpdatedBy     *UserRef
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int
}
