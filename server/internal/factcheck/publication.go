package factcheck

import (
	"time"
)

// Publication is one published version of a verdict: a snapshot of
// everything the public page shows, so that later edits of the claim, its
// evidence or the workspace's scale never rewrite what was published.
type Publication struct {
	VerdictID      string
	WorkspaceID    string
	Number         int // 1 for the first publication, then one per correction
	Rating         Rating
	BestRating     *int // the scale's bounds when the rating is on it
	WorstRating    *int
	Rationale      string
	CorrectionNote string // what changed, for a correction
	Claim          PublishedClaim
	Sources        []PublishedSource
	Organisation   Organisation
	PublishedBy    UserRef
	PublishedAt    time.Time
}

// PublishedClaim is the claim as published.
type PublishedClaim struct {
	ID          string
	Statement   string
	Claimant    string
	ClaimDate   *time.Time
	Appearances []PublishedAppearance
}

// PublishedAppearance is where the claim was made: an article, its URL
// when it was imported from one, and the quote.
type PublishedAppearance struct {
	ArticleTitle string
	ArticleURL   string
	Publisher    string
	PublishedAt  *time.Time
	Quote        string
}

// PublishedSource is a piece of evidence as published.
type PublishedSource struct {
	URL           string
	Title         string
	Publisher     string
	QuotedPassage string
	Stance        Stance
}
