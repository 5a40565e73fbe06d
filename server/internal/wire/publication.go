package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// PublicPath is where a published verdict's public page is served.
func PublicPath(verdictID string) string { return "/fact-checks/" + verdictID }

// PublishedSource is a piece of evidence as published.
type PublishedSource struct {
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	Publisher     string           `json:"publisher"`
	QuotedPassage string           `json:"quotedPassage"`
	Stance        factcheck.Stance `json:"stance"`
}

// Publication is one published version of a verdict.
type Publication struct {
	Number         int               `json:"number"`
	Rating         Rating            `json:"rating"`
	BestRating     *int              `json:"bestRating"`
	WorstRating    *int              `json:"worstRating"`
	Rationale      string            `json:"rationale"`
	CorrectionNote string            `json:"correctionNote"`
	Sources        []PublishedSource `json:"sources"`
	PublishedBy    factcheck.UserRef `json:"publishedBy"`
	PublishedAt    time.Time         `json:"publishedAt"`
}

// FromPublications converts published versions.
func FromPublications(ps []factcheck.Publication) []Publication {
	out := make([]Publication, 0, len(ps))
	for _, p := range ps {
		w := Publication{Number: p.Number, Rating: FromRating(p.Rating), BestRating: p.BestRating, WorstRating: p.WorstRating,
			Rationale: p.Rationale, CorrectionNote: p.CorrectionNote, Sources: make([]PublishedSource, 0, len(p.Sources)),
			PublishedBy: p.PublishedBy, PublishedAt: p.PublishedAt}
		for _, s := range p.Sources {
			w.Sources = append(w.Sources, PublishedSource{URL: s.URL, Title: s.Title, Publisher: s.Publisher, QuotedPassage: s.QuotedPassage, Stance: s.Stance})
		}
		out = append(out, w)
	}
	return out
}
