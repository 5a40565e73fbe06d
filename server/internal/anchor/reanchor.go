package anchor

import (
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Method says how an annotation was found in a new text.
type Method string

const (
	// MethodExact: the quote is in the new text verbatim, at one place, or
	// at several of which its prefix and suffix single out one.
	MethodExact Method = "exact"
	// MethodPosition: the quote is in the new text verbatim at several
	// places that its context cannot tell apart (a repeated passage in a
	// repeated setting); the one nearest the old position was chosen.
	MethodPosition Method = "position"
	// MethodFuzzy: the passage was found with small edits; the new quote is
	// the text now there, which differs from the old quote.
	MethodFuzzy Method = "fuzzy"
	// MethodOrphaned: the passage was deleted or rewritten beyond
	// recognition. The caller keeps the old selectors and marks the
	// annotation orphaned; it never drops it.
	MethodOrphaned Method = "orphaned"
)

// Reanchor finds an annotation's passage in newText, the plain text of an
// article's new version, from the annotation's selectors on the old version.
// ok is false when it is orphaned.
//
// The rules, in order:
//
//  1. Exact. Every place where quote.Exact occurs verbatim is a candidate.
//     The one whose surroundings agree with the most of the old prefix (read
//     backwards from the passage) and suffix (read forwards) wins; among
//     equally agreeing ones, the nearest to the old start position, then
//     the earlier. A verbatim quote is found even if its context changed,
//     because the quoted words are what the annotation is about. The method
//     is MethodExact, or MethodPosition when the position had to decide.
//  2. Fuzzy, when the quote is nowhere verbatim. Both texts are compared
//     folded: lower case, runs of white space as one space, typographic
//     quotes and primes as ' and ", every dash and the minus sign as -,
//     invisible format characters (soft hyphen, zero-width space) removed.
//     A quote that then occurs unchanged is chosen among its occurrences as
//     in rule 1. Otherwise the places where the passage may now be are
//     gathered from pieces of the quote (a quarter of it, 8 to 32 code
//     points) and of the ends of its context that still occur unchanged
//     anywhere in the text; failing those, for a quote of at most 32 bytes,
//     from a Bitap search for the quote and the end of its prefix around
//     the old position (diff-match-patch's MatchMain). At each place the
//     quote, with 16 code points of context either side, is aligned to the
//     text by edit distance, which puts the quote's ends where the old
//     context says; a quote over 64 code points is aligned by its first and
//     last 32 and then measured whole with diff-match-patch's diff.
//     A span is accepted when its edit distance to the folded quote is at
//     most a third of the folded quote's length in code points (so a
//     6-letter word may have 2 typos, a 4-word claim may have a word
//     inserted or replaced, and a rewritten sentence is not taken for the
//     old one), and, unless it is within a tenth of the length, when some of
//     its old context is still beside it: at least 8 code points (or all of
//     a shorter one) of the prefix or of the suffix. That last condition
//     keeps a deleted claim from moving onto a similar sentence elsewhere.
//     Among accepted spans the best scores 50 for the quote's similarity
//     (1 - distance/length), 20 each for the agreement of the prefix and of
//     the suffix (the share of each that still borders the span), and 2 for
//     nearness to the old position. The returned quote is the text now at
//     the span, with leading and trailing white space left out.
//  3. Orphaned otherwise: ok is false, m is MethodOrphaned, and q and p are
//     the zero values; the caller keeps the old selectors.
//
// Reanchor never panics, whatever its input. A returned match is a real
// place: 0 <= p.Start < p.End <= the code point count of newText, and
// Verify(newText, q, p) == nil.
func Reanchor(newText string, quote factcheck.TextQuote, pos factcheck.TextPosition) (q factcheck.TextQuote, p factcheck.TextPosition, m Method, ok bool) {
	return NewText(newText).Reanchor(quote, pos)
}

// Reanchor is the package's Reanchor on a prepared text.
func (t *Text) Reanchor(quote factcheck.TextQuote, pos factcheck.TextPosition) (q factcheck.TextQuote, p factcheck.TextPosition, m Method, ok bool) {
	if quote.Exact == "" {
		return factcheck.TextQuote{}, factcheck.TextPosition{}, MethodOrphaned, false
	}
	if start, end, m, found := t.findExact(quote, pos); found {
		return t.match(start, end, m)
	}
	if start, end, found := t.findFuzzy(quote, pos); found {
		return t.match(start, end, MethodFuzzy)
	}
	return factcheck.TextQuote{}, factcheck.TextPosition{}, MethodOrphaned, false
}

// match describes the span found; an empty span (which the search never
// returns) would be an orphan rather than an invalid selector.
func (t *Text) match(start, end point, m Method) (factcheck.TextQuote, factcheck.TextPosition, Method, bool) {
	if start.cp < 0 || end.cp <= start.cp || end.cp > t.n {
		return factcheck.TextQuote{}, factcheck.TextPosition{}, MethodOrphaned, false
	}
	q, p := t.describe(start, end)
	return q, p, m, true
}

// findExact applies rule 1 of Reanchor.
func (t *Text) findExact(quote factcheck.TextQuote, pos factcheck.TextPosition) (start, end point, m Method, ok bool) {
	exact := quote.Exact
	length := utf8.RuneCountInString(exact)
	bestAgree, bestDist, ties := -1, 0, 0
	counted := point{} // code points counted so far, for the next hit
	for from := 0; from <= len(t.s)-len(exact); {
		i := strings.Index(t.s[from:], exact)
		if i < 0 {
			break
		}
		b := from + i
		from = b + 1
		// The bytes match, but a quote holding broken UTF-8 can match in
		// the middle of a character: keep only whole code points.
		if !boundary(t.s, b) || !boundary(t.s, b+len(exact)) {
			continue
		}
		counted = point{counted.cp + utf8.RuneCountInString(t.s[counted.b:b]), b}
		agree := commonSuffixLen(quote.Prefix, t.s[:b]) + commonPrefixLen(quote.Suffix, t.s[b+len(exact):])
		dist := abs(counted.cp - pos.Start)
		switch {
		case agree > bestAgree:
			bestAgree, bestDist, ties, start = agree, dist, 1, counted
		case agree == bestAgree:
			ties++
			if dist < bestDist {
				bestDist, start = dist, counted
			}
		}
	}
	if bestAgree < 0 {
		return point{}, point{}, MethodOrphaned, false
	}
	m = MethodExact
	if ties > 1 {
		m = MethodPosition
	}
	return start, point{start.cp + length, start.b + len(exact)}, m, true
}

// commonSuffixLen is the number of bytes that a and b share at their ends.
func commonSuffixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// commonPrefixLen is the number of bytes that a and b share at their starts.
func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
