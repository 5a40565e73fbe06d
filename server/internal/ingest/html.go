package ingest

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// maxPageElements bounds the elements of a page given to readability, whose
// work grows faster than the page; real articles have a few thousand.
const maxPageElements = 200_000

// maxMetaRunes bounds a title, byline or publisher.
const maxMetaRunes = 500

// HTML imports pasted or uploaded HTML. A whole page (one with a doctype,
// <html>, <head> or <body>) is reduced to its main content by readability,
// and its title, byline, publisher, published date and canonical URL are
// kept; a fragment (what a browser copies) is kept as it is, and its title
// is its first heading. Either way the HTML is sanitized. Relative links are
// resolved against base, or dropped when base is nil.
func HTML(page string, base *url.URL) (Document, error) {
	return fromHTML(page, base, "html")
}

func fromHTML(page string, base *url.URL, field string) (Document, error) {
	if !utf8.ValidString(page) {
		return Document{}, factcheck.Invalid(field, "the HTML is not valid UTF-8")
	}
	if len(page) > MaxPageBytes {
		return Document{}, factcheck.Invalid(field, "the HTML is larger than %s", sizeText(MaxPageBytes))
	}
	if !isWholePage(page) {
		return fromFragment(page, base, factcheck.FormatHTML, field)
	}

	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		return Document{}, relabel(unreadable(err), field)
	}
	meta := readPageMeta(doc, base)
	headings := headingsIn(doc, nil)
	if meta.base != nil {
		base = meta.base
	}
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxPageElements
	article, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return Document{}, factcheck.Invalid(field, "the page is too complex to read (more than %d elements)", maxPageElements)
	}
	title := oneLine(article.Title())
	title = headlineOf(title, headings)
	main := page // readability found nothing: the whole body, sanitized
	if article.Node != nil {
		var b strings.Builder
		// The headline is often the claim: keep it as the text's first line,
		// where readability removes it as a duplicate of the title.
		if title != "" && firstHeadingIn(article.Node) != title {
			b.WriteString("<h1>" + html.EscapeString(title) + "</h1>")
		}
		if err := xhtml.Render(&b, article.Node); err != nil {
			return Document{}, err
		}
		main = b.String()
	}
	h, err := sanitize(main, base)
	if err != nil {
		return Document{}, relabel(err, field)
	}
	c, err := finish(h, factcheck.FormatHTML, field)
	if err != nil {
		return Document{}, err
	}
	d := Document{
		Content:      c,
		Title:        title,
		Byline:       oneLine(article.Byline()),
		Publisher:    oneLine(article.SiteName()),
		CanonicalURL: meta.canonical,
	}
	if d.Title == "" {
		d.Title = firstHeading(h)
	}
	if d.Publisher == "" {
		d.Publisher = meta.publisher
	}
	if t, err := article.PublishedTime(); err == nil && !t.IsZero() {
		d.Published = &t
	} else if t, ok := parseDate(meta.published); ok {
		d.Published = &t
	}
	return d, nil
}

// fromFragment sanitizes HTML kept as it is (pasted HTML, rendered
// Markdown); its title is its first heading.
func fromFragment(fragment string, base *url.URL, format factcheck.ArticleFormat, field string) (Document, error) {
	h, err := sanitize(fragment, base)
	if err != nil {
		return Document{}, relabel(err, field)
	}
	c, err := finish(h, format, field)
	if err != nil {
		return Document{}, err
	}
	return Document{Content: c, Title: firstHeading(h)}, nil
}

// isWholePage reports whether HTML is a page rather than a fragment: it
// starts (after comments and spaces) with a doctype, <html>, <head> or
// <body>.
func isWholePage(page string) bool {
	z := xhtml.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return false
		case xhtml.DoctypeToken:
			return true
		case xhtml.CommentToken:
		case xhtml.TextToken:
			if strings.Trim(string(z.Text()), asciiSpace) != "" {
				return false
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Html, atom.Head, atom.Body:
				return true
			}
			return false
		}
	}
}

// pageMeta is what readability does not give us, read from the page before
// readability changes it.
type pageMeta struct {
	base      *url.URL // from <base href>, resolved
	canonical string
	publisher string
	published string
}

func readPageMeta(doc *xhtml.Node, base *url.URL) pageMeta {
	var m pageMeta
	var canonicalHref, timeAttr string
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && n.Namespace == "" {
			switch n.DataAtom {
			case atom.Base:
				if href := attr(n, "href"); m.base == nil && href != "" {
					if u, ok := resolveLink(href, base); ok && !strings.HasPrefix(u, "mailto:") {
						m.base, _ = url.Parse(u)
					}
				}
			case atom.Link:
				if canonicalHref == "" && hasToken(attr(n, "rel"), "canonical") {
					canonicalHref = attr(n, "href")
				}
			case atom.Meta:
				key := strings.ToLower(strings.TrimSpace(attr(n, "property") + attr(n, "name") + attr(n, "itemprop")))
				content := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:site_name", "publisher":
					if m.publisher == "" && !strings.Contains(content, "://") {
						m.publisher = oneLine(content)
					}
				case "article:published_time", "datepublished", "date", "pubdate", "dc.date.issued", "dcterms.issued":
					if m.published == "" {
						m.published = content
					}
				}
			case atom.Time:
				if timeAttr == "" {
					timeAttr = strings.TrimSpace(attr(n, "datetime"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if m.published == "" {
		m.published = timeAttr
	}
	if canonicalHref != "" {
		b := base
		if m.base != nil {
			b = m.base
		}
		if u, ok := resolveLink(canonicalHref, b); ok && !strings.HasPrefix(u, "mailto:") {
			m.canonical = u
		}
	}
	return m
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

// dateLayouts are the forms a page's machine-readable date takes.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// firstHeading is the text of the first heading of sanitized HTML.
func firstHeading(h string) string {
	root, err := parseFragment(h)
	if err != nil {
		return ""
	}
	return firstHeadingIn(root)
}

func firstHeadingIn(n *xhtml.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if t := oneLine(textOf(c)); t != "" {
				return t
			}
		}
		if t := firstHeadingIn(c); t != "" {
			return t
		}
	}
	return ""
}

// headlineOf is the page's own headline when a heading says what the title
// says, better: readability shortens a title at what looks like a site
// name's separator ("Prices rose 20% – do they?") and keeps a short one
// whole ("Rates held | Money Desk"); the headline is neither.
func headlineOf(title string, headings []string) string {
	if title == "" {
		return ""
	}
	for _, h := range headings {
		if h == "" {
			continue
		}
		if strings.Contains(h, title) {
			return h
		}
		if rest, ok := strings.CutPrefix(title, h); ok && titleSeparator.MatchString(rest) {
			return h
		}
		if rest, ok := strings.CutSuffix(title, h); ok && titleSeparator.MatchString(rest) {
			return h
		}
	}
	return title
}

// titleSeparator is what joins a headline and a site's name in a <title>.
var titleSeparator = regexp.MustCompile(`^\s+[|\-–—:/·»•]+\s+\S|\S\s+[|\-–—:/·»•]+\s+$`)

// headingsIn appends the text of n's h1 and h2 headings to list.
func headingsIn(n *xhtml.Node, list []string) []string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.H1 || c.DataAtom == atom.H2 {
			list = append(list, oneLine(textOf(c)))
			continue
		}
		list = headingsIn(c, list)
	}
	return list
}

func textOf(n *xhtml.Node) string {
	if n.Type == xhtml.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// oneLine collapses whitespace and bounds the length of a title, byline or
// publisher.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxMetaRunes {
		s = string([]rune(s)[:maxMetaRunes-1]) + "…"
	}
	return s
}
