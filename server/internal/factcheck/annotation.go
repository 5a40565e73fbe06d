package factcheck

import (
	"time"
)

// AnnotationKind says what a highlight marks.
type AnnotationKind string

const (
	KindComment AnnotationKind = "comment"
	KindClaim   AnnotationKind = "claim"
)

// ParseAnnotationKind turns a kind's name into an AnnotationKind; empty
// means a comment.
func ParseAnnotationKind(s string) (AnnotationKind, error) {
	switch AnnotationKind(s) {
	case "", KindComment:
		return KindComment, nil
	case KindClaim:
		return KindClaim, nil
	}
	return "", Invalid("kind", "kind must be comment or claim (got %q)", s)
}

// TextQuote is a W3C TextQuoteSelector: the exact passage with some text
// before and after it.
type TextQuote struct {
	Exact  string
	Prefix string
	Suffix string
}

// TextPosition is a W3C TextPositionSelector: start and end offsets in
// Unicode code points of an article version's text.
type TextPosition struct {
	Start int
	End   int
}

// Annotation is a highlight with a note on one article version.
type Annotation struct {
	ID               string
	WorkspaceID      string
	ArticleID        string
	ArticleVersionID string
	Kind             AnnotationKind
	Quote            TextQuote
	Position         TextPosition
	Body             string
	Tags             []string
	Claim            *ClaimRef
	ResolvedAt       *time.Time
	ResolvedBy       *UserRef
	Anchor           AnchorMethod
	Replies          []Reply
	CreatedBy        UserRef
	UpdatedBy        *UserRef
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int
}

// AnchorMethod says how a highlight was last found in its article's text.
type AnchorMethod string

const (
	AnchorExact    AnchorMethod = "exact"
	AnchorPosition AnchorMethod = "position"
	AnchorFuzzy    AnchorMethod = "fuzzy"
	AnchorOrphaned AnchorMethod = "orphaned"
)
