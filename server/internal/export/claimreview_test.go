package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

var (
	saidOn      = time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC) // claim dates are dates
	printedAt   = time.Date(2026, 2, 28, 6, 15, 0, 0, time.FixedZone("EST", -5*3600))
	publishedAt = time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	correctedAt = publishedAt.Add(5 * time.Hour) // the same day: the time must say which is later
	recorrected = publishedAt.Add(50 * time.Hour)

	desk   = factcheck.Organisation{Name: "Desk Check", URL: "https://desk.example/"}
	editor = factcheck.UserRef{ID: "user-eve", Name: "Eve Editor"}
)

func intp(v int) *int { return &v }

// published returns the first publication of a verdict rated Mostly true,
// 4 on a scale of 1 to 5, with two appearances of its claim.
func published() factcheck.Publication {
	return factcheck.Publication{
		VerdictID: "verdict-1", WorkspaceID: "ws-1", Number: 1,
		Rating:     factcheck.Rating{Label: "Mostly true", Value: intp(4), Colour: "#5a9e3a", OnScale: true},
		BestRating: intp(5), WorstRating: intp(1),
		Rationale: "The *figures* match the 2025 report.",
		Claim: factcheck.PublishedClaim{
			ID: "claim-1", Statement: "Crime is up 40 percent since 2020", Claimant: "Candidate A", ClaimDate: &saidOn,
			Appearances: []factcheck.PublishedAppearance{
				{ArticleTitle: "Debate night, annotated", ArticleURL: "https://news.example.com/2026/debate?a=1&b=2", Publisher: "The Example News", PublishedAt: &printedAt, Quote: "crime is up 40 percent"},
				{ArticleTitle: "Pasted transcript", Quote: "up forty percent"},
			},
		},
		Sources: []factcheck.PublishedSource{
			{URL: "https://stats.example.gov/crime-2025", Title: "Crime in 2025", Publisher: "Statistics Office", QuotedPassage: "an increase of 38.7 percent", Stance: factcheck.StanceSupports},
		},
		Organisation: desk, PublishedBy: editor, PublishedAt: publishedAt,
	}
}

// correction returns version n of v's verdict, published at, re-rated.
func correction(v factcheck.Publication, n int, at time.Time, label string, value int, note string) factcheck.Publication {
	v.Number, v.PublishedAt, v.CorrectionNote = n, at, note
	v.Rating = factcheck.Rating{Label: label, Value: intp(value), OnScale: true, Colour: "#b08800"}
	return v
}

// claimReviewCases are the verdicts every ClaimReview test runs through.
func claimReviewCases() map[string]ClaimReviewInput {
	page := "https://desk.example/fact-checks/verdict-1"

	offScale := published()
	offScale.Rating = factcheck.Rating{Label: "Misleading", Colour: "#8250df"}
	offScale.BestRating, offScale.WorstRating = nil, nil

	offScaleWithBounds := offScale // bounds without a value say nothing
	offScaleWithBounds.BestRating, offScaleWithBounds.WorstRating = intp(5), intp(1)

	bare := published()
	bare.Claim.Claimant, bare.Claim.ClaimDate, bare.Claim.Appearances = "", nil, nil
	bare.Organisation.URL = ""

	hostile := published()
	hostile.Claim.Statement = `</script><script>alert(1)</script> <!-- & "quoted"`
	hostile.Claim.Claimant = `<img src=x onerror=alert(1)>`
	hostile.Claim.Appearances = []factcheck.PublishedAppearance{
		{ArticleTitle: "</script>", ArticleURL: "javascript:alert(1)"},
		{ArticleURL: "data:text/html,<script>alert(1)</script>"}, // no title and no usable URL: left out
	}
	hostile.Organisation.URL = "javascript:alert(1)"

	v1 := published()
	v1.Rating = factcheck.Rating{Label: "False", Value: intp(1), OnScale: true, Colour: "#c4312b"}
	v2 := correction(v1, 2, correctedAt, "Half true", 3, "We had missed the 2025 figures.")
	v3 := correction(v2, 3, recorrected, "Mostly true", 4, "The statistics office revised its count.")
	v3.Claim.Statement = "Crime is up 40 percent since 2020 (as revised)"

	return map[string]ClaimReviewInput{
		"on the scale":               {Versions: []factcheck.Publication{published()}, URL: page},
		"off the scale":              {Versions: []factcheck.Publication{offScale}, URL: page},
		"off the scale, with bounds": {Versions: []factcheck.Publication{offScaleWithBounds}, URL: page},
		"bare claim":                 {Versions: []factcheck.Publication{bare}, URL: page},
		"hostile text":               {Versions: []factcheck.Publication{hostile}, URL: page},
		"corrected":                  {Versions: []factcheck.Publication{v1, v2}, URL: page},
		"corrected twice":            {Versions: []factcheck.Publication{v1, v2, v3}, URL: page},
	}
}

func TestClaimReview(t *testing.T) {
	vocab := schemaOrg(t)
	for name, in := range claimReviewCases() {
		t.Run(name, func(t *testing.T) {
			b, err := ClaimReview(in)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.ContainsAny(b, "<>") {
				t.Errorf("the document has a raw < or >, so it cannot be embedded in a script element:\n%s", b)
			}
			doc := decoded(t, b)
			if doc["@context"] != "https://schema.org" {
				t.Errorf("@context = %v", doc["@context"])
			}
			vocab.assertOnlySchemaOrgTerms(t, doc, b)
			assertClaimReview(t, doc, in)
		})
	}
}

// assertClaimReview checks one ClaimReview (a document or a feed element)
// against the verdict it was made from: the fields Google requires
// (claimReviewed, reviewRating with alternateName, url) and recommends
// (author, datePublished, itemReviewed with its author, datePublished and
// appearance).
func assertClaimReview(t *testing.T, doc map[string]any, in ClaimReviewInput) {
	t.Helper()
	first, current := in.Versions[0], in.Versions[len(in.Versions)-1]
	if doc["@type"] != "ClaimReview" {
		t.Errorf("@type = %v", doc["@type"])
	}
	if doc["claimReviewed"] != current.Claim.Statement {
		t.Errorf("claimReviewed = %v, want the current statement %q", doc["claimReviewed"], current.Claim.Statement)
	}
	if doc["url"] != in.URL {
		t.Errorf("url = %v, want %v", doc["url"], in.URL)
	}

	rating, _ := doc["reviewRating"].(map[string]any)
	if rating["@type"] != "Rating" || rating["alternateName"] != current.Rating.Label {
		t.Errorf("reviewRating = %v, want a Rating named %q", rating, current.Rating.Label)
	}
	if current.Rating.OnScale && current.Rating.Value != nil {
		for key, want := range map[string]int{"ratingValue": *current.Rating.Value, "bestRating": *current.BestRating, "worstRating": *current.WorstRating} {
			if got, ok := rating[key].(float64); !ok || got != float64(want) {
				t.Errorf("reviewRating.%s = %#v, want the number %d", key, rating[key], want)
			}
		}
	} else {
		for _, key := range []string{"ratingValue", "bestRating", "worstRating"} {
			if v, ok := rating[key]; ok {
				t.Errorf("the label %q is off the scale but has %s %v", current.Rating.Label, key, v)
			}
		}
	}

	author, _ := doc["author"].(map[string]any)
	if author["@type"] != "Organization" || author["name"] != current.Organisation.Name {
		t.Errorf("author = %v", author)
	}
	if url, ok := author["url"]; webURL(current.Organisation.URL) && url != current.Organisation.URL || !webURL(current.Organisation.URL) && ok {
		t.Errorf("author url = %v, organisation URL %q", url, current.Organisation.URL)
	}

	if got, want := doc["datePublished"], first.PublishedAt.UTC().Format(time.RFC3339); got != want {
		t.Errorf("datePublished = %v, want the first publication %v", got, want)
	}
	modified, ok := doc["dateModified"]
	switch {
	case len(in.Versions) == 1 && ok:
		t.Errorf("a verdict never corrected has dateModified %v", modified)
	case len(in.Versions) > 1 && modified != current.PublishedAt.UTC().Format(time.RFC3339):
		t.Errorf("dateModified = %v, want the latest correction %v", modified, current.PublishedAt.UTC().Format(time.RFC3339))
	}

	claim, _ := doc["itemReviewed"].(map[string]any)
	if claim["@type"] != "Claim" {
		t.Errorf("itemReviewed = %v, want a Claim", claim)
	}
	claimant, ok := claim["author"].(map[string]any)
	if current.Claim.Claimant == "" && ok || current.Claim.Claimant != "" && (claimant["@type"] != "Person" || claimant["name"] != current.Claim.Claimant) {
		t.Errorf("itemReviewed.author = %v, want the claimant %q", claim["author"], current.Claim.Claimant)
	}
	if said, ok := claim["datePublished"]; current.Claim.ClaimDate == nil && ok || current.Claim.ClaimDate != nil && said != current.Claim.ClaimDate.Format(time.DateOnly) {
		t.Errorf("itemReviewed.datePublished = %v, want the claim date %v", said, current.Claim.ClaimDate)
	}

	var want []string
	for _, a := range current.Claim.Appearances {
		u := a.ArticleURL
		if !webURL(u) {
			u = ""
		}
		if u == "" && a.ArticleTitle == "" {
			continue
		}
		when := ""
		if a.PublishedAt != nil {
			when = a.PublishedAt.UTC().Format(time.RFC3339)
		}
		want = append(want, fmt.Sprintf("CreativeWork|%s|%s|%s|%s", u, a.ArticleTitle, a.Publisher, when))
	}
	var got []string
	appearances, _ := claim["appearance"].([]any)
	for _, a := range appearances {
		a, _ := a.(map[string]any)
		publisher, _ := a["publisher"].(map[string]any)
		if publisher != nil && publisher["@type"] != "Organization" {
			t.Errorf("appearance publisher = %v, want an Organization", publisher)
		}
		got = append(got, fmt.Sprintf("%v|%s|%s|%s|%s", a["@type"], str(a["url"]), str(a["headline"]), str(publisher["name"]), str(a["datePublished"])))
	}
	if !slices.Equal(got, want) {
		t.Errorf("appearances\n got %q\nwant %q", got, want)
	}
	if _, ok := claim["appearance"]; len(want) == 0 && ok {
		t.Errorf("a claim seen nowhere has appearance %v", claim["appearance"])
	}
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// TestClaimReviewShape pins one whole document, so that the mapping can be
// read at a glance and does not drift unnoticed.
func TestClaimReviewShape(t *testing.T) {
	b, err := ClaimReview(claimReviewCases()["corrected"])
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "@context": "https://schema.org",
  "@type": "ClaimReview",
  "url": "https://desk.example/fact-checks/verdict-1",
  "claimReviewed": "Crime is up 40 percent since 2020",
  "reviewRating": {
    "@type": "Rating",
    "ratingValue": 3,
    "bestRating": 5,
    "worstRating": 1,
    "alternateName": "Half true"
  },
  "author": {
    "@type": "Organization",
    "name": "Desk Check",
    "url": "https://desk.example/"
  },
  "datePublished": "2026-03-02T08:30:00Z",
  "dateModified": "2026-03-02T13:30:00Z",
  "itemReviewed": {
    "@type": "Claim",
    "author": {
      "@type": "Person",
      "name": "Candidate A"
    },
    "datePublished": "2026-02-27",
    "appearance": [
      {
        "@type": "CreativeWork",
        "url": "https://news.example.com/2026/debate?a=1\u0026b=2",
        "headline": "Debate night, annotated",
        "publisher": {
          "@type": "Organization",
          "name": "The Example News"
        },
        "datePublished": "2026-02-28T11:15:00Z"
      },
      {
        "@type": "CreativeWork",
        "headline": "Pasted transcript"
      }
    ]
  }
}`
	if got := indent(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestClaimReviewEscapesMarkup(t *testing.T) {
	in := claimReviewCases()["hostile text"]
	b, err := ClaimReview(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"</script", "<script", "<!--", "<img", "javascript:", "data:text/html"} {
		if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
			t.Errorf("the document contains %q:\n%s", bad, b)
		}
	}
	// Escaped, not altered: a reader gets the text back exactly.
	if got := decoded(t, b)["claimReviewed"]; got != in.Versions[0].Claim.Statement {
		t.Errorf("claimReviewed = %q, want %q", got, in.Versions[0].Claim.Statement)
	}
}

func TestClaimReviewFeed(t *testing.T) {
	vocab := schemaOrg(t)
	cases := claimReviewCases()
	var items []ClaimReviewInput
	for _, name := range []string{"on the scale", "off the scale", "corrected twice", "bare claim"} {
		in := cases[name]
		id := strings.ReplaceAll(name, " ", "-")
		in.URL = "https://desk.example/fact-checks/" + id
		items = append(items, in)
	}
	feedURL := "https://desk.example/fact-checks/feed.jsonld"

	for name, tc := range map[string]struct {
		items        []ClaimReviewInput
		wantModified string // "" for none
	}{
		"several verdicts": {items: items, wantModified: recorrected.UTC().Format(time.RFC3339)},
		"one verdict":      {items: items[:1], wantModified: publishedAt.UTC().Format(time.RFC3339)},
		"no verdicts":      {items: nil},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := ClaimReviewFeed(tc.items, feedURL)
			if err != nil {
				t.Fatal(err)
			}
			feed := decoded(t, b)
			vocab.assertOnlySchemaOrgTerms(t, feed, b)
			if feed["@context"] != "https://schema.org" || feed["@type"] != "DataFeed" || feed["url"] != feedURL {
				t.Errorf("feed = %v", feed)
			}
			if modified, ok := feed["dateModified"]; tc.wantModified == "" && ok || tc.wantModified != "" && modified != tc.wantModified {
				t.Errorf("dateModified = %v, want %q", modified, tc.wantModified)
			}
			elements, ok := feed["dataFeedElement"].([]any)
			if !ok || len(elements) != len(tc.items) {
				t.Fatalf("dataFeedElement = %v, want %d ClaimReviews", feed["dataFeedElement"], len(tc.items))
			}
			for i, e := range elements {
				e := e.(map[string]any)
				if _, ok := e["@context"]; ok {
					t.Errorf("element %d repeats the feed's @context", i)
				}
				assertClaimReview(t, e, tc.items[i])

				// Each element is the single document less its @context.
				single, err := ClaimReview(tc.items[i])
				if err != nil {
					t.Fatal(err)
				}
				want := decoded(t, single)
				delete(want, "@context")
				if !jsonEqual(t, e, want) {
					t.Errorf("element %d differs from ClaimReview's document:\n got %v\nwant %v", i, e, want)
				}
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}

func TestClaimReviewRefusesWhatIsNotAPublishedVerdict(t *testing.T) {
	good := claimReviewCases()["corrected"]
	for name, tc := range map[string]struct {
		edit func(*ClaimReviewInput)
		want string
	}{
		"no versions":          {edit: func(in *ClaimReviewInput) { in.Versions = nil }, want: "at least one published version"},
		"relative page URL":    {edit: func(in *ClaimReviewInput) { in.URL = "/fact-checks/verdict-1" }, want: "page URL"},
		"javascript page URL":  {edit: func(in *ClaimReviewInput) { in.URL = "javascript:alert(1)" }, want: "page URL"},
		"no organisation name": {edit: func(in *ClaimReviewInput) { in.Versions[1].Organisation.Name = " " }, want: "name of the organisation"},
		"no statement":         {edit: func(in *ClaimReviewInput) { in.Versions[1].Claim.Statement = "" }, want: "no statement"},
		"no label":             {edit: func(in *ClaimReviewInput) { in.Versions[1].Rating.Label = "" }, want: "no label"},
		"value off the scale":  {edit: func(in *ClaimReviewInput) { in.Versions[1].Rating.Value = intp(7) }, want: "outside the scale"},
		"newest first": {edit: func(in *ClaimReviewInput) {
			in.Versions[0], in.Versions[1] = in.Versions[1], in.Versions[0]
		}, want: "oldest first"},
		"unpublished version": {edit: func(in *ClaimReviewInput) { in.Versions[0].PublishedAt = time.Time{} }, want: "no publication time"},
		"two verdicts":        {edit: func(in *ClaimReviewInput) { in.Versions[1].VerdictID = "verdict-2" }, want: "two verdicts"},
	} {
		t.Run(name, func(t *testing.T) {
			in := ClaimReviewInput{URL: good.URL, Versions: slices.Clone(good.Versions)}
			tc.edit(&in)
			_, err := ClaimReview(in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
			_, err = ClaimReviewFeed([]ClaimReviewInput{in}, "https://desk.example/feed")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("feed err = %v, want one saying %q", err, tc.want)
			}
		})
	}

	t.Run("organisation name is the caller's to fix", func(t *testing.T) {
		in := ClaimReviewInput{URL: good.URL, Versions: []factcheck.Publication{published()}}
		in.Versions[0].Organisation.Name = ""
		if _, err := ClaimReview(in); !factcheck.IsCode(err, factcheck.CodeInvalid) {
			t.Errorf("err = %v, want an invalid-input error naming the field", err)
		}
	})
	t.Run("relative feed URL", func(t *testing.T) {
		if _, err := ClaimReviewFeed(nil, "/feed"); err == nil || !strings.Contains(err.Error(), "feed URL") {
			t.Errorf("err = %v", err)
		}
	})
}

// The schema.org check. The context bundled in testdata maps every word to
// https://schema.org/ (@vocab), so expanding alone proves nothing: every
// expanded property and type must also be one of the schema.org terms
// listed in testdata/schemaorg-terms.txt.

const schemaOrgNS = "https://schema.org/"

type schemaOrgVocab struct {
	context []byte // testdata/schemaorg-context.jsonld
	terms   map[string]bool
}

func schemaOrg(t *testing.T) *schemaOrgVocab {
	t.Helper()
	ctx, err := os.ReadFile(filepath.Join("testdata", "schemaorg-context.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join("testdata", "schemaorg-terms.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v := &schemaOrgVocab{context: ctx, terms: map[string]bool{}}
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		term := strings.TrimSpace(lines.Text())
		if term == "" || strings.HasPrefix(term, "#") {
			continue
		}
		v.terms[term] = true
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	if len(v.terms) == 0 {
		t.Fatal("testdata/schemaorg-terms.txt lists no terms")
	}
	return v
}

// bundledLoader serves the bundled schema.org context and fails the test on
// any other document: no test fetches anything.
type bundledLoader struct {
	t       *testing.T
	context []byte
}

func (l bundledLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	switch strings.TrimSuffix(u, "/") {
	case "https://schema.org", "http://schema.org":
		var doc any
		if err := json.Unmarshal(l.context, &doc); err != nil { // a fresh copy for each load
			return nil, err
		}
		return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
	}
	l.t.Errorf("the JSON-LD processor asked for %s; the tests serve only the bundled schema.org context", u)
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, "not bundled: "+u)
}

// expand runs the JSON-LD expansion algorithm on doc with the bundled
// context.
func (v *schemaOrgVocab) expand(t *testing.T, doc map[string]any) ([]any, error) {
	t.Helper()
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = bundledLoader{t: t, context: v.context}
	return ld.NewJsonLdProcessor().Expand(doc, opts)
}

// unknownTerms expands doc and returns, sorted, each property or type that
// is not a listed schema.org term, and each term of doc that the expansion
// dropped (a processor drops what it cannot map to an IRI, such as a
// misspelt keyword).
func (v *schemaOrgVocab) unknownTerms(t *testing.T, doc map[string]any) ([]string, error) {
	t.Helper()
	expanded, err := v.expand(t, doc)
	if err != nil {
		return nil, err
	}
	var problems []string
	seen := map[string]bool{}
	var walk func(at string, node any)
	walk = func(at string, node any) {
		switch node := node.(type) {
		case []any:
			for _, n := range node {
				walk(at, n)
			}
		case map[string]any:
			for key, value := range node {
				switch {
				case key == "@type":
					types, _ := value.([]any)
					if s, ok := value.(string); ok { // a value object's datatype
						types = []any{s}
					}
					for _, typ := range types {
						iri := fmt.Sprint(typ)
						seen["@type "+iri] = true
						if !v.known(iri) {
							problems = append(problems, fmt.Sprintf("%s: type %s is not a listed schema.org term", at, iri))
						}
					}
				case strings.HasPrefix(key, "@"): // @value, @id, @list, ...
					walk(at, value)
				default:
					seen[key] = true
					if !v.known(key) {
						problems = append(problems, fmt.Sprintf("%s: property %s is not a listed schema.org term", at, key))
					}
					walk(at+"/"+strings.TrimPrefix(key, schemaOrgNS), value)
				}
			}
		}
	}
	walk("", expanded)

	// Every term written must come out of the expansion as schema.org's.
	var written func(node any)
	written = func(node any) {
		switch node := node.(type) {
		case []any:
			for _, n := range node {
				written(n)
			}
		case map[string]any:
			for key, value := range node {
				switch key {
				case "@context":
				case "@type":
					if !seen["@type "+schemaOrgNS+fmt.Sprint(value)] {
						problems = append(problems, fmt.Sprintf("type %v was dropped or not expanded to %s%v", value, schemaOrgNS, value))
					}
				default:
					if !seen[schemaOrgNS+key] {
						problems = append(problems, fmt.Sprintf("property %s was dropped or not expanded to %s%s", key, schemaOrgNS, key))
					}
					written(value)
				}
			}
		}
	}
	written(doc)

	slices.Sort(problems)
	return slices.Compact(problems), nil
}

func (v *schemaOrgVocab) known(iri string) bool {
	term, ok := strings.CutPrefix(iri, schemaOrgNS)
	return ok && v.terms[term]
}

func (v *schemaOrgVocab) assertOnlySchemaOrgTerms(t *testing.T, doc map[string]any, raw []byte) {
	t.Helper()
	problems, err := v.unknownTerms(t, doc)
	if err != nil {
		t.Fatalf("JSON-LD expansion failed: %v\n%s", err, indent(raw))
	}
	if len(problems) > 0 {
		t.Errorf("not schema.org:\n%s\ndocument:\n%s", strings.Join(problems, "\n"), indent(raw))
	}
}

// TestSchemaOrgCheckCatchesMistakes proves the check above is not vacuous:
// each broken document must be reported.
func TestSchemaOrgCheckCatchesMistakes(t *testing.T) {
	vocab := schemaOrg(t)
	b, err := ClaimReview(claimReviewCases()["on the scale"])
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := vocab.unknownTerms(t, decoded(t, b)); err != nil || len(problems) > 0 {
		t.Fatalf("the unbroken document is reported: %v %v", problems, err)
	}
	for name, tc := range map[string]struct {
		edit func(doc map[string]any)
		want string
	}{
		"misspelt property": {edit: func(doc map[string]any) { rename(doc, "reviewRating", "reviewRatng") }, want: "property https://schema.org/reviewRatng"},
		"misspelt nested property": {edit: func(doc map[string]any) {
			rename(doc["reviewRating"].(map[string]any), "alternateName", "alternativeName")
		}, want: "property https://schema.org/alternativeName"},
		"misspelt type": {edit: func(doc map[string]any) { doc["@type"] = "ClaimRevue" }, want: "type https://schema.org/ClaimRevue"},
		"property from another vocabulary": {edit: func(doc map[string]any) {
			doc["http://purl.org/dc/terms/created"] = "2026-03-02"
		}, want: "property http://purl.org/dc/terms/created"},
		"misspelt keyword, dropped by the processor": {edit: func(doc map[string]any) {
			rename(doc["itemReviewed"].(map[string]any), "@type", "@tpye")
		}, want: "@tpye"},
		"real schema.org term we do not list": {edit: func(doc map[string]any) { doc["inLanguage"] = "en" }, want: "property https://schema.org/inLanguage"},
	} {
		t.Run(name, func(t *testing.T) {
			doc := decoded(t, b)
			tc.edit(doc)
			problems, err := vocab.unknownTerms(t, doc)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Errorf("problems %q do not report %q", problems, tc.want)
			}
		})
	}
}

func rename(m map[string]any, from, to string) {
	m[to] = m[from]
	delete(m, from)
}
