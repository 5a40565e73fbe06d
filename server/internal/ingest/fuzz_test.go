package ingest

import (
	"net/url"
	"testing"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// The fuzz targets run their seed corpora (testdata/fuzz/...) as ordinary
// tests; `go test -fuzz=FuzzHTML ./server/internal/ingest/` searches
// further. Whatever the input, an import either refuses it as invalid or
// gives content that is safe (no script, no event attribute, no script
// URL) and whose Text is its HTML's text content.

func FuzzHTML(f *testing.F) {
	base, _ := url.Parse("https://news.example/politics/story.html")
	f.Fuzz(func(t *testing.T, page string) {
		d, err := HTML(page, base)
		if err != nil {
			if factcheck.ErrorCode(err) != factcheck.CodeInvalid {
				t.Fatalf("HTML(%q): %v", page, err)
			}
			return
		}
		checkContent(t, d.Content)
	})
}

func FuzzMarkdown(f *testing.F) {
	f.Fuzz(func(t *testing.T, md string) {
		d, err := Markdown(md)
		if err != nil {
			if factcheck.ErrorCode(err) != factcheck.CodeInvalid {
				t.Fatalf("Markdown(%q): %v", md, err)
			}
			return
		}
		checkContent(t, d.Content)
	})
}
