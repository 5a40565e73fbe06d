package ingest

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, wantHTML, wantText, wantTitle string
	}{
		{"paragraphs and emphasis",
			"First *line*\nsame paragraph.\n\nSecond **one**.",
			"<p>First <em>line</em> same paragraph.</p>\n<p>Second <strong>one</strong>.</p>",
			"First line same paragraph.\nSecond one.", ""},
		{"the first heading is the title",
			"Intro.\n\n## The claim\n\n# Later",
			"<p>Intro.</p>\n<h2>The claim</h2>\n<h1>Later</h1>",
			"Intro.\nThe claim\nLater", "The claim"},
		{"lists",
			"- one\n- two\n  1. nested\n",
			"<ul><li>one</li>\n<li>two\n<ol><li>nested</li></ol></li></ul>",
			"one\ntwo\nnested", ""},
		{"links, safe and not",
			"[ok](https://gov.example/a) [bad](javascript:alert(1)) [rel](/x) <https://auto.example/>",
			`<p><a href="https://gov.example/a" rel="nofollow noreferrer noopener" target="_blank">ok</a> bad rel <a href="https://auto.example/" rel="nofollow noreferrer noopener" target="_blank">https://auto.example/</a></p>`,
			"ok bad rel https://auto.example/", ""},
		{"raw HTML is sanitized",
			"Text <b onclick=\"x()\">bold</b><script>alert(1)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<div style=\"x\">kept</div>",
			"<p>Text <b>bold</b></p>\n<div>kept</div>",
			"Text bold\nkept", ""},
		{"code blocks keep their lines",
			"```\na  b\n  c\n```",
			"<pre><code>a  b\n  c</code></pre>",
			"a  b\n  c", ""},
		{"tables",
			"| a | b |\n|---|---|\n| 1 | 2 |",
			"<table><thead><tr><th>a</th>\n<th>b</th>\n</tr></thead><tbody><tr><td>1</td>\n<td>2</td></tr></tbody></table>",
			"a\nb\n1\n2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Markdown(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d.Content.HTML != tt.wantHTML {
				t.Errorf("HTML\n got %q\nwant %q", d.Content.HTML, tt.wantHTML)
			}
			if d.Content.Text != tt.wantText {
				t.Errorf("Text\n got %q\nwant %q", d.Content.Text, tt.wantText)
			}
			if d.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", d.Title, tt.wantTitle)
			}
			if d.Content.Format != factcheck.FormatMarkdown {
				t.Errorf("Format = %q", d.Content.Format)
			}
			checkContent(t, d.Content)
		})
	}
}

func TestBadInputIsRefusedWithTheFieldNamed(t *testing.T) {
	tests := []struct {
		name, field, wantMessage string
		load                     func() (Document, error)
	}{
		{"empty Markdown", "markdown", "no text", func() (Document, error) { return Markdown(" \n\n ") }},
		{"Markdown that is only script", "markdown", "no text", func() (Document, error) { return Markdown("<script>alert(1)</script>") }},
		{"invalid UTF-8 Markdown", "markdown", "UTF-8", func() (Document, error) { return Markdown("caf\xe9") }},
		{"huge Markdown", "markdown", "larger than 5 MiB", func() (Document, error) { return Markdown(strings.Repeat("a", MaxPageBytes+1)) }},
		{"empty HTML", "html", "no text", func() (Document, error) { return HTML("<p> </p><img src=x>", nil) }},
		{"HTML page with no text", "html", "no text", func() (Document, error) {
			return HTML("<!doctype html><title>t</title><body><script>x()</script></body>", nil)
		}},
		{"invalid UTF-8 HTML", "html", "UTF-8", func() (Document, error) { return HTML("<p>caf\xe9</p>", nil) }},
		{"huge HTML", "html", "larger than 5 MiB", func() (Document, error) { return HTML(strings.Repeat("<p>a</p>", MaxPageBytes/8+1), nil) }},
		{"HTML nested too deeply", "html", "nests its elements too deeply", func() (Document, error) { return HTML(strings.Repeat("<div>", 600)+"x", nil) }},
		{"HTML page nested too deeply", "html", "nests its elements too deeply", func() (Document, error) {
			return HTML("<!doctype html><body>"+strings.Repeat("<b>", 600)+"x", nil)
		}},
		{"Markdown nested too deeply", "markdown", "nests its elements too deeply", func() (Document, error) { return Markdown(strings.Repeat("> ", 600) + "x") }},
		{"text over 2 MiB", "html", "longer than 2 MiB", func() (Document, error) { return HTML("<p>"+strings.Repeat("word ", 450_000)+"</p>", nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.load()
			checkInvalid(t, err, tt.field, tt.wantMessage)
		})
	}
}

// checkInvalid fails the test unless err is an Invalid error on field
// whose message contains want.
func checkInvalid(t *testing.T, err error, field, want string) {
	t.Helper()
	e, ok := err.(*factcheck.Error)
	if !ok {
		t.Fatalf("err = %v (%T), want an Invalid error on %s", err, err, field)
	}
	if e.Code != factcheck.CodeInvalid || e.Field != field || !strings.Contains(e.Message, want) {
		t.Errorf("err = %v, want invalid on %q saying %q", err, field, want)
	}
}

func TestFromFile(t *testing.T) {
	tests := []struct {
		name, file, data    string
		wantFormat          factcheck.ArticleFormat
		wantText, wantTitle string
	}{
		{"html", "story.html", "<h1>Title</h1><p>Body <script>x()</script></p>", factcheck.FormatHTML, "Title\nBody", "Title"},
		{"htm in capitals", "OLD.HTM", "<p>Body</p>", factcheck.FormatHTML, "Body", "OLD"},
		{"html page in windows-1252", "cafe.html", "<!doctype html><meta charset=windows-1252><title>Caf\xe9</title><p>Caf\xe9 cr\xe8me \x93quoted\x94</p>",
			factcheck.FormatHTML, "Café\nCafé crème “quoted”", "Café"},
		{"html page in UTF-8 that does not say so", "utf8.html", "<!doctype html><title>x</title>" + strings.Repeat(" ", 1100) + "<p>Café</p>",
			factcheck.FormatHTML, "x\nCafé", "x"},
		{"html with a byte order mark", "bom.html", "\xef\xbb\xbf<p>Café</p>", factcheck.FormatHTML, "Café", "bom"},
		{"md", "notes.md", "# Heading\n\ntext", factcheck.FormatMarkdown, "Heading\ntext", "Heading"},
		{"markdown with a byte order mark", "notes.markdown", "\xef\xbb\xbfplain *md*", factcheck.FormatMarkdown, "plain md", "notes"},
		{"txt", "transcript.txt", "Line one\nstill one.\n\nTwo.", factcheck.FormatText, "Line one still one.\nTwo.", "transcript"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := FromFile(tt.file, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if d.Content.Format != tt.wantFormat || d.Content.Text != tt.wantText || d.Title != tt.wantTitle {
				t.Errorf("got %q %q title %q, want %q %q title %q", d.Content.Format, d.Content.Text, d.Title, tt.wantFormat, tt.wantText, tt.wantTitle)
			}
			checkContent(t, d.Content)
		})
	}
}

func TestFromFileRefuses(t *testing.T) {
	tests := []struct{ name, file, data, want string }{
		{"pdf", "report.pdf", "%PDF-1.7", "cannot import .pdf files"},
		{"word", "draft.docx", "PK", "cannot import .docx files"},
		{"no extension", "README", "text", "has no extension"},
		{"too large", "big.txt", strings.Repeat("a", MaxPageBytes+1), "larger than 5 MiB"},
		{"text not in UTF-8", "latin.txt", "caf\xe9", "UTF-8"},
		{"empty text", "empty.txt", "\n\n", "no text"},
		{"html with no text", "empty.html", "<script>alert(1)</script>", "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromFile(tt.file, []byte(tt.data))
			checkInvalid(t, err, "file", tt.want)
		})
	}
}

func TestHTMLPageKeepsTheArticleAndItsMetadata(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://ledger.example/politics/2024/05/minister-emails?utm_source=feed")
	d, err := HTML(string(page), base)
	if err != nil {
		t.Fatal(err)
	}
	checkArticleFixture(t, d, "https://ledger.example")
	if d.CanonicalURL != "https://ledger.example/politics/2024/05/minister-emails" || d.OriginalURL != "" {
		t.Errorf("CanonicalURL = %q, OriginalURL = %q", d.CanonicalURL, d.OriginalURL)
	}
}

// checkArticleFixture checks what an import of testdata/article.html must
// keep and leave out; its relative links resolve against origin.
func checkArticleFixture(t *testing.T, d Document, origin string) {
	t.Helper()
	checkContent(t, d.Content)
	want := Document{
		Title:     "Minister's claim on 30,000 missing emails does not add up",
		Byline:    "Jane Doe",
		Publisher: "The Daily Ledger",
	}
	if d.Title != want.Title || d.Byline != want.Byline || d.Publisher != want.Publisher {
		t.Errorf("title %q, byline %q, publisher %q; want %q, %q, %q", d.Title, d.Byline, d.Publisher, want.Title, want.Byline, want.Publisher)
	}
	published := time.Date(2024, 5, 2, 7, 30, 0, 0, time.UTC)
	if d.Published == nil || !d.Published.Equal(published) {
		t.Errorf("Published = %v, want %v", d.Published, published)
	}
	text := d.Content.Text
	for _, kept := range []string{
		"Minister's claim on 30,000 missing emails does not add up\n",
		`"I hope you are able to find the 30,000 emails that are missing"`,
		"the department's own disclosure log, the number",
		"What the records show\nThe archive held 412,000 messages",
		"Messages in the archive: 412,000\nMessages lost in the migration: 2,871",
		"The minister speaking in parliament on Tuesday.",
		"correct the record. You can read the full audit in our viewer or on the department's site.",
	} {
		if !strings.Contains(text, kept) {
			t.Errorf("the text lost %q:\n%s", kept, text)
		}
	}
	for _, left := range []string{"Subscribe", "Advertisement", "Most read", "Great article", "fake news", "All rights reserved", "Share", "Buy now", "The minister at the podium", "trackPageview", "loadWidget"} {
		if strings.Contains(text, left) {
			t.Errorf("the text kept %q, which is not the article:\n%s", left, text)
		}
	}
	if !strings.Contains(d.Content.HTML, `<a href="`+origin+`/documents/foi-2024-117.pdf" rel="nofollow noreferrer noopener" target="_blank">disclosure log</a>`) {
		t.Errorf("the relative link was not resolved against the page:\n%s", d.Content.HTML)
	}
}

func TestHTMLPageMetadataFallbacks(t *testing.T) {
	tests := []struct {
		name, page                          string
		wantTitle, wantPublisher, canonical string
		wantPublished                       time.Time
	}{
		{"time element and publisher meta",
			`<!doctype html><html><head><title>Rates held | Money Desk</title><meta name="publisher" content="Money Desk"><base href="https://money.example/news/"><link rel="Canonical" href="rates-held"></head>
			<body><article><h1>Rates held</h1><time datetime="2024-03-01">1 March</time><p>` + strings.Repeat("The bank held rates at five per cent, as expected. ", 12) + `</p></article></body></html>`,
			"Rates held", "Money Desk", "https://money.example/news/rates-held", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"JSON-LD",
			`<!doctype html><html><head><title>Storm damage overstated</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm damage overstated","datePublished":"2023-11-05T18:00:00Z","publisher":{"@type":"Organization","name":"Coast Herald"},"author":{"@type":"Person","name":"Ann Lee"}}</script></head>
			<body><p>` + strings.Repeat("Insurers say the damage is a tenth of what was claimed. ", 12) + `</p></body></html>`,
			"Storm damage overstated", "Coast Herald", "", time.Date(2023, 11, 5, 18, 0, 0, 0, time.UTC)},
		{"a javascript: canonical is ignored",
			`<!doctype html><html><head><title>T</title><link rel=canonical href="javascript:alert(1)"></head><body><p>Some text.</p></body></html>`,
			"T", "", "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML(tt.page, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkContent(t, d.Content)
			if d.Title != tt.wantTitle || d.Publisher != tt.wantPublisher || d.CanonicalURL != tt.canonical {
				t.Errorf("title %q, publisher %q, canonical %q; want %q, %q, %q", d.Title, d.Publisher, d.CanonicalURL, tt.wantTitle, tt.wantPublisher, tt.canonical)
			}
			switch {
			case tt.wantPublished.IsZero() && d.Published != nil:
				t.Errorf("Published = %v, want none", d.Published)
			case !tt.wantPublished.IsZero() && (d.Published == nil || !d.Published.Equal(tt.wantPublished)):
				t.Errorf("Published = %v, want %v", d.Published, tt.wantPublished)
			}
		})
	}
}
