// Package anchor works with W3C Web Annotation text selectors over an
// article version's plain text: it checks that a selector describes a real
// place in the text (Verify), describes a passage (Describe), and finds an
// annotation's passage again in a new version of the article, exactly or
// fuzzily, or says it is orphaned (Reanchor). Offsets are Unicode code
// points, as the W3C model says.
package anchor

import (
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// MaxContext is the longest prefix or suffix we accept. Clients send about
// 32 characters; anything much longer is not a selector's context.
const MaxContext = 256

// Verify checks that quote is exactly the text at position, and that its
// prefix and suffix are the text right before and after it. It returns an
// Invalid error naming the selector field at fault.
func Verify(text string, quote factcheck.TextQuote, pos factcheck.TextPosition) error {
	n := utf8.RuneCountInString(text)
	switch {
	case quote.Exact == "":
		return factcheck.Invalid("selectors.quote.exact", "the quoted passage is empty")
	case pos.Start < 0 || pos.End <= pos.Start:
		return factcheck.Invalid("selectors.position", "position start must be at least 0 and less than end")
	case pos.End > n:
		return factcheck.Invalid("selectors.position.end", "position end %d is past the end of the text (%d characters)", pos.End, n)
	case utf8.RuneCountInString(quote.Prefix) > MaxContext || utf8.RuneCountInString(quote.Suffix) > MaxContext:
		return factcheck.Invalid("selectors.quote", "prefix and suffix may be at most %d characters", MaxContext)
	}
	start, end := byteOffset(text, pos.Start), byteOffset(text, pos.End)
	if text[start:end] != quote.Exact {
		return factcheck.Invalid("selectors.quote.exact", "the quoted passage is not at position %d-%d of this article version", pos.Start, pos.End)
	}
	before, after := text[:start], text[end:]
	if len(before) < len(quote.Prefix) || before[len(before)-len(quote.Prefix):] != quote.Prefix {
		return factcheck.Invalid("selectors.quote.prefix", "the prefix does not match the text before the passage")
	}
	if len(after) < len(quote.Suffix) || after[:len(quote.Suffix)] != quote.Suffix {
		return factcheck.Invalid("selectors.quote.suffix", "the suffix does not match the text after the passage")
	}
	return nil
}

// byteOffset returns the byte index of the code point at index cp in s,
// or len(s) when cp is the number of code points in s.
func byteOffset(s string, cp int) int {
	i := 0
	for b := range s {
		if i == cp {
			return b
		}
		i++
	}
	return len(s)
}
