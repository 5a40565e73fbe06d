package anchor

import (
	"sync"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// ContextLen is how many code points of context Describe puts in a quote's
// prefix and suffix: what annotation clients send, and enough to tell the
// occurrences of a repeated passage apart.
const ContextLen = 32

// Text is an article version's plain text, prepared for describing passages
// and re-anchoring annotations onto it. Re-anchoring all the annotations of
// an article onto its new version prepares that version once with NewText
// instead of once per annotation. A Text is safe for concurrent use.
type Text struct {
	s string
	// offs[k] is the byte offset of code point k, and offs[n] is len(s).
	// Code points are counted as ranging over the string does, so an
	// invalid byte counts as one, exactly as Verify counts it.
	offs []int

	foldOnce sync.Once
	fold     *foldedText // built on the first fuzzy search
}

// NewText prepares text for Describe and Reanchor.
func NewText(text string) *Text {
	offs := make([]int, 0, len(text)+1)
	for b := range text {
		offs = append(offs, b)
	}
	offs = append(offs, len(text))
	return &Text{s: text, offs: offs}
}

// Len is the length of the text in code points.
func (t *Text) Len() int { return len(t.offs) - 1 }

// Describe returns the selectors of the passage text[start:end], counted in
// code points, with a prefix and a suffix of up to ContextLen code points
// (fewer at the start and end of the text). A start or end outside the text
// is moved to the nearest end of it, and an end before start is moved to
// start, so the result is always a real place; the quote is then empty when
// the span was, which Verify rejects.
func Describe(text string, start, end int) (factcheck.TextQuote, factcheck.TextPosition) {
	return NewText(text).Describe(start, end)
}

// Describe is the package's Describe on a prepared text.
func (t *Text) Describe(start, end int) (factcheck.TextQuote, factcheck.TextPosition) {
	n := t.Len()
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	before, after := max(start-ContextLen, 0), min(end+ContextLen, n)
	o := t.offs
	return factcheck.TextQuote{
			Exact:  t.s[o[start]:o[end]],
			Prefix: t.s[o[before]:o[start]],
			Suffix: t.s[o[end]:o[after]],
		},
		factcheck.TextPosition{Start: start, End: end}
}

// codePointAt returns the index of the code point that starts at byte b, and
// false when no code point starts there.
func (t *Text) codePointAt(b int) (int, bool) {
	lo, hi := 0, len(t.offs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.offs[mid] < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(t.offs) && t.offs[lo] == b
}
