package anchor

import (
	"sync"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// ContextLen is how many code points of context Describe puts in a quote's
// prefix and suffix: what annotation clients send, and enough to tell the
// occurrences of a repeated passage apart.
const ContextLen = 32

// Text is an article version's plain text, prepared for describing passages
// and re-anchoring annotations onto it. Re-anchoring all the annotations of
// an article onto its new version prepares that version once with NewText
// instead of once per annotation: the folded copy that fuzzy matching
// searches is then built once. A Text is safe for concurrent use.
type Text struct {
	s string
	n int // code points, counted as ranging over s does: an invalid byte is one

	foldOnce sync.Once
	fold     *foldedText // built on the first fuzzy search
}

// NewText prepares text for Describe and Reanchor.
func NewText(text string) *Text {
	return &Text{s: text, n: utf8.RuneCountInString(text)}
}

// Len is the length of the text in code points.
func (t *Text) Len() int { return t.n }

// point is a place between two code points of a text: the number of code
// points before it, and its byte offset.
type point struct{ cp, b int }

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
	start = min(max(start, 0), t.n)
	end = min(max(end, start), t.n)
	sb := byteOffset(t.s, start)
	return t.describe(point{start, sb}, point{end, sb + byteOffset(t.s[sb:], end-start)})
}

// describe returns the selectors of the passage between two points.
// Stepping back from a point by decoding the last code point before it
// meets the same code points as ranging forward does, invalid bytes
// included, because no code point crosses a point.
func (t *Text) describe(start, end point) (factcheck.TextQuote, factcheck.TextPosition) {
	before := start.b
	for i := 0; i < ContextLen && before > 0; i++ {
		_, size := utf8.DecodeLastRuneInString(t.s[:before])
		before -= size
	}
	after := end.b
	for i := 0; i < ContextLen && after < len(t.s); i++ {
		_, size := utf8.DecodeRuneInString(t.s[after:])
		after += size
	}
	return factcheck.TextQuote{Exact: t.s[start.b:end.b], Prefix: t.s[before:start.b], Suffix: t.s[end.b:after]},
		factcheck.TextPosition{Start: start.cp, End: end.cp}
}

// boundary reports whether byte b of s is between two code points as
// ranging over s counts them, rather than inside one.
func boundary(s string, b int) bool {
	if b <= 0 || b >= len(s) {
		return b == 0 || b == len(s)
	}
	if utf8.RuneStart(s[b]) {
		return true // only the first byte of an encoding is a rune start
	}
	for a := b - 1; a >= 0 && a > b-utf8.UTFMax; a-- {
		if utf8.RuneStart(s[a]) {
			_, size := utf8.DecodeRuneInString(s[a:])
			return a+size <= b
		}
	}
	return true // a stray continuation byte counts alone
}
