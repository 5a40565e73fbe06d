package anchor

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

const article = `The senator said on Tuesday that "30,000 emails are missing" from the archive. ` +
	`Officials disputed the figure -- they said the real number was closer to 3,000. ` +
	`"We have found every single one," a spokesperson said. ` +
	`The senator said the committee would vote next week.`

// at returns the code point offset of the nth (from 0) occurrence of sub in
// text; it fails the test when there is none.
func at(t *testing.T, text, sub string, nth int) int {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q has no occurrence %d of %q", text, nth, sub)
		}
		if nth == 0 {
			return utf8.RuneCountInString(text[:from+i])
		}
		nth--
		from += i + 1
	}
}

// describe returns the selectors of the nth occurrence of quote in text.
func describe(t *testing.T, text, quote string, nth int) (factcheck.TextQuote, factcheck.TextPosition) {
	t.Helper()
	start := at(t, text, quote, nth)
	q, p := Describe(text, start, start+utf8.RuneCountInString(quote))
	if err := Verify(text, q, p); err != nil {
		t.Fatalf("Describe made selectors that do not verify: %v", err)
	}
	return q, p
}

func TestDescribe(t *testing.T) {
	const text = "Café 🍰 owners said 30,000 emails are missing from the archive of the state department."
	tests := []struct {
		name       string
		start, end int
		want       factcheck.TextQuote
		wantPos    factcheck.TextPosition
	}{
		{"short context at the start", 0, 4, factcheck.TextQuote{Exact: "Café", Suffix: " 🍰 owners said 30,000 emails are"}, factcheck.TextPosition{Start: 0, End: 4}},
		{"after an astral code point", 7, 13, factcheck.TextQuote{Exact: "owners", Prefix: "Café 🍰 ", Suffix: " said 30,000 emails are missing "}, factcheck.TextPosition{Start: 7, End: 13}},
		{"full context", 37, 44, factcheck.TextQuote{Exact: "missing", Prefix: "🍰 owners said 30,000 emails are ", Suffix: " from the archive of the state d"}, factcheck.TextPosition{Start: 37, End: 44}},
		{"end past the text", 79, 500, factcheck.TextQuote{Exact: "rtment.", Prefix: "om the archive of the state depa"}, factcheck.TextPosition{Start: 79, End: 86}},
		{"end before start", 10, 5, factcheck.TextQuote{Prefix: "Café 🍰 own", Suffix: "ers said 30,000 emails are missi"}, factcheck.TextPosition{Start: 10, End: 10}},
		{"negative start", -3, 4, factcheck.TextQuote{Exact: "Café", Suffix: " 🍰 owners said 30,000 emails are"}, factcheck.TextPosition{Start: 0, End: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, p := Describe(text, tt.start, tt.end)
			if q != tt.want || p != tt.wantPos {
				t.Fatalf("Describe = %+q %v, want %+q %v", q, p, tt.want, tt.wantPos)
			}
			if p.Start < p.End {
				if err := Verify(text, q, p); err != nil {
					t.Fatalf("Verify = %v", err)
				}
			}
		})
	}
}

func TestReanchor(t *testing.T) {
	// Context alike for 32 code points either side of the middle copies.
	const repeated = "Vote yes on the bond measure, the ad says. "
	fourTimes := strings.Repeat(repeated, 4)
	longQuote := `Officials disputed the figure -- they said the real number was closer to 3,000. "We have found every single one," a spokesperson said.`
	tests := []struct {
		name    string
		old     string
		quote   string // annotated in old
		nth     int    // at its nth occurrence
		new     string
		want    string // found in new ("" means orphaned)
		wantNth int    // at its nth occurrence
		wantBy  Method
	}{
		{"unchanged", article, "30,000 emails are missing", 0,
			article, "30,000 emails are missing", 0, MethodExact},
		{"insertion before the quote", article, "the real number was closer to 3,000", 0,
			"UPDATE: corrected. " + article, "the real number was closer to 3,000", 0, MethodExact},
		{"insertion inside the quote", article, "30,000 emails are missing", 0,
			strings.Replace(article, "30,000 emails", "30,000 private emails", 1), "30,000 private emails are missing", 0, MethodFuzzy},
		{"insertion after the quote", article, "30,000 emails are missing", 0,
			strings.Replace(article, "from the archive", "from the state archive", 1), "30,000 emails are missing", 0, MethodExact},
		{"word replaced inside the quote", article, "the real number was closer to 3,000", 0,
			strings.Replace(article, "closer", "nearer", 1), "the real number was nearer to 3,000", 0, MethodFuzzy},
		{"white space changed", article, "30,000 emails are missing", 0,
			strings.Replace(article, "30,000 emails are", "30,000  emails\nare", 1), "30,000  emails\nare missing", 0, MethodFuzzy},
		{"punctuation changed", article, "30,000 emails are missing", 0,
			strings.Replace(article, "30,000", "30.000", 1), "30.000 emails are missing", 0, MethodFuzzy},
		{"typographic quotes", article, `"We have found every single one,"`, 0,
			strings.Replace(article, `"We have found every single one,"`, `“We have found every single one,”`, 1), `“We have found every single one,”`, 0, MethodFuzzy},
		{"straight quotes from typographic ones", strings.ReplaceAll(article, "'", "’"), "said on Tuesday that \"30,000", 0,
			strings.Replace(article, "\"30,000", "“30,000", 1), "said on Tuesday that “30,000", 0, MethodFuzzy},
		{"dash changed", article, "disputed the figure -- they said", 0,
			strings.Replace(article, " -- ", " — ", 1), "disputed the figure — they said", 0, MethodFuzzy},
		{"capitalised", article, "the committee would vote", 0,
			strings.Replace(article, "the committee", "The Committee", 1), "The Committee would vote", 0, MethodFuzzy},
		{"passage deleted", article, "the real number was closer to 3,000", 0,
			strings.Replace(article, "Officials disputed the figure -- they said the real number was closer to 3,000. ", "", 1), "", 0, MethodOrphaned},
		{"passage rewritten", article, "30,000 emails are missing", 0,
			strings.Replace(article, "30,000 emails are missing", "a few messages could be lost", 1), "", 0, MethodOrphaned},
		{"repeated, told apart by context", article, "The senator said", 1,
			"Breaking news. " + article, "The senator said", 1, MethodExact},
		{"repeated, context changed at the first", article, "The senator said", 0,
			strings.Replace(article, "the committee would", "the panel would", 1), "The senator said", 0, MethodExact},
		{"repeated, told apart by position only", fourTimes, "bond measure", 2,
			"Paid ad. " + fourTimes + "Paid for by the committee.", "bond measure", 2, MethodPosition},
		{"repeated, the other by position only", fourTimes, "bond measure", 1,
			"Paid ad. " + fourTimes + "Paid for by the committee.", "bond measure", 1, MethodPosition},
		{"repeated and edited, by context", article, "The senator said", 1,
			strings.ReplaceAll(article, "The senator said", "The senator, said"), "The senator, said", 1, MethodFuzzy},
		{"quote at the very start", article, "The senator said on Tuesday", 0,
			strings.Replace(article, "next week", "next month", 1), "The senator said on Tuesday", 0, MethodExact},
		{"quote at the very start, edited", article, "The senator said on Tuesday", 0,
			strings.Replace(article, "The senator said on Tuesday", "The senator said on Wednesday", 1), "The senator said on Wednesday", 0, MethodFuzzy},
		{"quote at the very end", article, "would vote next week.", 0,
			strings.Replace(article, "on Tuesday", "on Wednesday", 1), "would vote next week.", 0, MethodExact},
		{"quote at the very end, edited", article, "would vote next week.", 0,
			strings.Replace(article, "next week.", "next week!", 1), "would vote next week!", 0, MethodFuzzy},
		{"emoji before the quote", article, "the real number was closer to 3,000", 0,
			"🇺🇸🎉 Live: " + article, "the real number was closer to 3,000", 0, MethodExact},
		{"emoji before, edited quote", article, "the real number was closer to 3,000", 0,
			"🇺🇸🎉 Live: " + strings.Replace(article, "closer", "nearer", 1), "the real number was nearer to 3,000", 0, MethodFuzzy},
		{"long quote with a small edit", article, longQuote, 0,
			strings.Replace(article, "closer to", "nearer to", 1), strings.Replace(longQuote, "closer to", "nearer to", 1), 0, MethodFuzzy},
		{"long quote with edits, moved far", article, longQuote, 0,
			strings.Repeat("An unrelated paragraph about the weather in the capital. ", 60) +
				strings.Replace(strings.Replace(article, "closer to", "nearer to", 1), "-- they", "— officials", 1),
			strings.Replace(strings.Replace(longQuote, "closer to", "nearer to", 1), "-- they", "— officials", 1), 0, MethodFuzzy},
		{"short quote, one letter changed", article, "archive", 0,
			strings.Replace(article, "archive", "archlve", 1), "archlve", 0, MethodFuzzy},
		{"short quote, longer word", article, "archive", 0,
			strings.Replace(article, "archive", "archives", 1), "archive", 0, MethodExact},
		{"number changed in a short quote", article, "3,000", 0,
			strings.Replace(article, "3,000", "4,000", 1), "4,000", 0, MethodFuzzy},
		{"short quote rewritten", article, "3,000", 0,
			strings.Replace(article, "3,000", "3 million", 1), "", 0, MethodOrphaned},
		{"quote is the whole text", "Short note.", "Short note.", 0,
			"Short note!", "Short note!", 0, MethodFuzzy},
		{"new text empty", article, "30,000 emails", 0,
			"", "", 0, MethodOrphaned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			quote, pos := describe(t, tt.old, tt.quote, tt.nth)
			q, p, m, ok := Reanchor(tt.new, quote, pos)
			if m != tt.wantBy {
				t.Errorf("method = %s, want %s", m, tt.wantBy)
			}
			if tt.want == "" {
				if ok || q != (factcheck.TextQuote{}) || p != (factcheck.TextPosition{}) {
					t.Fatalf("Reanchor = %+q %v ok=%v, want orphaned", q, p, ok)
				}
				return
			}
			if !ok {
				t.Fatalf("Reanchor orphaned the passage, want %q", tt.want)
			}
			if err := Verify(tt.new, q, p); err != nil {
				t.Fatalf("Reanchor = %+q %v, which does not verify: %v", q, p, err)
			}
			start := at(t, tt.new, tt.want, tt.wantNth)
			want := factcheck.TextPosition{Start: start, End: start + utf8.RuneCountInString(tt.want)}
			if q.Exact != tt.want || p != want {
				t.Fatalf("Reanchor = %q at %v, want %q at %v", q.Exact, p, tt.want, want)
			}
		})
	}
}

func TestReanchorOddInput(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		quote factcheck.TextQuote
		pos   factcheck.TextPosition
	}{
		{"empty quote", article, factcheck.TextQuote{}, factcheck.TextPosition{}},
		{"empty text", "", factcheck.TextQuote{Exact: "x"}, factcheck.TextPosition{Start: 0, End: 1}},
		{"quote longer than the text", "abc", factcheck.TextQuote{Exact: "abcdefghijklmnop"}, factcheck.TextPosition{Start: 0, End: 16}},
		{"position far outside", article, factcheck.TextQuote{Exact: "emailz are missing"}, factcheck.TextPosition{Start: -1 << 40, End: 1 << 50}},
		{"invalid UTF-8 in the quote", "é and more", factcheck.TextQuote{Exact: "\xa9"}, factcheck.TextPosition{}},
		{"invalid UTF-8 in the text", "ab\xffcd \xc3 emails are missing", factcheck.TextQuote{Exact: "\xffcd \xc3 emails"}, factcheck.TextPosition{Start: 2, End: 14}},
		{"only spaces", "   a   ", factcheck.TextQuote{Exact: "  "}, factcheck.TextPosition{}},
		{"spaces, fuzzy", "a b", factcheck.TextQuote{Exact: "\u00a0\u00a0\u00a0"}, factcheck.TextPosition{}},
		{"format characters only", "a\u00adb", factcheck.TextQuote{Exact: "\u200b"}, factcheck.TextPosition{Start: 1, End: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, p, m, ok := Reanchor(tt.text, tt.quote, tt.pos)
			if ok {
				if err := Verify(tt.text, q, p); err != nil {
					t.Fatalf("Reanchor = %+q %v %s, which does not verify: %v", q, p, m, err)
				}
			} else if m != MethodOrphaned {
				t.Fatalf("not found, but method %s", m)
			}
		})
	}
}

func TestReanchorConcurrentText(t *testing.T) {
	text := NewText(strings.Replace(article, "closer", "nearer", 1))
	quote, pos := describe(t, article, "the real number was closer to 3,000", 0)
	done := make(chan factcheck.TextQuote)
	for range 8 {
		go func() {
			q, _, _, _ := text.Reanchor(quote, pos)
			done <- q
		}()
	}
	for range 8 {
		if q := <-done; q.Exact != "the real number was nearer to 3,000" {
			t.Errorf("Reanchor = %q", q.Exact)
		}
	}
}
