// Package publish renders the public page of a published verdict: the page
// anyone can read without logging in, at the verdict's stable URL, with its
// schema.org ClaimReview embedded for search engines and fact-check
// aggregators.
//
// The page is made for a strict Content-Security-Policy (ContentSecurityPolicy):
// no inline style and no script. Its only stylesheet is CSS(), served by the
// caller from the same origin; the rating's colour, which comes from the
// workspace's scale, is drawn as the fill of an inline SVG (a presentation
// attribute, which style-src does not govern) and the text on it is black or
// white, whichever contrasts more with that colour. The ClaimReview is a
// JSON-LD data block (<script type="application/ld+json">), which browsers
// never execute; it is written by encoding/json, which escapes <, > and &,
// so no text in it can close the element.
//
// Everything user-written is escaped by html/template. The rationale is
// Markdown: goldmark renders it with raw HTML left out (its default), then a
// bluemonday policy keeps only text structure and absolute http(s) and
// mailto links, each with rel="nofollow noopener noreferrer". Links to
// articles and sources are made only from absolute http(s) URLs; any other
// URL is shown as text or not at all.
package publish

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Page is one published verdict's public page.
type Page struct {
	Versions []factcheck.Publication // oldest first; the last is current
	URL      string                  // canonical URL of this page
	CSSURL   string                  // where the stylesheet is served
}

// ContentSecurityPolicy is the policy the page is made to work under: the
// HTTP layer should send it with the page.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

//go:embed page.html page.css
var files embed.FS

// The page's template, stylesheet, Markdown renderer and sanitizer are built
// once and never changed; all are safe for concurrent use.
var (
	pageTemplate = template.Must(template.ParseFS(files, "page.html"))
	stylesheet   = must(files.ReadFile("page.css"))
	cssVersion   = contentVersion(stylesheet)
	rationaleMD  = goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.Strikethrough,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(rationaleTransformer{}, 1000))),
	)
	rationalePolicy = newRationalePolicy()
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// CSS returns the page's stylesheet, to be served as text/css at the
// CSSURL given to Render.
func CSS() []byte { return slices.Clone(stylesheet) }

// CSSVersion names this build's stylesheet by its content (a hash), so it
// can be served under a versioned URL (…/page.css?v=<version>) with a long
// cache lifetime, and as an ETag.
func CSSVersion() string { return cssVersion }

func contentVersion(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Render writes the public page of a published verdict. It fails, having
// written nothing, when the versions cannot be published as a ClaimReview
// (see export.ClaimReview) or a URL is missing.
func Render(w io.Writer, p Page) error {
	v, err := newPageView(p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("publish: render the page: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// pageView is what page.html shows: every value already chosen, checked
// and formatted, so the template only lays it out.
type pageView struct {
	Title, SocialTitle, Description string
	URL, CSSURL                     string
	ClaimReview                     template.JS // JSON-LD with <, > and & escaped

	Organisation linkView
	Statement    string
	Claimant     string
	ClaimDate    *moment
	Appearances  []appearanceView
	Sources      []sourceView

	Current     versionView
	Published   moment  // the first publication
	Modified    *moment // the latest correction, if any
	Corrections []correctionView
}

type linkView struct {
	Name string
	URL  string // "" when there is no safe link
}

type moment struct {
	Machine string // for <time datetime>
	Human   string
}

type versionView struct {
	Number    int
	Published moment
	Rating    ratingView
	Rationale template.HTML // rendered and sanitized
}

type ratingView struct {
	Label  string
	Colour string // #rrggbb, checked
	Ink    string // "dark" or "light": the text colour that contrasts more with Colour
	Scale  string // "4 on a scale of 1 to 5", or "" off the scale
}

type appearanceView struct {
	Title     string
	URL       string // "" when there is no safe link
	Publisher string
	Date      *moment
	Quote     string
}

type sourceView struct {
	Title     string
	URL       string // "" when there is no safe link
	Publisher string
	Stance    *stanceView
	Quote     string
}

type stanceView struct {
	Class string // supports, refutes or context
	Words string
}

type correctionView struct {
	Number    int
	Published moment
	Note      string
	Previous  versionView // the version this correction replaced
}

func newPageView(p Page) (pageView, error) {
	claimReview, err := export.ClaimReview(export.ClaimReviewInput{Versions: p.Versions, URL: p.URL})
	if err != nil {
		return pageView{}, fmt.Errorf("publish: %w", err)
	}
	if bytes.ContainsAny(claimReview, "<>") { // encoding/json escapes them; never embed a document that could close the script element
		return pageView{}, fmt.Errorf("publish: the ClaimReview of verdict %s has an unescaped < or >", p.Versions[0].VerdictID)
	}
	if strings.TrimSpace(p.CSSURL) == "" {
		return pageView{}, fmt.Errorf("publish: no stylesheet URL")
	}

	first, current := p.Versions[0], p.Versions[len(p.Versions)-1]
	org := strings.TrimSpace(current.Organisation.Name)
	statement := strings.TrimSpace(current.Claim.Statement)
	claimant := strings.TrimSpace(current.Claim.Claimant)

	v := pageView{
		SocialTitle:  "Fact check: " + truncate(statement, 90),
		URL:          p.URL,
		CSSURL:       p.CSSURL,
		ClaimReview:  template.JS(claimReview),
		Organisation: linkView{Name: org, URL: webURL(current.Organisation.URL)},
		Statement:    statement,
		Claimant:     claimant,
		Published:    momentOf(first.PublishedAt),
	}
	v.Title = v.SocialTitle + " | " + org
	by := ""
	if claimant != "" {
		by = " by " + claimant
	}
	v.Description = fmt.Sprintf("%s rated the claim “%s”%s as %s.", org, truncate(statement, 160), by, strings.TrimSpace(current.Rating.Label))
	if d := current.Claim.ClaimDate; d != nil {
		v.ClaimDate = &moment{Machine: d.Format(time.DateOnly), Human: d.Format("2 January 2006")}
	}

	if v.Current, err = newVersionView(current); err != nil {
		return pageView{}, err
	}
	for i := len(p.Versions) - 1; i >= 1; i-- {
		previous, err := newVersionView(p.Versions[i-1])
		if err != nil {
			return pageView{}, err
		}
		c := p.Versions[i]
		v.Corrections = append(v.Corrections, correctionView{
			Number: c.Number, Published: momentOf(c.PublishedAt), Note: strings.TrimSpace(c.CorrectionNote), Previous: previous,
		})
	}
	if len(p.Versions) > 1 {
		m := momentOf(current.PublishedAt)
		v.Modified = &m
	}

	for _, a := range current.Claim.Appearances {
		av := appearanceView{Title: strings.TrimSpace(a.ArticleTitle), URL: webURL(a.ArticleURL), Publisher: strings.TrimSpace(a.Publisher), Quote: strings.TrimSpace(a.Quote)}
		if av.Title == "" {
			av.Title = cmp.Or(av.URL, "An article")
		}
		if a.PublishedAt != nil {
			d := a.PublishedAt.UTC()
			av.Date = &moment{Machine: d.Format(time.DateOnly), Human: d.Format("2 January 2006")}
		}
		v.Appearances = append(v.Appearances, av)
	}
	for _, s := range current.Sources {
		sv := sourceView{Title: strings.TrimSpace(s.Title), URL: webURL(s.URL), Publisher: strings.TrimSpace(s.Publisher), Quote: strings.TrimSpace(s.QuotedPassage)}
		if sv.Title == "" {
			sv.Title = cmp.Or(sv.URL, "Untitled source")
		}
		switch s.Stance {
		case factcheck.StanceSupports:
			sv.Stance = &stanceView{Class: "supports", Words: "supports the claim"}
		case factcheck.StanceRefutes:
			sv.Stance = &stanceView{Class: "refutes", Words: "refutes the claim"}
		case factcheck.StanceContext:
			sv.Stance = &stanceView{Class: "context", Words: "gives context"}
		}
		v.Sources = append(v.Sources, sv)
	}
	return v, nil
}

func newVersionView(p factcheck.Publication) (versionView, error) {
	rationale, err := renderRationale(p.Rationale)
	if err != nil {
		return versionView{}, fmt.Errorf("publish: verdict %s version %d: %w", p.VerdictID, p.Number, err)
	}
	r := ratingView{Label: strings.TrimSpace(p.Rating.Label), Colour: colour(p.Rating.Colour)}
	r.Ink = ink(r.Colour)
	if p.Rating.OnScale && p.Rating.Value != nil && p.BestRating != nil && p.WorstRating != nil {
		r.Scale = fmt.Sprintf("%d on a scale of %d to %d", *p.Rating.Value, *p.WorstRating, *p.BestRating)
	}
	return versionView{Number: p.Number, Published: momentOf(p.PublishedAt), Rating: r, Rationale: rationale}, nil
}

// momentOf formats a moment in UTC, to the minute: corrections can come on
// the day of publication.
func momentOf(t time.Time) moment {
	u := t.UTC()
	return moment{Machine: u.Format(time.RFC3339), Human: u.Format("2 January 2006, 15:04 UTC")}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	return strings.TrimRightFunc(string(r), func(c rune) bool { return c == ' ' }) + "…"
}

// webURL returns s when it is an absolute http(s) URL, else "".
func webURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" {
		return ""
	}
	return s
}

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// neutralColour stands in for a colour that is not #rrggbb (the scale
// validates colours; a snapshot older than that check might not be).
const neutralColour = "#6e7781"

func colour(c string) string {
	if !hexColour.MatchString(c) {
		return neutralColour
	}
	return strings.ToLower(c)
}

// ink picks the text colour for a badge of colour c: "dark" (black) or
// "light" (white), whichever has the higher WCAG contrast ratio with it.
func ink(c string) string {
	var lum float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		lum += weight * s
	}
	// Black ink (relative luminance 0) or white (1): one of the two always
	// reaches 4.58:1, above WCAG AA's 4.5:1, where a softer dark would not
	// on mid greys.
	if (lum+0.05)/0.05 >= 1.05/(lum+0.05) {
		return "dark"
	}
	return "light"
}

// renderRationale turns a rationale's Markdown into HTML that holds only
// text structure and safe links.
func renderRationale(md string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := rationaleMD.Convert([]byte(md), &buf); err != nil {
		return "", fmt.Errorf("render the rationale: %w", err)
	}
	return template.HTML(rationalePolicy.SanitizeBytes(buf.Bytes())), nil
}

// linkRel is what every link in a rationale carries: search engines are
// not asked to follow it, and the site it leads to learns nothing of us.
const linkRel = "nofollow noopener noreferrer"

func newRationalePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote",
		"ul", "ol", "li", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return p
}

// rationaleTransformer fits a rationale's Markdown into the page: its
// headings start at level 3 (the page has the h1 and the h2s), its links
// carry linkRel, and a link to anything but an absolute http(s) URL or a
// mailto: address becomes its text. The sanitizer checks all of this
// again; this makes the HTML right before it is checked.
type rationaleTransformer struct{}

func (rationaleTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			if !linkable(string(n.Destination)) {
				unwrap = append(unwrap, n)
				break
			}
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.AutoLink:
			dest := string(n.URL(source))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			if !linkable(dest) {
				unwrap = append(unwrap, n)
				break
			}
			n.SetAttributeString("rel", []byte(linkRel))
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if auto, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(auto.Label(source)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c) // moves c out of the link
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// linkable reports whether a rationale may link to dest.
func linkable(dest string) bool {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}
