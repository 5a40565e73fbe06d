package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

const (
	pageURL = "https://desk.example/fact-checks/verdict-1"
	cssURL  = "/fact-checks/page.css?v=test"
	safeRel = "nofollow noopener noreferrer"
)

var (
	saidOn      = time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)
	printedAt   = time.Date(2026, 2, 28, 6, 15, 0, 0, time.FixedZone("EST", -5*3600))
	publishedAt = time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	correctedAt = publishedAt.Add(5 * time.Hour)
	recorrected = publishedAt.Add(50 * time.Hour)
)

func intp(v int) *int { return &v }

// published returns the first publication of a verdict rated Mostly true,
// 4 on a scale of 1 to 5.
func published() factcheck.Publication {
	return factcheck.Publication{
		VerdictID: "verdict-1", WorkspaceID: "ws-1", Number: 1,
		Rating:     factcheck.Rating{Label: "Mostly true", Value: intp(4), Colour: "#5a9e3a", OnScale: true},
		BestRating: intp(5), WorstRating: intp(1),
		Rationale: "The *figures* match the [2025 report](https://stats.example.gov/crime-2025).\n\nThey are close enough.",
		Claim: factcheck.PublishedClaim{
			ID: "claim-1", Statement: "Crime is up 40 percent since 2020", Claimant: "Candidate A", ClaimDate: &saidOn,
			Appearances: []factcheck.PublishedAppearance{
				{ArticleTitle: "Debate night, annotated", ArticleURL: "https://news.example.com/2026/debate", Publisher: "The Example News", PublishedAt: &printedAt, Quote: "crime is up 40 percent"},
				{ArticleTitle: "Pasted transcript", Quote: "up forty percent"},
			},
		},
		Sources: []factcheck.PublishedSource{
			{URL: "https://stats.example.gov/crime-2025", Title: "Crime in 2025", Publisher: "Statistics Office", QuotedPassage: "an increase of 38.7 percent", Stance: factcheck.StanceSupports},
			{URL: "https://police.example/annual", Title: "Annual police report", Publisher: "City Police", QuotedPassage: "recorded offences fell", Stance: factcheck.StanceRefutes},
			{Title: "Interview with a criminologist", Stance: factcheck.StanceContext},
		},
		Organisation: factcheck.Organisation{Name: "Desk Check", URL: "https://desk.example/"},
		PublishedBy:  factcheck.UserRef{ID: "user-eve", Name: "Eve Editor"},
		PublishedAt:  publishedAt,
	}
}

func correction(v factcheck.Publication, n int, at time.Time, label string, value int, colour, rationale, note string) factcheck.Publication {
	v.Number, v.PublishedAt, v.CorrectionNote, v.Rationale = n, at, note, rationale
	v.Rating = factcheck.Rating{Label: label, Value: intp(value), OnScale: true, Colour: colour}
	return v
}

// correctedTwice is a verdict published as False, corrected to Half true,
// then to Mostly true.
func correctedTwice() []factcheck.Publication {
	v1 := published()
	v1.Rating = factcheck.Rating{Label: "False", Value: intp(1), OnScale: true, Colour: "#c4312b"}
	v1.Rationale = "No **figures** support it."
	v2 := correction(v1, 2, correctedAt, "Half true", 3, "#b08800", "Some _figures_ support it.", "We had missed the 2025 figures.")
	v3 := correction(v2, 3, recorrected, "Mostly true", 4, "#5a9e3a", "The *figures* match the revised count.", "The statistics office revised its count.")
	return []factcheck.Publication{v1, v2, v3}
}

// rendered is a rendered page, parsed as a browser would.
type rendered struct {
	raw string
	doc *html.Node
}

func render(t *testing.T, p Page) rendered {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, p); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("the page is not HTML: %v", err)
	}
	return rendered{raw: b.String(), doc: doc}
}

// all returns the elements under n, in document order, that match.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func tag(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

// named matches elements atom does not know, such as SVG's.
func named(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func class(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return slices.Contains(strings.Fields(attr(n, "class")), name) }
}

func first(t *testing.T, n *html.Node, what string, match func(*html.Node) bool) *html.Node {
	t.Helper()
	found := all(n, match)
	if len(found) == 0 {
		t.Fatalf("no %s in the page", what)
	}
	return found[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text content of n, with runs of white space made one space.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// inner is n's children as HTML.
func inner(t *testing.T, n *html.Node) string {
	t.Helper()
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func meta(t *testing.T, doc *html.Node, key, name string) string {
	t.Helper()
	return attr(first(t, doc, "meta "+name, func(n *html.Node) bool { return n.DataAtom == atom.Meta && attr(n, key) == name }), "content")
}

func TestRender(t *testing.T) {
	offScale := published()
	offScale.Rating = factcheck.Rating{Label: "Misleading", Colour: "#8250df"}
	offScale.BestRating, offScale.WorstRating = nil, nil
	offScale.Claim.Claimant, offScale.Claim.ClaimDate, offScale.Claim.Appearances = "", nil, nil
	offScale.Sources = nil
	offScale.Organisation.URL = ""

	for name, tc := range map[string]struct {
		versions []factcheck.Publication
		// What the page must say.
		heading, rating, scale, claimOrigin string
		rationale                           string // HTML of the current rationale
		corrections                         []string
	}{
		"one version": {
			versions:    []factcheck.Publication{published()},
			heading:     "Crime is up 40 percent since 2020",
			rating:      "Mostly true",
			scale:       "4 on a scale of 1 to 5",
			claimOrigin: "Claimed by Candidate A on 27 February 2026",
			rationale:   `<p>The <em>figures</em> match the <a href="https://stats.example.gov/crime-2025" rel="nofollow noopener noreferrer">2025 report</a>.</p>` + "\n<p>They are close enough.</p>\n",
		},
		"corrected twice": {
			versions:    correctedTwice(),
			heading:     "Crime is up 40 percent since 2020",
			rating:      "Mostly true",
			scale:       "4 on a scale of 1 to 5",
			claimOrigin: "Claimed by Candidate A on 27 February 2026",
			rationale:   "<p>The <em>figures</em> match the revised count.</p>\n",
			// Newest first, each with what it replaced.
			corrections: []string{
				"4 March 2026, 10:30 UTC | The statistics office revised its count. | before: 2 March 2026, 13:30 UTC Half true 3 on a scale of 1 to 5 | <p>Some <em>figures</em> support it.</p>",
				"2 March 2026, 13:30 UTC | We had missed the 2025 figures. | before: 2 March 2026, 08:30 UTC False 1 on a scale of 1 to 5 | <p>No <strong>figures</strong> support it.</p>",
			},
		},
		"off the scale, little known": {
			versions:  []factcheck.Publication{offScale},
			heading:   "Crime is up 40 percent since 2020",
			rating:    "Misleading",
			rationale: `<p>The <em>figures</em> match the <a href="https://stats.example.gov/crime-2025" rel="nofollow noopener noreferrer">2025 report</a>.</p>` + "\n<p>They are close enough.</p>\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			page := Page{Versions: tc.versions, URL: pageURL, CSSURL: cssURL}
			r := render(t, page)
			current := tc.versions[len(tc.versions)-1]

			// The ClaimReview, exactly as export writes it.
			scripts := all(r.doc, tag(atom.Script))
			if len(scripts) != 1 || attr(scripts[0], "type") != "application/ld+json" {
				t.Fatalf("want one ld+json script, got %d", len(scripts))
			}
			want, err := export.ClaimReview(export.ClaimReviewInput{Versions: tc.versions, URL: pageURL})
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, textOf(scripts[0]), string(want))

			// Head.
			if got := textOf(first(t, r.doc, "title", tag(atom.Title))); got != "Fact check: "+tc.heading+" | Desk Check" {
				t.Errorf("title = %q", got)
			}
			description := meta(t, r.doc, "name", "description")
			if !strings.Contains(description, tc.heading) || !strings.Contains(description, tc.rating) || !strings.Contains(description, "Desk Check") {
				t.Errorf("description = %q", description)
			}
			if got := meta(t, r.doc, "property", "og:title"); got != "Fact check: "+tc.heading {
				t.Errorf("og:title = %q", got)
			}
			if got := meta(t, r.doc, "property", "og:description"); got != description {
				t.Errorf("og:description = %q, want the description", got)
			}
			if got := meta(t, r.doc, "property", "og:url"); got != pageURL {
				t.Errorf("og:url = %q", got)
			}
			links := map[string]string{}
			for _, l := range all(r.doc, tag(atom.Link)) {
				links[attr(l, "rel")] = attr(l, "href")
			}
			if links["canonical"] != pageURL || links["stylesheet"] != cssURL {
				t.Errorf("links = %v", links)
			}

			// The claim and the rating.
			if got := textOf(first(t, r.doc, "h1", tag(atom.H1))); got != tc.heading {
				t.Errorf("h1 = %q, want %q", got, tc.heading)
			}
			origins := all(r.doc, class("claim-origin"))
			if tc.claimOrigin == "" && len(origins) > 0 || tc.claimOrigin != "" && (len(origins) == 0 || textOf(origins[0]) != tc.claimOrigin) {
				t.Errorf("claim origin = %v, want %q", texts(origins), tc.claimOrigin)
			}
			verdict := first(t, r.doc, "verdict", class("verdict"))
			assertRating(t, verdict, tc.rating, tc.scale, current.Rating.Colour)
			if got := inner(t, first(t, first(t, r.doc, "rationale", class("rationale")), "prose", class("prose"))); got != tc.rationale {
				t.Errorf("rationale\n got %q\nwant %q", got, tc.rationale)
			}
			if published := textOf(first(t, verdict, "dateline", class("dateline"))); !strings.HasPrefix(published, "Published 2 March 2026, 08:30 UTC") {
				t.Errorf("dateline = %q", published)
			}

			// Where the claim appeared, and the sources.
			var wantAppearances []string
			for _, a := range current.Claim.Appearances {
				wantAppearances = append(wantAppearances, a.ArticleTitle+"|"+a.ArticleURL+"|"+a.Quote)
			}
			var gotAppearances []string
			for _, li := range all(r.doc, class("appearance")) {
				gotAppearances = append(gotAppearances, entry(t, li))
			}
			if !reflect.DeepEqual(gotAppearances, wantAppearances) {
				t.Errorf("appearances\n got %q\nwant %q", gotAppearances, wantAppearances)
			}
			if len(current.Claim.Appearances) > 0 {
				meta := textOf(first(t, r.doc, "appearance meta", class("entry-meta")))
				if meta != "The Example News, 28 February 2026" {
					t.Errorf("first appearance meta = %q", meta)
				}
			}
			var wantSources []string
			for _, s := range current.Sources {
				wantSources = append(wantSources, s.Title+"|"+s.URL+"|"+s.QuotedPassage)
			}
			var gotSources []string
			var stances []string
			for _, li := range all(r.doc, class("source")) {
				gotSources = append(gotSources, entry(t, li))
				stances = append(stances, texts(all(li, class("entry-meta")))...)
			}
			if !reflect.DeepEqual(gotSources, wantSources) {
				t.Errorf("sources\n got %q\nwant %q", gotSources, wantSources)
			}
			if len(current.Sources) > 0 {
				if want := []string{"Statistics Office · supports the claim", "City Police · refutes the claim", "gives context"}; !reflect.DeepEqual(stances, want) {
					t.Errorf("source meta = %q, want %q", stances, want)
				}
			}

			// Corrections, newest first.
			sections := all(r.doc, func(n *html.Node) bool { return attr(n, "id") == "corrections" })
			if len(tc.corrections) == 0 {
				if len(sections) > 0 {
					t.Errorf("a page never corrected has a corrections section")
				}
				if _, ok := find(r.doc, "article:modified_time"); ok {
					t.Errorf("a page never corrected has article:modified_time")
				}
				return
			}
			if len(sections) != 1 {
				t.Fatalf("want one corrections section, got %d", len(sections))
			}
			if got := textOf(first(t, sections[0], "h2", tag(atom.H2))); got != "Corrections" {
				t.Errorf("corrections heading = %q", got)
			}
			var got []string
			for _, li := range all(sections[0], class("correction")) {
				details := first(t, li, "details", tag(atom.Details))
				before := textOf(first(t, details, "summary", tag(atom.Summary)))
				before = strings.TrimPrefix(before, "What we published before this correction, on ")
				rating := textOf(first(t, details, "rating", class("rating")))
				got = append(got, strings.Join([]string{
					textOf(first(t, li, "date", tag(atom.Time))),
					textOf(first(t, li, "note", class("correction-note"))),
					"before: " + before + " " + rating,
					strings.TrimSpace(inner(t, first(t, details, "prose", class("prose")))),
				}, " | "))
			}
			if !reflect.DeepEqual(got, tc.corrections) {
				t.Errorf("corrections\n got %q\nwant %q", got, tc.corrections)
			}
			if modified, _ := find(r.doc, "article:modified_time"); modified != current.PublishedAt.UTC().Format(time.RFC3339) {
				t.Errorf("article:modified_time = %q", modified)
			}
		})
	}
}

func find(doc *html.Node, property string) (string, bool) {
	for _, m := range all(doc, tag(atom.Meta)) {
		if attr(m, "property") == property {
			return attr(m, "content"), true
		}
	}
	return "", false
}

func texts(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, textOf(n))
	}
	return out
}

// entry sums up an appearance or a source as "title|link|quote".
func entry(t *testing.T, li *html.Node) string {
	t.Helper()
	title := first(t, li, "title", class("entry-title"))
	link := ""
	if as := all(title, tag(atom.A)); len(as) > 0 {
		link = attr(as[0], "href")
		if rel := attr(as[0], "rel"); rel != safeRel {
			t.Errorf("link to %s has rel %q, want %q", link, rel, safeRel)
		}
	}
	return textOf(title) + "|" + link + "|" + strings.Join(texts(all(li, tag(atom.Blockquote))), "/")
}

func assertRating(t *testing.T, n *html.Node, label, scale, colour string) {
	t.Helper()
	if got := textOf(first(t, n, "rating label", class("rating-label"))); got != label {
		t.Errorf("rating label = %q, want %q", got, label)
	}
	scales := all(n, class("rating-scale"))
	if scale == "" && len(scales) > 0 || scale != "" && (len(scales) == 0 || textOf(scales[0]) != scale) {
		t.Errorf("rating scale = %q, want %q", texts(scales), scale)
	}
	if fill := attr(first(t, n, "rating swatch", named("rect")), "fill"); fill != colour {
		t.Errorf("badge fill = %q, want %q", fill, colour)
	}
}

func assertSameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("the ld+json script is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("the embedded ClaimReview differs from export.ClaimReview's\n got %s\nwant %s", got, want)
	}
}

func TestRenderHostileInput(t *testing.T) {
	const breakOut = `</script><script>alert(1)</script>`
	p := published()
	p.Claim.Statement = breakOut + ` <!-- "quoted" & done`
	p.Claim.Claimant = `<img src=x onerror=alert(1)>`
	p.Rating.Label = `<svg onload=alert(1)>`
	p.Rating.Colour = `red" onload="alert(1)`
	p.Rationale = strings.Join([]string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">raw link</a>`,
		`[markdown link](javascript:alert(1)) and [spaced](  JaVaScRiPt:alert(1) ) and [data](data:text/html;base64,PHNjcmlwdD4=)`,
		`<javascript:alert(1)> and <vbscript:msgbox(1)>`,
		`![image](https://evil.example/x.png "title")`,
		`<style>body{display:none}</style> <p style="color:red" onclick="alert(1)">styled</p>`,
		`[fine](https://example.org/ok) and mail@example.org`,
		`<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name=x></form>`,
	}, "\n\n")
	p.Claim.Appearances = []factcheck.PublishedAppearance{
		{ArticleTitle: `<b onmouseover=alert(1)>article</b>`, ArticleURL: "javascript:alert(1)", Publisher: `<script>x</script>`, Quote: `</blockquote><script>alert(1)</script>`},
	}
	p.Sources = []factcheck.PublishedSource{
		{Title: `<a href="javascript:alert(1)">source</a>`, URL: "javascript:alert(1)", Publisher: `" onfocus="alert(1)`, QuotedPassage: breakOut, Stance: "<script>"},
		{Title: "", URL: " JAVASCRIPT:alert(1)", Stance: factcheck.StanceRefutes},
		{Title: "Data", URL: "data:text/html,<script>alert(1)</script>"},
	}
	p.Organisation = factcheck.Organisation{Name: `Desk <script>alert(1)</script>`, URL: "javascript:alert(1)"}
	v2 := p
	v2.Number, v2.PublishedAt = 2, correctedAt
	v2.CorrectionNote = `<script>alert("note")</script>`

	r := render(t, Page{Versions: []factcheck.Publication{p, v2}, URL: pageURL, CSSURL: cssURL})

	scripts := all(r.doc, tag(atom.Script))
	if len(scripts) != 1 || attr(scripts[0], "type") != "application/ld+json" {
		t.Fatalf("want exactly one script, the ld+json one; got %d:\n%s", len(scripts), r.raw)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(textOf(scripts[0])), &ld); err != nil {
		t.Fatalf("the ld+json script does not parse (did text break out of it?): %v", err)
	}
	if ld["claimReviewed"] != p.Claim.Statement {
		t.Errorf("claimReviewed = %q, want the statement unaltered", ld["claimReviewed"])
	}
	if raw := scripts[0].FirstChild.Data; strings.ContainsAny(raw, "<>") {
		t.Errorf("the ld+json script holds a raw < or >: %s", raw)
	}
	if got := textOf(first(t, r.doc, "h1", tag(atom.H1))); got != strings.Join(strings.Fields(p.Claim.Statement), " ") {
		t.Errorf("h1 = %q, want the statement as text", got)
	}

	for _, n := range all(r.doc, func(*html.Node) bool { return true }) {
		switch n.DataAtom {
		case atom.Style, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Form, atom.Input, atom.Base:
			t.Errorf("the page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
			case key == "style":
				t.Errorf("<%s> has an inline style %q", n.Data, a.Val)
			case strings.Contains(val, "javascript:") || strings.Contains(val, "vbscript:") || strings.HasPrefix(val, "data:"):
				t.Errorf("<%s %s=%q> carries a script or data URL", n.Data, a.Key, a.Val)
			}
		}
		if n.DataAtom == atom.A {
			href := attr(n, "href")
			if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "mailto:") && href != "#fact-check" && href != "#corrections" {
				t.Errorf("link to %q", href)
			}
			if strings.Contains(href, "://") && attr(n, "rel") != safeRel && !strings.HasPrefix(href, "https://desk.example") {
				t.Errorf("link to %q has rel %q", href, attr(n, "rel"))
			}
		}
	}

	// Hostile text is shown as text, not dropped.
	for _, want := range []string{p.Claim.Claimant, p.Rating.Label, p.Organisation.Name, v2.CorrectionNote, p.Sources[0].Title, `</blockquote><script>alert(1)</script>`} {
		if !strings.Contains(textOf(r.doc), want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	// A source whose URL is not http(s) is not a link.
	for _, li := range all(r.doc, class("source")) {
		if as := all(li, tag(atom.A)); len(as) > 0 {
			t.Errorf("source %q links to %q", textOf(li), attr(as[0], "href"))
		}
	}
	// A colour that is not #rrggbb is replaced, not passed through.
	for _, rect := range all(r.doc, named("rect")) {
		if fill := attr(rect, "fill"); !regexp.MustCompile(`^#[0-9a-f]{6}$`).MatchString(fill) {
			t.Errorf("badge fill %q", fill)
		}
	}
	// The rationale keeps its one safe link, and the e-mail address.
	prose := first(t, r.doc, "rationale", class("prose"))
	var hrefs []string
	for _, a := range all(prose, tag(atom.A)) {
		hrefs = append(hrefs, attr(a, "href"))
	}
	if want := []string{"https://example.org/ok", "mailto:mail@example.org"}; !reflect.DeepEqual(hrefs, want) {
		t.Errorf("rationale links = %q, want %q", hrefs, want)
	}
	if !strings.Contains(textOf(prose), "markdown link") || !strings.Contains(textOf(prose), "spaced") {
		t.Errorf("the text of unsafe links and elements is lost: %q", textOf(prose))
	}
}

func TestRenderRationale(t *testing.T) {
	for name, tc := range map[string]struct {
		markdown string
		want     string
	}{
		"emphasis":          {"*a* **b** ~~c~~ `d`", "<p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>\n"},
		"headings fit in":   {"# One\n\n## Two\n\n##### Five", "<h3>One</h3>\n<h4>Two</h4>\n<h6>Five</h6>\n"},
		"lists and quotes":  {"3. a\n4. b\n\n> q", "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n<blockquote>\n<p>q</p>\n</blockquote>\n"},
		"link":              {"[r](https://e.example/r?a=1&b=2 \"T\")", `<p><a href="https://e.example/r?a=1&amp;b=2" rel="nofollow noopener noreferrer">r</a></p>` + "\n"},
		"bare URL":          {"see https://e.example/x.", `<p>see <a href="https://e.example/x" rel="nofollow noopener noreferrer">https://e.example/x</a>.</p>` + "\n"},
		"e-mail":            {"<desk@e.example>", `<p><a href="mailto:desk@e.example" rel="nofollow noopener noreferrer">desk@e.example</a></p>` + "\n"},
		"relative link":     {"[r](/admin)", "<p>r</p>\n"},
		"javascript link":   {"[r](javascript:alert(1))", "<p>r</p>\n"},
		"other scheme":      {"<ftp://e.example/f> [x](file:///etc/passwd)", "<p>ftp://e.example/f x</p>\n"},
		"raw HTML":          {"<b onclick=x>bold</b> <script>alert(1)</script>", "<p>bold alert(1)</p>\n"}, // the tags go, the text stays text
		"raw block":         {"<div style=\"x\">\nhi\n</div>", "\n"},                                       // goldmark leaves out the whole block
		"image":             {"![alt](https://e.example/i.png)", "<p></p>\n"},
		"table":             {"| a | b |\n|:-|-:|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		"entities":          {"a < b & c > d", "<p>a &lt; b &amp; c &gt; d</p>\n"},
		"empty":             {"", ""},
		"task list is text": {"- [x] done", "<ul>\n<li>[x] done</li>\n</ul>\n"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := renderRationale(tc.markdown)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestRenderRefusesWhatCannotBePublished(t *testing.T) {
	for name, tc := range map[string]struct {
		page Page
		want string
	}{
		"no versions":          {Page{URL: pageURL, CSSURL: cssURL}, "at least one published version"},
		"relative page URL":    {Page{Versions: []factcheck.Publication{published()}, URL: "/fact-checks/verdict-1", CSSURL: cssURL}, "page URL"},
		"no stylesheet":        {Page{Versions: []factcheck.Publication{published()}, URL: pageURL}, "stylesheet"},
		"no organisation name": {Page{Versions: []factcheck.Publication{func() factcheck.Publication { p := published(); p.Organisation.Name = ""; return p }()}, URL: pageURL, CSSURL: cssURL}, "organisation"},
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			err := Render(&b, tc.page)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
			if b.Len() > 0 {
				t.Errorf("a failed render wrote %d bytes", b.Len())
			}
		})
	}
}

func TestCSS(t *testing.T) {
	css := CSS()
	if len(css) == 0 {
		t.Fatal("no stylesheet")
	}
	sum := sha256.Sum256(css)
	if got, want := CSSVersion(), hex.EncodeToString(sum[:8]); got != want {
		t.Errorf("CSSVersion() = %q, want the content hash %q", got, want)
	}
	css[0] = 'X' // a caller's copy: the served stylesheet does not change
	if CSS()[0] == 'X' {
		t.Error("CSS() hands out the embedded stylesheet itself")
	}
	// Under the page's policy the stylesheet can load nothing else.
	for _, bad := range []string{"@import", "url("} {
		if bytes.Contains(css, []byte(bad)) {
			t.Errorf("the stylesheet uses %s", bad)
		}
	}
	// Every class the page uses for its layout is styled.
	r := render(t, Page{Versions: correctedTwice(), URL: pageURL, CSSURL: cssURL})
	for _, n := range all(r.doc, func(n *html.Node) bool { return attr(n, "class") != "" }) {
		for _, c := range strings.Fields(attr(n, "class")) {
			if strings.HasPrefix(c, "stance-") || slices.Contains([]string{"claim", "fact-check", "rationale", "appearances", "appearance", "sources", "source", "corrections", "correction", "correction-list", "publisher"}, c) {
				continue // hooks for readers' and embedders' own styles
			}
			if !bytes.Contains(css, []byte("."+c+" ")) && !bytes.Contains(css, []byte("."+c+",")) && !bytes.Contains(css, []byte("."+c+":")) && !bytes.Contains(css, []byte("."+c+"[")) && !bytes.Contains(css, []byte("."+c+"\n")) {
				t.Errorf("class %q is not in page.css", c)
			}
		}
	}
}

// TestBadgeInkContrasts checks that the badge's text is readable on every
// colour of the default scale and on the extremes: WCAG AA asks 4.5:1.
func TestBadgeInkContrasts(t *testing.T) {
	colours := []string{"#000000", "#ffffff", "#777777", "#808080"}
	for _, r := range factcheck.DefaultRatingScale().Ratings {
		colours = append(colours, r.Colour)
	}
	inkLuminance := map[string]float64{"dark": luminance(t, "#000000"), "light": luminance(t, "#ffffff")}
	for _, c := range colours {
		got := ink(colour(c))
		l1, l2 := luminance(t, c), inkLuminance[got]
		ratio := (math.Max(l1, l2) + 0.05) / (math.Min(l1, l2) + 0.05)
		if ratio < 4.5 {
			t.Errorf("%s with %s ink: contrast %.2f:1", c, got, ratio)
		}
	}
	if got := colour("not a colour"); got != neutralColour {
		t.Errorf("colour(junk) = %q", got)
	}
}

func luminance(t *testing.T, c string) float64 {
	t.Helper()
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			s /= 12.92
		} else {
			s = math.Pow((s+0.055)/1.055, 2.4)
		}
		l += w * s
	}
	return l
}
