package ingest

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// xssPayloads are the classic ways to smuggle script into HTML, each set
// between two words of text that must survive.
var xssPayloads = []struct {
	name, payload string
	swallows      bool // the browser's parser takes what follows into the payload
}{
	{"script", `<script>alert(1)</script>`, false},
	{"script uppercase", `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, false},
	{"script in attribute-less svg", `<svg><script>alert(1)</script></svg>`, false},
	{"img onerror", `<img src=x onerror=alert(1)>`, false},
	{"svg onload", `<svg onload=alert(1)>`, false},
	{"body onload", `<body onload=alert(1)>`, false},
	{"event on allowed element", `<p onclick="alert(1)" onmouseover='alert(2)'>click</p>`, false},
	{"javascript link", `<a href="javascript:alert(1)">link</a>`, false},
	{"javascript link mixed case", `<a href="JaVaScRiPt:alert(1)">link</a>`, false},
	{"javascript link with spaces", `<a href="  javascript:alert(1)">link</a>`, false},
	{"javascript link with tab", "<a href=\"java\tscript:alert(1)\">link</a>", false},
	{"javascript link as decimal entities", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">link</a>`, false},
	{"javascript link as hex entities", `<a href="&#x6A;avascript&#x3A;alert(1)">link</a>`, false},
	{"javascript link as named entities", `<a href="javascript&colon;alert(1)">link</a>`, false},
	{"vbscript link", `<a href="vbscript:msgbox(1)">link</a>`, false},
	{"data link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>`, false},
	{"data image", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`, false},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, false},
	{"iframe src", `<iframe src="javascript:alert(1)"></iframe>`, false},
	{"object", `<object data="javascript:alert(1)"></object>`, false},
	{"embed", `<embed src="javascript:alert(1)">`, false},
	{"style attribute", `<p style="background:url(javascript:alert(1))">styled</p>`, false},
	{"style element", `<style>@import 'javascript:alert(1)';</style>`, false},
	{"form action", `<form action="javascript:alert(1)"><button>go</button></form>`, false},
	{"button formaction", `<button formaction="javascript:alert(1)">go</button>`, false},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, false},
	{"base href", `<base href="javascript:alert(1)//">`, false},
	{"link import", `<link rel="import" href="javascript:alert(1)">`, false},
	{"mxss math style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, true},
	{"mxss svg style", `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`, false},
	{"mxss noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, false},
	{"mxss template", `<template><img src=x onerror=alert(1)></template>`, false},
	{"comment breakout", `<!--><img src=x onerror=alert(1)>-->`, false},
	{"unclosed attribute", `<a href="https://ok.example/" onmouseover=alert(1) x="`, true},
	{"xlink href", `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`, false},
	{"math href", `<math href="javascript:alert(1)">CLICK</math>`, false},
	{"srcset", `<img srcset="javascript:alert(1) 1x">`, false},
	{"details ontoggle", `<details open ontoggle=alert(1)>d</details>`, false},
	{"video poster", `<video poster=javascript:alert(1)></video>`, false},
	{"marquee", `<marquee onstart=alert(1)>m</marquee>`, false},
	{"id and class", `<p id="login" class="x" dir="rtl">shh</p>`, false},
	{"target top", `<a href="https://ok.example/" target="_top">ok</a>`, false},
	{"nul in tag", "<scr\x00ipt>alert(1)</scr\x00ipt>", false},
}

func TestSanitizingRemovesEverythingThatRuns(t *testing.T) {
	base, _ := url.Parse("https://news.example/story")
	for _, tt := range xssPayloads {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML("<p>Before</p>"+tt.payload+"<p>After</p>", base)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, d.Content)
			if !strings.HasPrefix(d.Content.Text, "Before") || (!tt.swallows && !strings.HasSuffix(d.Content.Text, "After")) {
				t.Errorf("the text around the payload was lost: %q", d.Content.Text)
			}
		})
	}
}

// checkContent fails the test unless content is safe and consistent: no
// element that runs, loads or styles anything, no event or style attribute,
// links only to http, https or mailto, Text == TextContent(HTML), and the
// whitespace rules of normalise.
func checkContent(t *testing.T, c Content) {
	t.Helper()
	if problem := unsafeMarkup(c.HTML); problem != "" {
		t.Errorf("unsafe HTML (%s): %q", problem, c.HTML)
	}
	text, err := TextContent(c.HTML)
	if err != nil {
		t.Fatal(err)
	}
	if text != c.Text {
		t.Errorf("Text is not the HTML's text content:\n text: %q\n HTML: %q", c.Text, text)
	}
	if !strings.Contains(c.HTML, "<pre") {
		if strings.Trim(c.Text, asciiSpace) != c.Text || strings.Contains(c.Text, "\n\n") || strings.Contains(c.Text, "  ") ||
			strings.ContainsAny(c.Text, "\t\r\f") || strings.Contains(c.Text, " \n") || strings.Contains(c.Text, "\n ") {
			t.Errorf("the text's whitespace is not normalised: %q", c.Text)
		}
	}
	if len(c.Hash) != 64 {
		t.Errorf("Hash = %q", c.Hash)
	}
}

var (
	eventAttr = regexp.MustCompile(`(?i)[\s/"']on[a-z]+\s*=`)
	// A script or data URL starting an attribute's value. Elsewhere in a
	// URL the words are harmless ("https://javascript:/" is a host), and
	// what entities or control characters hide is caught by parsing the
	// URL itself (unsafeNode).
	scriptURL   = regexp.MustCompile(`(?i)=\s*["']?\s*((java|vb)script|data):`)
	scriptStart = regexp.MustCompile(`(?i)<\s*script`)
)

// unsafeMarkup describes the first unsafe thing in h, or is "". It looks at
// the markup twice: as the browser's parser sees it (elements, attributes,
// URLs after entity decoding), and as raw text inside tags, so neither an
// encoding trick nor a parser difference hides anything. Text is text: an
// article may say "javascript:" or "onclick=" in words.
func unsafeMarkup(h string) string {
	if scriptStart.MatchString(h) {
		return "<script"
	}
	z := xhtml.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		if tt == xhtml.StartTagToken || tt == xhtml.SelfClosingTagToken || tt == xhtml.EndTagToken {
			raw := string(z.Raw())
			if eventAttr.MatchString(raw) {
				return "event attribute in " + raw
			}
			if scriptURL.MatchString(raw) {
				return "script or data URL in " + raw
			}
			if strings.Contains(strings.ToLower(raw), "style") {
				return "style in " + raw
			}
		}
	}
	root, err := parseFragment(h)
	if err != nil {
		return err.Error()
	}
	return unsafeNode(root)
}

var allowedTags = strings.Fields(`div p br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre code kbd samp var
	em strong b i u s del ins sub sup small abbr time q cite dfn bdi figure figcaption
	table caption thead tbody tfoot tr td th a`)

func unsafeNode(n *xhtml.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case xhtml.ElementNode:
			if c.Namespace != "" || !contains(allowedTags, c.Data) {
				return "element " + c.Namespace + " " + c.Data
			}
			for _, a := range c.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case a.Namespace != "":
					return "namespaced attribute " + a.Key
				case key == "href":
					u, err := url.Parse(a.Val)
					if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						return "link to " + a.Val
					}
				case key == "rel" || key == "target":
					if c.Data != "a" || (key == "target" && a.Val != "_blank") {
						return key + "=" + a.Val
					}
				case !contains(strings.Fields("title datetime colspan rowspan scope start dir lang"), key):
					return "attribute " + a.Key
				}
			}
			if c.Data == "a" && attr(c, "target") == "_blank" && !hasToken(attr(c, "rel"), "noopener") {
				return "target=_blank without noopener"
			}
			if problem := unsafeNode(c); problem != "" {
				return problem
			}
		case xhtml.CommentNode, xhtml.DoctypeNode:
			return "comment or doctype"
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSanitizingKeepsTheArticle(t *testing.T) {
	base, _ := url.Parse("https://news.example/politics/story.html")
	tests := []struct {
		name, in, wantHTML, wantText string
	}{
		{"paragraphs get a newline between them",
			"<p>One</p><p>Two</p>",
			"<p>One</p>\n<p>Two</p>", "One\nTwo"},
		{"whitespace inside a block collapses",
			"<p>\n  Two <em>three</em>\t\tfour  \n</p>",
			"<p>Two <em>three</em> four</p>", "Two three four"},
		{"a space between inline elements stays where it was",
			"<p><em>a</em> <strong>b</strong></p>",
			"<p><em>a</em> <strong>b</strong></p>", "a b"},
		{"unkept blocks become div, wrapper divs go",
			"<section><div>alpha</div><div>beta</div></section><article><h2>Head</h2></article>",
			"<div>alpha</div>\n<div>beta</div>\n<h2>Head</h2>", "alpha\nbeta\nHead"},
		{"links are resolved, opened in a new tab without referrer",
			`<p><a href="/x?a=1&amp;b=2">rel</a> <a href="https://other.example/y">abs</a> <a href="mailto:desk@news.example">mail</a></p>`,
			`<p><a href="https://news.example/x?a=1&amp;b=2" rel="nofollow noreferrer noopener" target="_blank">rel</a> <a href="https://other.example/y" rel="nofollow noreferrer noopener" target="_blank">abs</a> <a href="mailto:desk@news.example" rel="nofollow noreferrer">mail</a></p>`,
			"rel abs mail"},
		{"in-page and unsafe links lose their link, not their text",
			`<p><a href="#top">top</a> and <a href="javascript:x()">js</a></p>`,
			"<p>top and js</p>", "top and js"},
		{"credentials are removed from links",
			`<p><a href="https://user:secret@news.example/">x</a></p>`,
			`<p><a href="https://news.example/" rel="nofollow noreferrer noopener" target="_blank">x</a></p>`, "x"},
		{"lists, nested",
			"<ul>\n <li>a</li>\n <li>b<ul><li>c</li></ul></li>\n</ul><p>d</p>",
			"<ul><li>a</li>\n<li>b\n<ul><li>c</li>\n</ul></li></ul><p>d</p>", "a\nb\nc\nd"},
		{"tables, cells apart",
			"<table><caption>Votes</caption><tr><th scope=col>For</th><th>Against</th></tr><tr><td colspan=2>12</td></tr></table>",
			"<table><caption>Votes</caption>\n<tbody><tr><th scope=\"col\">For</th>\n<th>Against</th>\n</tr><tr><td colspan=\"2\">12</td></tr></tbody></table>",
			"Votes\nFor\nAgainst\n12"},
		{"line breaks are newlines",
			"<p>a<br>b<br><br>c</p>",
			"<p>a<br/>\nb<br/>\n<br/>c</p>", "a\nb\nc"},
		{"preformatted text is kept as it is",
			"<p>x</p><pre>  if a {\n    b()\n  }</pre>",
			"<p>x</p>\n<pre>  if a {\n    b()\n  }</pre>", "x\n  if a {\n    b()\n  }"},
		{"a line break in preformatted text is its newline",
			"<pre>a<br>b</pre>",
			"<pre>a\nb</pre>", "a\nb"},
		{"the page's marks are unwrapped: mark is the desk's highlight",
			"<p>a <mark>marked</mark> word</p>",
			"<p>a marked word</p>", "a marked word"},
		{"images go with their alt text, captions stay",
			`<figure><img src="/a.jpg" alt="A photo"><figcaption>The minister.</figcaption></figure><p>Text <img src="x.gif" alt="icon"> here</p>`,
			"<figure><figcaption>The minister.</figcaption>\n</figure><p>Text here</p>", "The minister.\nText here"},
		{"empty blocks go",
			"<p>a</p><p> </p><p><br></p><h2></h2><p>b</p>",
			"<p>a</p>\n<p>b</p>", "a\nb"},
		{"a no-break space is text",
			"<p>30,000\u00a0emails</p>",
			"<p>30,000\u00a0emails</p>", "30,000\u00a0emails"},
		{"entities and markup-like text stay text",
			"<p>&lt;script&gt; &amp; onclick= javascript:</p>",
			"<p>&lt;script&gt; &amp; onclick= javascript:</p>", "<script> & onclick= javascript:"},
		{"quotes, abbreviations, times and their attributes",
			`<p><q cite="https://x.example/">Said</q> <abbr title="Freedom of Information">FOI</abbr> <time datetime="2024-05-02">May 2</time></p>`,
			`<p><q>Said</q> <abbr title="Freedom of Information">FOI</abbr> <time datetime="2024-05-02">May 2</time></p>`,
			"Said FOI May 2"},
		{"text directly in the fragment, around blocks",
			"Lead text<p>para</p>tail",
			"Lead text\n<p>para</p>\ntail", "Lead text\npara\ntail"},
		{"divs that hold text keep it apart",
			"<div>one <span>two</span></div><div><div>three</div>four</div>",
			"<div>one two</div>\n<div><div>three</div>\nfour</div>", "one two\nthree\nfour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML(tt.in, base)
			if err != nil {
				t.Fatal(err)
			}
			if d.Content.HTML != tt.wantHTML {
				t.Errorf("HTML\n got %q\nwant %q", d.Content.HTML, tt.wantHTML)
			}
			if d.Content.Text != tt.wantText {
				t.Errorf("Text\n got %q\nwant %q", d.Content.Text, tt.wantText)
			}
			checkContent(t, d.Content)
		})
	}
}

func TestRelativeLinksWithoutABaseAreDropped(t *testing.T) {
	d, err := HTML(`<p><a href="/admin">inside</a> <a href="https://ok.example/">out</a></p>`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>inside <a href="https://ok.example/" rel="nofollow noreferrer noopener" target="_blank">out</a></p>`
	if d.Content.HTML != want {
		t.Errorf("HTML = %q, want %q", d.Content.HTML, want)
	}
}

// fixtures are every HTML and Markdown file under testdata.
func fixtures(t *testing.T) map[string]Document {
	t.Helper()
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]Document{}
	for _, name := range files {
		if info, err := os.Stat(name); err != nil || info.IsDir() {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := FromFile(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = d
	}
	return docs
}

func TestTextIsTheTextContentOfTheHTML(t *testing.T) {
	docs := fixtures(t)
	if len(docs) < 4 {
		t.Fatalf("only %d fixtures", len(docs))
	}
	for name, d := range docs {
		t.Run(name, func(t *testing.T) { checkContent(t, d.Content) })
	}
	base, _ := url.Parse("https://news.example/")
	for _, tt := range xssPayloads {
		d, err := HTML("<p>x</p>"+tt.payload, base)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(tt.name, func(t *testing.T) { checkContent(t, d.Content) })
	}
}

// Importing the HTML we stored gives it back unchanged: the same content
// twice has the same hash, and the pipeline has no drift.
func TestSanitizingIsStable(t *testing.T) {
	for name, d := range fixtures(t) {
		again, err := HTML(d.Content.HTML, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again.Content.HTML != d.Content.HTML || again.Content.Hash != d.Content.Hash {
			t.Errorf("%s: a second import changed the HTML\n first %q\nsecond %q", name, d.Content.HTML, again.Content.HTML)
		}
	}
}

func TestChangedContentHasANewHash(t *testing.T) {
	a, _ := HTML("<p>The figure was 30,000.</p>", nil)
	b, _ := HTML("<p>The figure was   30,000.</p>\n", nil)
	c, _ := HTML("<p>The figure was 3,000.</p>", nil)
	if a.Content.Hash != b.Content.Hash {
		t.Error("the same content in different whitespace has two hashes")
	}
	if a.Content.Hash == c.Content.Hash {
		t.Error("changed content kept its hash")
	}
}
