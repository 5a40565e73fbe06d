package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// TextQuoteSelector is the W3C selector by quote and context.
type TextQuoteSelector struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// TextPositionSelector is the W3C selector by code point offsets.
type TextPositionSelector struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Selectors anchor an annotation in its article version's text.
type Selectors struct {
	Quote    TextQuoteSelector    `json:"quote"`
	Position TextPositionSelector `json:"position"`
}

// Annotation is a highlight with its note.
type Annotation struct {
	ID               string                   `json:"id"`
	ArticleID        string                   `json:"articleId"`
	ArticleVersionID string                   `json:"articleVersionId"`
	Kind             factcheck.AnnotationKind `json:"kind"`
	Selectors        Selectors                `json:"selectors"`
	Body             string                   `json:"body"`
	Tags             []string                 `json:"tags"`
	Claim            *ClaimRef                `json:"claim"`
	Resolved         bool                     `json:"resolved"`
	ResolvedBy       *factcheck.UserRef       `json:"resolvedBy,omitempty"`
	ResolvedAt       *time.Time               `json:"resolvedAt,omitempty"`
	Anchor           factcheck.AnchorMethod   `json:"anchor"`
	Replies          []Reply                  `json:"replies"`
	CreatedBy        factcheck.UserRef        `json:"createdBy"`
	UpdatedBy        *factcheck.UserRef       `json:"updatedBy,omitempty"`
	CreatedAt        time.Time                `json:"createdAt"`
	UpdatedAt        time.Time                `json:"updatedAt"`
	Version          int                      `json:"version"`
}

// FromAnnotation converts an annotation.
func FromAnnotation(a factcheck.Annotation) Annotation {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	replies := make([]Reply, 0, len(a.Replies))
	for _, r := range a.Replies {
		replies = append(replies, FromReply(r))
	}
	var claim *ClaimRef
	if a.Claim != nil {
		claim = &ClaimRef{ID: a.Claim.ID, Statement: a.Claim.Statement}
	}
	anchor := a.Anchor
	if anchor == "" {
		anchor = factcheck.AnchorExact
	}
	return Annotation{
		Tags: tags, Claim: claim, Resolved: a.ResolvedAt != nil, ResolvedBy: a.ResolvedBy, ResolvedAt: a.ResolvedAt,
		Anchor: anchor, Replies: replies, UpdatedBy: a.UpdatedBy,
		ID: a.ID, ArticleID: a.ArticleID, ArticleVersionID: a.ArticleVersionID, Kind: a.Kind,
		Selectors: Selectors{
			Quote:    TextQuoteSelector{Exact: a.Quote.Exact, Prefix: a.Quote.Prefix, Suffix: a.Quote.Suffix},
			Position: TextPositionSelector{Start: a.Position.Start, End: a.Position.End},
		},
		Body: a.Body, CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version,
	}
}

// FromAnnotations converts a list of annotations.
func FromAnnotations(as []factcheck.Annotation) []Annotation {
	out := make([]Annotation, 0, len(as))
	for _, a := range as {
		out = append(out, FromAnnotation(a))
	}
	return out
}
