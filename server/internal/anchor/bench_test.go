package anchor

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// revision is an article of about 50 KB, a new version of it, and 1,000
// annotations on the old one.
type revision struct {
	old, new  string
	quotes    []factcheck.TextQuote
	positions []factcheck.TextPosition
}

var vocabulary = strings.Fields(`the senator said that emails were missing from archive officials
	disputed figure they real number closer spokesperson committee would vote next week budget
	deficit percent million billion unemployment rate rose fell since January according to
	report published by department state federal agency claimed “record” ‘highest’ — lowest
	café naïve 🇺🇸 2024 30,000 3.5% $1.2 trillion`)

// makeRevision writes an article of sentences, annotates 1,000 random
// passages of 3 to 30 words, and makes a new version in which a tenth of the
// sentences have a word inserted, replaced or deleted, a few have their
// quotes made typographic, some are deleted and some new ones are added.
func makeRevision(r *rand.Rand) revision {
	sentence := func() string {
		n := 8 + r.IntN(20)
		w := make([]string, n)
		for i := range w {
			w[i] = vocabulary[r.IntN(len(vocabulary))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	var sentences []string
	size := 0
	for size < 50_000 {
		s := sentence()
		sentences = append(sentences, s)
		size += len(s) + 1
	}
	old := strings.Join(sentences, " ")

	var rev revision
	rev.old = old
	n := utf8.RuneCountInString(old)
	wordStarts := []int{0}
	k := 0
	for _, c := range old {
		k++
		if c == ' ' {
			wordStarts = append(wordStarts, k)
		}
	}
	for range 1000 {
		i := r.IntN(len(wordStarts) - 3)
		j := min(i+3+r.IntN(28), len(wordStarts)-1)
		end := wordStarts[j] - 1
		if end > n || end <= wordStarts[i] {
			end = n
		}
		q, p := Describe(old, wordStarts[i], end)
		rev.quotes, rev.positions = append(rev.quotes, q), append(rev.positions, p)
	}

	var edited []string
	for _, s := range sentences {
		switch x := r.IntN(100); {
		case x < 3: // deleted
			continue
		case x < 6: // a new sentence before it
			edited = append(edited, sentence())
		case x < 16: // a word inserted, replaced or deleted
			w := strings.Fields(s)
			i := r.IntN(len(w))
			switch r.IntN(3) {
			case 0:
				w = append(w[:i], append([]string{"reportedly"}, w[i:]...)...)
			case 1:
				w[i] = "allegedly"
			default:
				w = append(w[:i], w[i+1:]...)
			}
			s = strings.Join(w, " ")
		case x < 19:
			s = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "—", "-").Replace(s)
		}
		edited = append(edited, s)
	}
	rev.new = strings.Join(edited, " ")
	return rev
}

func TestReanchorRevision(t *testing.T) {
	rev := makeRevision(rand.New(rand.NewPCG(3, 4)))
	text := NewText(rev.new)
	count := map[Method]int{}
	for i, quote := range rev.quotes {
		q, p, m, ok := text.Reanchor(quote, rev.positions[i])
		checkMatch(t, rev.new, q, p, m, ok)
		count[m]++
	}
	t.Logf("%d KB, %d annotations: %v", len(rev.new)/1000, len(rev.quotes), count)
	if count[MethodExact] < 500 || count[MethodFuzzy] == 0 || count[MethodOrphaned] == 0 {
		t.Fatalf("methods %v: the revision should give each method", count)
	}
}

// BenchmarkReanchor re-anchors 1,000 annotations of a 50 KB article onto its
// new version: one op is the whole article. "each" prepares the text for
// every annotation, as the package's Reanchor does; "prepared" prepares it
// once with NewText, as re-anchoring an article should; "rewritten" does so
// onto an unrelated article, where nearly every annotation is orphaned after
// the longest search.
func BenchmarkReanchor(b *testing.B) {
	rev := makeRevision(rand.New(rand.NewPCG(3, 4)))
	other := makeRevision(rand.New(rand.NewPCG(5, 6)))
	b.Run("each", func(b *testing.B) {
		for b.Loop() {
			for i, quote := range rev.quotes {
				Reanchor(rev.new, quote, rev.positions[i])
			}
		}
	})
	b.Run("prepared", func(b *testing.B) {
		for b.Loop() {
			text := NewText(rev.new)
			for i, quote := range rev.quotes {
				text.Reanchor(quote, rev.positions[i])
			}
		}
	})
	b.Run("rewritten", func(b *testing.B) {
		for b.Loop() {
			text := NewText(other.new)
			for i, quote := range rev.quotes {
				text.Reanchor(quote, rev.positions[i])
			}
		}
	})
}
