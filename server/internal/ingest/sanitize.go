package ingest

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// articlePolicy is our sanitizing policy, made for reading articles: the
// text and its structure (paragraphs, headings, lists, quotes, tables,
// figures' captions, emphasis, code) and links out. Nothing that runs,
// styles, embeds, submits or loads anything: no script, style, iframe,
// object, embed, form, image or media element, no event, style, id or
// class attribute, and links only to http, https and mailto, opened in a
// new tab without referrer or opener.
//
// mark is left out on purpose: the desk's highlights are <mark> elements,
// so a page's own marks are unwrapped to their text. Images are dropped
// with their alt text (see prepare).
//
// It is built for each use (a few microseconds) so that no mutable policy
// lives in a package variable.
func articlePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "div", "br", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li", "dl", "dt", "dd",
		"blockquote", "pre", "code", "kbd", "samp", "var",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small",
		"abbr", "time", "q", "cite", "dfn", "bdi",
		"figure", "figcaption",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
	)
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(false) // links were resolved against the page before
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // adds rel=noopener too
	p.AllowAttrs("title").OnElements("abbr", "dfn")
	p.AllowAttrs("datetime").Matching(dateTimeAttr).OnElements("time", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").Matching(smallNumber).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(tableScope).OnElements("th")
	p.AllowAttrs("start").Matching(smallNumber).OnElements("ol")
	p.AllowAttrs("dir").Matching(textDirection).Globally()
	p.AllowAttrs("lang").Matching(languageTag).Globally()
	return p
}

// Immutable tables of what the policy's attributes may say.
var (
	dateTimeAttr  = regexp.MustCompile(`^[0-9T:+\-. Z]{1,40}$`)
	smallNumber   = regexp.MustCompile(`^[0-9]{1,4}$`)
	tableScope    = regexp.MustCompile(`^(?i:row|col|rowgroup|colgroup)$`)
	textDirection = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	languageTag   = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$`)
)

// removedWithContent are elements whose content is not part of the article
// a reader sees: code, styles, embedded or interactive things, media, and
// the page's head. They go before the policy runs, content and all.
var removedWithContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Noframes: true,
	atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Param: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Img: true, atom.Picture: true, atom.Video: true, atom.Audio: true,
	atom.Source: true, atom.Track: true, atom.Map: true, atom.Area: true,
	atom.Form: true, atom.Input: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Option: true, atom.Optgroup: true, atom.Datalist: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Base: true,
	atom.Noembed: true, atom.Xmp: true, atom.Plaintext: true, atom.Dialog: true,
}

// becomeDiv are blocks the policy does not keep; they become div so that
// their text stays apart from their neighbours'.
var becomeDiv = map[atom.Atom]bool{
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Center: true, atom.Hgroup: true,
	atom.Fieldset: true, atom.Legend: true, atom.Menu: true, atom.Search: true,
	atom.Listing: true,
}

// blocks are the elements the policy keeps that start a new line: the text
// gets "\n" between two blocks.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Hr: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Figcaption: true,
	atom.Table: true, atom.Caption: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Td: true, atom.Th: true,
}

// keptEmpty are elements kept even with no text: a rule, a line break, and
// table cells, whose place matters inside a table that has text.
var keptEmpty = map[atom.Atom]bool{
	atom.Hr: true, atom.Br: true, atom.Td: true, atom.Th: true, atom.Tr: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
}

// sanitize turns untrusted HTML (a fragment: the body's content) into the
// HTML we store. Relative links are resolved against base, or dropped when
// there is none (they would otherwise point into Factdesk itself).
//
//  1. prepare: remove what a reader does not see, resolve links, turn
//     unkept blocks into div;
//  2. the policy;
//  3. normalise whitespace on the sanitized tree, with "\n" between blocks;
//  4. the policy again, so the last hand on the HTML is the sanitizer's.
func sanitize(fragment string, base *url.URL) (string, error) {
	root, err := parseFragment(fragment)
	if err != nil {
		return "", err
	}
	prepare(root, base)
	policy := articlePolicy()
	safe, err := render(root)
	if err != nil {
		return "", err
	}
	if root, err = parseFragment(policy.Sanitize(safe)); err != nil {
		return "", err
	}
	unwrapWrappers(root)
	prune(root)
	normalise(root)
	out, err := render(root)
	if err != nil {
		return "", err
	}
	return policy.Sanitize(out), nil
}

// parseFragment parses HTML as the browser does when it is set as a div's
// innerHTML, and returns that div.
func parseFragment(fragment string) (*xhtml.Node, error) {
	root := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := xhtml.ParseFragment(strings.NewReader(fragment), root)
	if err != nil {
		return nil, unreadable(err)
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root, nil
}

// unreadable is the error for HTML the parser gives up on: in practice,
// elements nested more than 512 deep, which no article needs. The field is
// named by the caller (see relabel).
func unreadable(err error) error {
	e := factcheck.Invalid("html", "the HTML could not be read")
	if strings.Contains(err.Error(), "open stack") {
		e.Message = "the HTML nests its elements too deeply to be read"
	}
	e.Err = err
	return e
}

// render writes root's children, the inverse of parseFragment.
func render(root *xhtml.Node) (string, error) {
	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := xhtml.Render(&b, c); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// prepare removes what a reader does not see, resolves links against base,
// and turns the blocks the policy does not keep into div.
//
// Images go with their alt text. An alt text is not part of the text the
// page shows its readers, so putting it in would give checkers words to
// quote that the article never displayed; it is often a file name or
// "image"; and what matters about a picture in an article is usually in its
// figcaption, which is kept. Showing the images themselves would load
// third-party content into the desk (leaking readers' addresses), which the
// Content-Security-Policy forbids anyway.
func prepare(n *xhtml.Node, base *url.URL) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == xhtml.CommentNode || c.Type == xhtml.DoctypeNode:
			n.RemoveChild(c)
		case c.Type != xhtml.ElementNode:
		case c.Namespace != "" || removedWithContent[c.DataAtom]:
			n.RemoveChild(c) // svg and math roots, and all under them
		default:
			if becomeDiv[c.DataAtom] {
				c.Data, c.DataAtom = "div", atom.Div
			}
			if c.DataAtom == atom.A {
				resolveHref(c, base)
			}
			prepare(c, base)
		}
		c = next
	}
}

// resolveHref makes a link's href absolute, or removes it when it does not
// lead to an http, https or mailto address (the policy checks again).
func resolveHref(a *xhtml.Node, base *url.URL) {
	attrs := a.Attr[:0]
	for _, at := range a.Attr {
		if at.Namespace == "" && at.Key == "href" {
			href, ok := resolveLink(at.Val, base)
			if !ok {
				continue
			}
			at.Val = href
		}
		attrs = append(attrs, at)
	}
	a.Attr = attrs
}

// resolveLink resolves a link found in a page, following the browser's
// rules where they matter for safety: surrounding spaces are ignored, and
// a URL with control characters (a tab in "java\tscript:") is refused.
func resolveLink(href string, base *url.URL) (string, bool) {
	href = strings.Trim(href, " \t\n\f\r")
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false // a place in the original page, which we do not keep
	}
	for _, r := range href {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	if !u.IsAbs() {
		if base == nil {
			return "", false
		}
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
		u.User = nil
	case "mailto":
	default:
		return "", false
	}
	return u.String(), true
}

// unwrapWrappers replaces each div that holds only blocks, or that is all
// the fragment holds, by its children: the text is the same, the stored
// HTML is simpler.
func unwrapWrappers(root *xhtml.Node) {
	unwrapBlockDivs(root)
	for {
		div := onlyChild(root)
		if div == nil || div.DataAtom != atom.Div {
			return
		}
		for div.FirstChild != nil {
			c := div.FirstChild
			div.RemoveChild(c)
			root.InsertBefore(c, div)
		}
		root.RemoveChild(div)
	}
}

// onlyChild is n's one element child when n has no other content but
// whitespace.
func onlyChild(n *xhtml.Node) *xhtml.Node {
	var only *xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.ElementNode && only == nil:
			only = c
		case c.Type == xhtml.TextNode && strings.Trim(c.Data, asciiSpace) == "":
		default:
			return nil
		}
	}
	return only
}

func unwrapBlockDivs(n *xhtml.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == xhtml.ElementNode {
			unwrapBlockDivs(c)
			if c.DataAtom == atom.Div && onlyBlocks(c) {
				for c.FirstChild != nil {
					gc := c.FirstChild
					c.RemoveChild(gc)
					n.InsertBefore(gc, c)
				}
				n.RemoveChild(c)
			}
		}
		c = next
	}
}

func onlyBlocks(n *xhtml.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case xhtml.TextNode:
			if strings.Trim(c.Data, asciiSpace) != "" {
				return false
			}
		case xhtml.ElementNode:
			if !blocks[c.DataAtom] {
				return false
			}
		}
	}
	return true
}

// prune removes elements that hold no text: empty paragraphs, headings,
// links and the like that page builders leave behind.
func prune(n *xhtml.Node) (hasText bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case xhtml.TextNode:
			if strings.Trim(c.Data, asciiSpace) != "" {
				hasText = true
			}
		case xhtml.ElementNode:
			if prune(c) {
				hasText = true
			} else if !keptEmpty[c.DataAtom] {
				n.RemoveChild(c)
			}
		}
		c = next
	}
	return hasText
}

// asciiSpace is the whitespace HTML collapses; a no-break space is text.
const asciiSpace = " \t\n\f\r"

func isASCIISpace(r rune) bool { return strings.ContainsRune(asciiSpace, r) }

// normalise rewrites the text of a sanitized tree the way it reads: inside
// a block, each run of whitespace becomes one space; between two blocks (or
// after a <br>) there is exactly one "\n", as a text node of its own where
// the first block ends or the next begins; nothing before the first word or
// after the last. Text inside <pre> is kept as it is but for the whitespace
// at its end.
//
// The browser's textContent of the result is then the article as one reads
// it, words of adjacent paragraphs never run together, and the rendering is
// unchanged (the whitespace we write is insignificant where we put it).
func normalise(root *xhtml.Node) {
	w := &whitespace{}
	w.walk(root, false)
	for _, ins := range w.breaks {
		ins.parent.InsertBefore(&xhtml.Node{Type: xhtml.TextNode, Data: "\n"}, ins.before)
	}
	for _, t := range w.texts {
		if t.b.Len() == 0 {
			t.node.Parent.RemoveChild(t.node)
		} else {
			t.node.Data = t.b.String()
		}
	}
}

// whitespace is normalise's state as it reads the tree's text in order.
type whitespace struct {
	texts   []*textOut
	breaks  []place
	started bool     // a character has been written
	space   *textOut // where a run of spaces began since the last character
	brk     *place   // where the first block edge since the last character is
}

type textOut struct {
	node *xhtml.Node
	b    strings.Builder
}

// place is a point in the tree: before a child of parent (nil: at the end).
type place struct{ parent, before *xhtml.Node }

func (w *whitespace) edge(p place) {
	if w.started && w.brk == nil {
		w.brk = &p
	}
	w.space = nil
}

func (w *whitespace) walk(n *xhtml.Node, inPre bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case xhtml.TextNode:
			w.text(c, inPre)
		case xhtml.ElementNode:
			if inPre && c.DataAtom == atom.Br {
				// A line break in preformatted text is its newline.
				c.Type, c.Data, c.DataAtom, c.Attr = xhtml.TextNode, "\n", 0, nil
				w.text(c, true)
				continue
			}
			block := blocks[c.DataAtom]
			if block {
				w.edge(place{n, c})
			}
			first := len(w.texts)
			w.walk(c, inPre || c.DataAtom == atom.Pre)
			if c.DataAtom == atom.Pre && !inPre {
				w.trimEnd(w.texts[first:])
			}
			if block || c.DataAtom == atom.Br {
				w.edge(place{n, c.NextSibling})
			}
		}
	}
}

// trimEnd removes the whitespace at the end of preformatted text (a code
// block's last newline), which the browser does not show either.
func (w *whitespace) trimEnd(texts []*textOut) {
	for i := len(texts) - 1; i >= 0; i-- {
		t := texts[i]
		kept := strings.TrimRight(t.b.String(), asciiSpace)
		t.b.Reset()
		t.b.WriteString(kept)
		if kept != "" {
			return
		}
	}
}

func (w *whitespace) text(n *xhtml.Node, inPre bool) {
	t := &textOut{node: n}
	w.texts = append(w.texts, t)
	for _, r := range n.Data {
		if !inPre && isASCIISpace(r) {
			if w.started && w.brk == nil && w.space == nil {
				w.space = t
			}
			continue
		}
		if w.brk != nil {
			w.breaks = append(w.breaks, *w.brk)
		} else if w.space != nil {
			w.space.b.WriteByte(' ')
		}
		w.brk, w.space, w.started = nil, nil, true
		t.b.WriteRune(r)
	}
}
