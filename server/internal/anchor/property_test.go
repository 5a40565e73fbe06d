package anchor

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// words are what random articles are made of: plain and accented words,
// numbers, typographic punctuation, astral code points and a broken byte.
var words = []string{
	"the", "senator", "said", "emails", "30,000", "are", "missing", "from", "archive",
	"officials", "disputed", "figure", "—", "–", "-", "“quoted”", "\"quoted\"", "it’s", "it's",
	"café", "naïve", "🍰", "🇺🇸", "👩‍👩‍👧", "中文", "\u00a0", "\u00ad", "\n\n", ",", ".", "vote", "next", "week",
	"\xff", "\u200b", "Ünïcödé", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
}

// randomText joins n random words.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 && r.IntN(5) > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// edit changes text at a few random places: inserts words, deletes or
// replaces code points.
func edit(r *rand.Rand, text string, edits int) string {
	offs := offsets(text)
	for range edits {
		n := len(offs) - 1
		k := r.IntN(n + 1)
		cut := func(from, to int) string { return text[offs[from]:offs[to]] }
		switch r.IntN(3) {
		case 0:
			text = cut(0, k) + words[r.IntN(len(words))] + " " + cut(k, n)
		case 1:
			text = cut(0, k) + cut(min(k+1+r.IntN(3), n), n)
		default:
			text = cut(0, k) + string(rune('a'+r.IntN(26))) + cut(min(k+1, n), n)
		}
		offs = offsets(text)
	}
	return text
}

// offsets returns the byte offset of each code point of text, and
// len(text): cutting there keeps broken bytes as they are.
func offsets(text string) []int {
	var offs []int
	for b := range text {
		offs = append(offs, b)
	}
	return append(offs, len(text))
}

// checkMatch fails the test unless a found match is a real place of text.
func checkMatch(t *testing.T, text string, q factcheck.TextQuote, p factcheck.TextPosition, m Method, ok bool) {
	t.Helper()
	if !ok {
		if m != MethodOrphaned {
			t.Fatalf("orphaned with method %q", m)
		}
		return
	}
	if m == MethodOrphaned {
		t.Fatalf("found with method %q", m)
	}
	if p.Start < 0 || p.End <= p.Start || p.End > utf8.RuneCountInString(text) {
		t.Fatalf("Reanchor = %v, not a span of a text of %d code points", p, utf8.RuneCountInString(text))
	}
	if err := Verify(text, q, p); err != nil {
		t.Fatalf("Reanchor = %+q %v, which does not verify in %+q: %v", q, p, text, err)
	}
}

// TestReanchorProperties re-anchors random passages of random texts onto
// randomly edited copies: every match verifies; a passage whose text and
// context no edit touched is found unchanged; a text re-anchored onto itself
// gives back the same place.
func TestReanchorProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		old := randomText(r, 1+r.IntN(120))
		n := utf8.RuneCountInString(old)
		start := r.IntN(n)
		end := start + 1 + r.IntN(min(n-start, 150))
		quote, pos := Describe(old, start, end)

		q, p, m, ok := Reanchor(old, quote, pos)
		if !ok || p != pos || q != quote || (m != MethodExact && m != MethodPosition) {
			t.Fatalf("case %d: onto its own text %+q %v found %+q %v %s %v", i, quote, pos, q, p, m, ok)
		}

		// Edits only after the passage and its suffix.
		keep := min(end+ContextLen, n)
		offs := offsets(old)
		after := old[:offs[keep]] + edit(r, old[offs[keep]:]+" ", 1+r.IntN(4))
		q, p, m, ok = Reanchor(after, quote, pos)
		checkMatch(t, after, q, p, m, ok)
		if !ok || q.Exact != quote.Exact {
			t.Fatalf("case %d: untouched passage %+q in %+q: found %+q %v %s %v", i, quote, after, q, p, m, ok)
		}

		edited := edit(r, old, 1+r.IntN(6))
		q, p, m, ok = Reanchor(edited, quote, pos)
		checkMatch(t, edited, q, p, m, ok)
	}
}
