package ingest

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Markdown imports pasted or uploaded Markdown (CommonMark with GitHub's
// tables, strikethrough and autolinks). HTML written inside the Markdown is
// let through goldmark and then sanitized with everything else, so a <sup>
// survives and a <script> does not. The title is the first heading.
func Markdown(md string) (Document, error) {
	if !utf8.ValidString(md) {
		return Document{}, factcheck.Invalid("markdown", "the Markdown is not valid UTF-8")
	}
	if len(md) > MaxPageBytes {
		return Document{}, factcheck.Invalid("markdown", "the Markdown is larger than %s", sizeText(MaxPageBytes))
	}
	converter := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		// The sanitizer, not goldmark, decides what HTML and which links stay.
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	var out bytes.Buffer
	if err := converter.Convert([]byte(md), &out); err != nil {
		return Document{}, factcheck.Invalid("markdown", "the Markdown could not be read")
	}
	return fromFragment(out.String(), nil, factcheck.FormatMarkdown, "markdown")
}
