package anchor

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// FuzzReanchor re-anchors a passage of one text onto another, and raw
// selectors too: it must never panic, any match must verify, and a text
// re-anchored onto itself must give back the same place.
func FuzzReanchor(f *testing.F) {
	f.Add(article, article+" More.", 17, 30)
	f.Add("a b c", "a  b  c", 0, 5)
	f.Add("🍰 cake", "\xff🍰 cakes", 1, 7)
	f.Fuzz(func(t *testing.T, oldText, newText string, start, end int) {
		quote, pos := Describe(oldText, start, end)
		q, p, m, ok := Reanchor(newText, quote, pos)
		checkMatch(t, newText, q, p, m, ok)

		if pos.Start < pos.End {
			q, p, m, ok = Reanchor(oldText, quote, pos)
			if !ok || q != quote || p != pos {
				t.Fatalf("onto its own text %+q %v found %+q %v %s %v", quote, pos, q, p, m, ok)
			}
		}

		raw := factcheck.TextQuote{Exact: oldText, Prefix: newText[:len(newText)/3]}
		q, p, m, ok = Reanchor(newText, raw, factcheck.TextPosition{Start: start, End: end})
		checkMatch(t, newText, q, p, m, ok)
	})
}

// FuzzVerify checks that Verify never panics, and that selectors it accepts
// are the ones Describe makes for that place.
func FuzzVerify(f *testing.F) {
	f.Add(article, "30,000 emails", "said that \"", "\" from", 34, 47)
	f.Add("é", "\xa9", "", "", 0, 1)
	f.Fuzz(func(t *testing.T, text, exact, prefix, suffix string, start, end int) {
		quote := factcheck.TextQuote{Exact: exact, Prefix: prefix, Suffix: suffix}
		pos := factcheck.TextPosition{Start: start, End: end}
		if Verify(text, quote, pos) != nil {
			return
		}
		if start < 0 || end <= start || end > utf8.RuneCountInString(text) {
			t.Fatalf("Verify accepted %v in a text of %d code points", pos, utf8.RuneCountInString(text))
		}
		described, _ := Describe(text, start, end)
		if described.Exact != exact ||
			!strings.HasSuffix(described.Prefix, prefix) && !strings.HasSuffix(prefix, described.Prefix) ||
			!strings.HasPrefix(described.Suffix, suffix) && !strings.HasPrefix(suffix, described.Suffix) {
			t.Fatalf("Verify accepted %+q at %v, Describe says %+q", quote, pos, described)
		}
	})
}

// TestFoldRuneASCII checks the quick path for ASCII against the general
// rules.
func TestFoldRuneASCII(t *testing.T) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		want := unicode.ToLower(r)
		switch {
		case unicode.IsSpace(r):
			want = ' '
		case r == '`':
			want = '\''
		case unicode.Is(unicode.Cf, r):
			want = -1
		}
		if got := foldRune(r); got != want {
			t.Errorf("foldRune(%q) = %q, want %q", r, got, want)
		}
	}
}
