package anchor

import (
	"testing"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

func TestVerify(t *testing.T) {
	const text = "The senator said 30,000 emails are missing. Café owners 🍰 agree."
	tests := []struct {
		name      string
		quote     factcheck.TextQuote
		pos       factcheck.TextPosition
		wantField string // "" means valid
	}{
		{"exact with context", factcheck.TextQuote{Exact: "30,000 emails", Prefix: "senator said ", Suffix: " are"}, factcheck.TextPosition{Start: 17, End: 30}, ""},
		{"no context", factcheck.TextQuote{Exact: "The"}, factcheck.TextPosition{Start: 0, End: 3}, ""},
		{"whole text", factcheck.TextQuote{Exact: text}, factcheck.TextPosition{Start: 0, End: 64}, ""},
		{"after astral code point", factcheck.TextQuote{Exact: "agree", Prefix: "🍰 ", Suffix: "."}, factcheck.TextPosition{Start: 58, End: 63}, ""},
		{"accented", factcheck.TextQuote{Exact: "Café"}, factcheck.TextPosition{Start: 44, End: 48}, ""},
		{"wrong place", factcheck.TextQuote{Exact: "30,000 emails"}, factcheck.TextPosition{Start: 16, End: 29}, "selectors.quote.exact"},
		{"wrong prefix", factcheck.TextQuote{Exact: "30,000 emails", Prefix: "senator says "}, factcheck.TextPosition{Start: 17, End: 30}, "selectors.quote.prefix"},
		{"wrong suffix", factcheck.TextQuote{Exact: "30,000 emails", Suffix: " were"}, factcheck.TextPosition{Start: 17, End: 30}, "selectors.quote.suffix"},
		{"past the end", factcheck.TextQuote{Exact: "agree."}, factcheck.TextPosition{Start: 58, End: 65}, "selectors.position.end"},
		{"empty range", factcheck.TextQuote{Exact: "x"}, factcheck.TextPosition{Start: 3, End: 3}, "selectors.position"},
		{"negative", factcheck.TextQuote{Exact: "x"}, factcheck.TextPosition{Start: -1, End: 3}, "selectors.position"},
		{"empty quote", factcheck.TextQuote{}, factcheck.TextPosition{Start: 0, End: 3}, "selectors.quote.exact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(text, tt.quote, tt.pos)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			fe, ok := err.(*factcheck.Error)
			if !ok || fe.Code != factcheck.CodeInvalid || fe.Field != tt.wantField {
				t.Fatalf("Verify = %v, want invalid %s", err, tt.wantField)
			}
		})
	}
}
