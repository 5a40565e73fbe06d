// Package ingest turns what a fact-checker brings in (pasted text, Markdown
// or HTML, an uploaded file, or a URL) into an article version's content:
// sanitized HTML, the plain text that selectors are counted over, and a
// content hash that recognises the same content imported twice.
//
// Every path ends in the same place: HTML that has passed our sanitizing
// policy, whitespace normalised so that words of adjacent blocks never run
// together, Text = TextContent(HTML), and Hash = sha256 of the HTML.
package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// MaxTextBytes bounds an article's text.
const MaxTextBytes = 2 << 20

// MaxPageBytes bounds the HTML or Markdown we are given to import (a paste,
// an uploaded file, or a fetched page by default).
const MaxPageBytes = 5 << 20

// Content is an article version's content, ready to store.
type Content struct {
	HTML   string
	Text   string
	Hash   string
	Format factcheck.ArticleFormat
}

var (
	blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)
	spaces     = regexp.MustCompile(`[ \t\r\n\f\v]+`)
)

// Document is an imported article: its content and what the source says
// about itself. Fields the source does not give are empty (Published nil).
type Document struct {
	Content   Content
	Title     string
	Byline    string
	Publisher string
	Published *time.Time
	// CanonicalURL is where the page says it lives (<link rel=canonical>, or
	// the address a URL import ended at); OriginalURL is the address a
	// fact-checker asked for, for URL imports only.
	CanonicalURL string
	OriginalURL  string
}

// PlainText makes content from pasted plain text: paragraphs are separated
// by blank lines, and line breaks inside a paragraph become spaces.
func PlainText(text string) (Content, error) {
	if !utf8.ValidString(text) {
		return Content{}, factcheck.Invalid("text", "the text is not valid UTF-8")
	}
	if len(text) > MaxTextBytes {
		return Content{}, factcheck.Invalid("text", "the text is longer than %d MiB", MaxTextBytes>>20)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\x00", "")
	var paras []string
	for _, p := range blankLines.Split(text, -1) {
		p = strings.TrimSpace(spaces.ReplaceAllString(p, " "))
		if p != "" {
			paras = append(paras, "<p>"+html.EscapeString(p)+"</p>")
		}
	}
	if len(paras) == 0 {
		return Content{}, factcheck.Invalid("text", "the article has no text")
	}
	return finish(strings.Join(paras, "\n"), factcheck.FormatText, "text")
}

// finish makes content from final, sanitized HTML: its text is derived from
// it, never computed separately, and its hash is the HTML's.
func finish(h string, format factcheck.ArticleFormat, field string) (Content, error) {
	plain, err := TextContent(h)
	if err != nil {
		return Content{}, relabel(unreadable(err), field)
	}
	if strings.TrimSpace(plain) == "" {
		return Content{}, factcheck.Invalid(field, "the article has no text")
	}
	if len(plain) > MaxTextBytes {
		return Content{}, factcheck.Invalid(field, "the article's text is longer than %d MiB", MaxTextBytes>>20)
	}
	sum := sha256.Sum256([]byte(h))
	return Content{HTML: h, Text: plain, Hash: hex.EncodeToString(sum[:]), Format: format}, nil
}

// TextContent returns the text a browser gives as the textContent of an
// element whose innerHTML is fragment: every text node, in order, nothing
// else. Selectors are counted over this text, so the browser and the server
// agree on every offset.
func TextContent(fragment string) (string, error) {
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := xhtml.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String(), nil
}
