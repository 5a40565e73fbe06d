package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

var (
	links   = Links{BaseURL: "https://desk.example.org/"}
	created = time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	edited  = created.Add(90 * time.Minute)

	imported = Article{ID: "art-1", Title: "Debate night, annotated", SourceURL: "https://news.example.com/2026/debate?utm=x&a=b", VersionNumber: 3}
	pasted   = Article{ID: "art-2", Title: "Pasted transcript", VersionNumber: 1}

	ana = Creator{ID: "user-ana", Name: "Ana Checker"}
	bob = Creator{ID: "user-bob", Name: "Bob Editor"}
)

// annotationCases are the annotations every export test runs through.
func annotationCases() map[string]Annotation {
	return map[string]Annotation{
		"comment with a note": {
			ID: "ann-comment", Kind: KindComment,
			Exact: "30,000 emails", Prefix: "find the ", Suffix: " that are missing", Start: 120, End: 133,
			Body:    "Which **emails**? See [the report](https://example.org/report).",
			Creator: ana, Created: created, Modified: edited,
		},
		"claim with tags": {
			ID: "ann-claim", Kind: KindClaim,
			Exact: "crime is up 40 percent", Prefix: "He said ", Suffix: ".", Start: 10, End: 32,
			Body: "Check the FBI tables.", Tags: []string{"crime", "statistics", ""},
			ClaimID: "claim-7", ClaimStatement: "Crime is up 40 percent since 2020",
			Creator: ana, Created: created,
		},
		"claim not yet linked": {
			ID: "ann-claim-draft", Kind: KindClaim,
			Exact: "the best economy ever", Start: 0, End: 21,
			Creator: ana, Created: created,
		},
		"empty body": {
			ID: "ann-highlight", Kind: KindComment,
			Exact: "highlight me", Start: 5, End: 17,
			Creator: bob, Created: created,
		},
		"tags only": {
			ID: "ann-tags", Kind: KindComment,
			Exact: "tagged", Start: 1, End: 7, Tags: []string{"follow-up"},
			Creator: bob, Created: created,
		},
		"comment linking a claim": {
			ID: "ann-link", Kind: KindComment,
			Exact: "as we said", Start: 40, End: 50, ClaimID: "claim-7",
			Creator: bob, Created: created,
		},
		"emoji text": {
			ID: "ann-emoji", Kind: KindComment,
			// 👩‍👩‍👧 is five code points (three emoji, two joiners), eight UTF-16 units.
			Exact: "café 👩‍👩‍👧 naïve", Prefix: "🎉 ", Suffix: " ✓", Start: 2, End: 18,
			Body: "Ünïcödé ✔️ and a right-to-left word: שלום", Tags: []string{"😀"},
			Creator: Creator{ID: "user/with space", Name: "Zoë 🚀"}, Created: created,
		},
		"orphaned": {
			ID: "ann-orphan", Kind: KindClaim,
			Exact: "a sentence that was removed", Prefix: "Earlier, ", Suffix: " Then",
			Start: 999, End: 3, // stale offsets are not exported
			Body: "Lost in version 3.", ClaimID: "claim-9",
			Creator: ana, Created: created, Modified: edited, Orphaned: true,
		},
		"with replies": {
			ID: "ann-thread", Kind: KindComment,
			Exact: "disputed", Start: 60, End: 68, Body: "Is this right?",
			Creator: ana, Created: created,
			Replies: []Reply{
				{ID: "rep-1", Body: "Yes, see *page 4*.", Creator: bob, Created: edited},
				{ID: "rep-2", Body: "Agreed.", Creator: ana, Created: edited.Add(time.Minute), Modified: edited.Add(2 * time.Minute)},
			},
		},
		"creator without an account": {
			ID: "ann-imported", Kind: KindComment,
			Exact: "x", Start: 0, End: 1, Body: "from an import",
			Creator: Creator{Name: "Legacy desk"},
		},
	}
}

// assertMusts fails the test with every Must the document does not meet,
// and returns how many Musts it checked.
func assertMusts(t *testing.T, list string, doc any, raw []byte) int {
	t.Helper()
	s := w3c(t)
	if failed := s.failures(list, doc); len(failed) > 0 {
		t.Errorf("%d of %d Musts of %s failed:\n%s\ndocument:\n%s", len(failed), len(s.musts[list]), list, strings.Join(failed, "\n"), indent(raw))
	}
	return len(s.musts[list])
}

func indent(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		return string(b)
	}
	return out.String()
}

// decoded reads a document into maps for the tests' own assertions.
func decoded(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, b)
	}
	return m
}

func TestAnnotationJSONLDMeetsEveryMust(t *testing.T) {
	checks := 0
	for name, ann := range annotationCases() {
		for _, article := range []Article{imported, pasted} {
			t.Run(fmt.Sprintf("%s/%s", name, article.ID), func(t *testing.T) {
				b, err := AnnotationJSONLD(links, article, ann)
				if err != nil {
					t.Fatal(err)
				}
				checks += assertMusts(t, annotationMusts, parseJSON(t, b), b)
				assertMapping(t, decoded(t, b), article, ann)
			})
		}
	}
	t.Logf("%d annotation documents, %d Must checks", 2*len(annotationCases()), checks)
}

// assertMapping asserts the Factdesk mapping (package comment) on one
// exported annotation.
func assertMapping(t *testing.T, doc map[string]any, a Article, ann Annotation) {
	t.Helper()
	if got := doc["@context"]; got != "http://www.w3.org/ns/anno.jsonld" {
		t.Errorf("@context = %v", got)
	}
	if got, want := doc["id"], "https://desk.example.org/api/annotations/"+ann.ID; got != want {
		t.Errorf("id = %v, want %v", got, want)
	}
	wantMotivation := map[string]string{
		"ann-comment": "commenting", "ann-claim": "identifying", "ann-claim-draft": "identifying",
		"ann-highlight": "highlighting", "ann-tags": "tagging", "ann-link": "linking",
		"ann-emoji": "commenting", "ann-orphan": "identifying", "ann-thread": "commenting",
		"ann-imported": "commenting",
	}[ann.ID]
	if got := doc["motivation"]; got != wantMotivation {
		t.Errorf("motivation = %v, want %v", got, wantMotivation)
	}

	// Bodies: the note, then one per non-empty tag, then the claim.
	bodies, _ := doc["body"].([]any)
	var want []string
	if ann.Body != "" {
		want = append(want, "TextualBody/commenting/"+ann.Body)
	}
	for _, tag := range ann.Tags {
		if tag != "" {
			want = append(want, "TextualBody/tagging/"+tag)
		}
	}
	if ann.ClaimID != "" {
		purpose := map[string]string{KindClaim: "identifying", KindComment: "linking"}[ann.Kind]
		want = append(want, "SpecificResource/"+purpose+"/https://desk.example.org/api/claims/"+ann.ClaimID)
	}
	var got []string
	for _, b := range bodies {
		b := b.(map[string]any)
		value := b["value"]
		if src, ok := b["source"].(map[string]any); ok {
			value = src["id"]
			if ann.ClaimStatement != "" && src["label"] != ann.ClaimStatement {
				t.Errorf("claim body label = %v, want the statement", src["label"])
			}
		}
		if b["purpose"] == "commenting" && b["format"] != "text/markdown" {
			t.Errorf("note format = %v", b["format"])
		}
		got = append(got, fmt.Sprintf("%v/%v/%v", b["type"], b["purpose"], value))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("bodies\n got %q\nwant %q", got, want)
	}
	if len(want) == 0 {
		if _, ok := doc["body"]; ok {
			t.Errorf("an annotation without note, tags or claim has a body: %v", doc["body"])
		}
	}

	target := doc["target"].(map[string]any)
	if got, want := target["source"], "https://desk.example.org/api/articles/"+a.ID+"/versions/"+fmt.Sprint(a.VersionNumber); got != want {
		t.Errorf("target source = %v, want %v", got, want)
	}
	if got, ok := target["scope"]; a.SourceURL != "" && got != a.SourceURL || a.SourceURL == "" && ok {
		t.Errorf("target scope = %v, want %q", got, a.SourceURL)
	}
	selectors := target["selector"].([]any)
	quote := selectors[0].(map[string]any)
	if quote["type"] != "TextQuoteSelector" || quote["exact"] != ann.Exact || (ann.Prefix != "" && quote["prefix"] != ann.Prefix) || (ann.Suffix != "" && quote["suffix"] != ann.Suffix) {
		t.Errorf("quote selector = %v", quote)
	}
	if ann.Orphaned {
		if len(selectors) != 1 {
			t.Errorf("an orphaned annotation keeps only its quote, got %v", selectors)
		}
	} else {
		pos := selectors[1].(map[string]any)
		if pos["type"] != "TextPositionSelector" || pos["start"] != float64(ann.Start) || pos["end"] != float64(ann.End) {
			t.Errorf("position selector = %v", pos)
		}
	}

	creator, _ := doc["creator"].(map[string]any)
	if creator["type"] != "Person" || creator["name"] != ann.Creator.Name {
		t.Errorf("creator = %v", creator)
	}
	if ann.Creator.ID != "" && !strings.HasPrefix(fmt.Sprint(creator["id"]), "https://desk.example.org/api/users/") {
		t.Errorf("creator id = %v", creator["id"])
	}
	if !ann.Created.IsZero() && doc["created"] != ann.Created.UTC().Format(time.RFC3339) {
		t.Errorf("created = %v", doc["created"])
	}
	if generator := doc["generator"].(map[string]any); generator["type"] != "Software" || generator["name"] != "Factdesk" {
		t.Errorf("generator = %v", generator)
	}
}

// TestAnnotationJSONLDShape pins one whole document, so that the mapping can
// be read at a glance and does not drift unnoticed.
func TestAnnotationJSONLDShape(t *testing.T) {
	b, err := AnnotationJSONLD(links, imported, annotationCases()["claim with tags"])
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "id": "https://desk.example.org/api/annotations/ann-claim",
  "type": "Annotation",
  "motivation": "identifying",
  "creator": {
    "id": "https://desk.example.org/api/users/user-ana",
    "type": "Person",
    "name": "Ana Checker"
  },
  "created": "2026-03-01T08:30:00Z",
  "generator": {
    "id": "https://desk.example.org/",
    "type": "Software",
    "name": "Factdesk",
    "homepage": "https://github.com/factdesk/factdesk"
  },
  "body": [
    {
      "type": "TextualBody",
      "value": "Check the FBI tables.",
      "format": "text/markdown",
      "purpose": "commenting"
    },
    {
      "type": "TextualBody",
      "value": "crime",
      "purpose": "tagging"
    },
    {
      "type": "TextualBody",
      "value": "statistics",
      "purpose": "tagging"
    },
    {
      "type": "SpecificResource",
      "purpose": "identifying",
      "source": {
        "id": "https://desk.example.org/api/claims/claim-7",
        "label": "Crime is up 40 percent since 2020"
      }
    }
  ],
  "target": {
    "type": "SpecificResource",
    "source": "https://desk.example.org/api/articles/art-1/versions/3",
    "scope": "https://news.example.com/2026/debate?utm=x\u0026a=b",
    "selector": [
      {
        "type": "TextQuoteSelector",
        "exact": "crime is up 40 percent",
        "prefix": "He said ",
        "suffix": "."
      },
      {
        "type": "TextPositionSelector",
        "start": 10,
        "end": 32
      }
    ]
  }
}`
	if got := indent(b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestAnnotationJSONLDRefusesWhatIsNotAnAnnotation(t *testing.T) {
	good := annotationCases()["comment with a note"]
	for name, tc := range map[string]struct {
		links   Links
		article Article
		edit    func(*Annotation)
		want    string
	}{
		"relative base URL":     {links: Links{BaseURL: "desk.example.org"}, article: imported, want: "base URL"},
		"base URL with a query": {links: Links{BaseURL: "https://desk.example.org/?x=1"}, article: imported, want: "base URL"},
		"no annotation id":      {links: links, article: imported, edit: func(a *Annotation) { a.ID = "" }, want: "no id"},
		"unknown kind":          {links: links, article: imported, edit: func(a *Annotation) { a.Kind = "note" }, want: "kind"},
		"empty quote":           {links: links, article: imported, edit: func(a *Annotation) { a.Exact = "" }, want: "quoted passage is empty"},
		"negative start":        {links: links, article: imported, edit: func(a *Annotation) { a.Start = -1 }, want: "not a passage"},
		"UTF-16 offsets": {links: links, article: imported, edit: func(a *Annotation) {
			a.Exact, a.Start, a.End = "😀", 0, 2 // two UTF-16 units, one code point
		}, want: "spans 2 code points but the quote has 1"},
		"no article id":       {links: links, article: Article{VersionNumber: 1}, want: "article has no id"},
		"no version":          {links: links, article: Article{ID: "a"}, want: "version number 0"},
		"relative source URL": {links: links, article: Article{ID: "a", VersionNumber: 1, SourceURL: "news/1"}, want: "source URL"},
	} {
		t.Run(name, func(t *testing.T) {
			ann := good
			if tc.edit != nil {
				tc.edit(&ann)
			}
			_, err := AnnotationJSONLD(tc.links, tc.article, ann)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestCollectionJSONLDMeetsEveryMust(t *testing.T) {
	cases := annotationCases()
	several := []Annotation{
		cases["comment with a note"], cases["claim with tags"], cases["with replies"],
		cases["emoji text"], cases["orphaned"], cases["empty body"], cases["comment linking a claim"],
	}
	// The items in collection order: each annotation, then its replies.
	var severalItems []string
	for _, ann := range several {
		severalItems = append(severalItems, "https://desk.example.org/api/annotations/"+ann.ID)
		for _, r := range ann.Replies {
			severalItems = append(severalItems, "https://desk.example.org/api/replies/"+r.ID)
		}
	}

	for _, tc := range []struct {
		name      string
		article   Article
		anns      []Annotation
		pageSize  int
		wantPages int
		wantItems []string
	}{
		{name: "empty", article: imported, pageSize: 10, wantPages: 0},
		{name: "one page", article: pasted, anns: several[:2], pageSize: 10, wantPages: 1, wantItems: severalItems[:2]},
		{name: "exactly full pages", article: imported, anns: several, pageSize: 3, wantPages: 3, wantItems: severalItems},
		{name: "several pages", article: imported, anns: several, pageSize: 4, wantPages: 3, wantItems: severalItems},
		{name: "one item a page", article: pasted, anns: several, pageSize: 1, wantPages: 9, wantItems: severalItems},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checks := 0
			total := len(tc.wantItems)
			collectionIRI := "https://desk.example.org/api/articles/" + tc.article.ID + "/annotations/export"
			pageIRI := func(n int) string { return fmt.Sprintf("%s?page=%d", collectionIRI, n) }

			b, err := CollectionJSONLD(links, tc.article, tc.anns, tc.pageSize, -1)
			if err != nil {
				t.Fatal(err)
			}
			checks += assertMusts(t, collectionMusts, parseJSON(t, b), b)
			c := decoded(t, b)
			if c["id"] != collectionIRI || c["type"] != "AnnotationCollection" || c["label"] != tc.article.Title || c["total"] != float64(total) {
				t.Errorf("collection = %s", b)
			}
			if tc.wantPages == 0 {
				if _, ok := c["first"]; ok {
					t.Errorf("an empty collection has a first page: %s", b)
				}
				if _, ok := c["last"]; ok {
					t.Errorf("an empty collection has a last page: %s", b)
				}
			} else if c["first"] != pageIRI(0) || c["last"] != pageIRI(tc.wantPages-1) {
				t.Errorf("first, last = %v, %v; want pages 0 and %d", c["first"], c["last"], tc.wantPages-1)
			}

			// Walk the pages as a client would: from first, by next.
			var items []string
			for n := 0; n < tc.wantPages; n++ {
				b, err := CollectionJSONLD(links, tc.article, tc.anns, tc.pageSize, n)
				if err != nil {
					t.Fatal(err)
				}
				page := parseJSON(t, b)
				checks += assertMusts(t, pageMusts, page, b)
				// A page also meets every collection Must but the one that
				// wants the type AnnotationCollection.
				if got := failedNames(w3c(t).failures(collectionMusts, page)); strings.Join(got, ",") != "collections/5.1-collectionTypeValidated.json" {
					t.Errorf("page %d fails collection Musts %v, want only the type", n, got)
				}
				checks += len(w3c(t).musts[collectionMusts])
				p := decoded(t, b)
				partOf := p["partOf"].(map[string]any)
				if p["id"] != pageIRI(n) || p["type"] != "AnnotationPage" || partOf["id"] != collectionIRI || partOf["total"] != float64(total) || partOf["label"] != tc.article.Title {
					t.Errorf("page %d = %s", n, b)
				}
				if p["startIndex"] != float64(len(items)) {
					t.Errorf("page %d startIndex = %v, want %d", n, p["startIndex"], len(items))
				}
				if next, ok := p["next"]; n+1 < tc.wantPages && next != pageIRI(n+1) || n+1 == tc.wantPages && ok {
					t.Errorf("page %d next = %v", n, next)
				}
				if prev, ok := p["prev"]; n > 0 && prev != pageIRI(n-1) || n == 0 && ok {
					t.Errorf("page %d prev = %v", n, prev)
				}
				// Each item is a whole annotation in the page's @context.
				for _, item := range page.(map[string]any)["items"].([]any) {
					item := item.(map[string]any)
					if _, ok := item["@context"]; ok {
						t.Errorf("item %v repeats the page's @context", item["id"])
					}
					standalone := map[string]any{"@context": page.(map[string]any)["@context"]}
					for k, v := range item {
						standalone[k] = v
					}
					raw, _ := json.Marshal(standalone)
					checks += assertMusts(t, annotationMusts, standalone, raw)
					items = append(items, item["id"].(string))
				}
			}
			if strings.Join(items, "\n") != strings.Join(tc.wantItems, "\n") {
				t.Errorf("items across pages\n got %q\nwant %q", items, tc.wantItems)
			}

			_, err = CollectionJSONLD(links, tc.article, tc.anns, tc.pageSize, tc.wantPages)
			if !factcheck.IsCode(err, factcheck.CodeNotFound) {
				t.Errorf("page %d past the last: err = %v, want not found", tc.wantPages, err)
			}
			t.Logf("%d pages, %d items, %d Must checks", tc.wantPages, total, checks)
		})
	}
}

// TestCollectionItemsMatchSingleExport makes sure an annotation reads the
// same in a page as on its own, and that replies target their parent.
func TestCollectionItemsMatchSingleExport(t *testing.T) {
	thread := annotationCases()["with replies"]
	b, err := CollectionJSONLD(links, imported, []Annotation{thread}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	items := decoded(t, b)["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("%d items, want the annotation and its 2 replies", len(items))
	}

	single, err := AnnotationJSONLD(links, imported, thread)
	if err != nil {
		t.Fatal(err)
	}
	want := decoded(t, single)
	delete(want, "@context")
	gotJSON, _ := json.Marshal(items[0])
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("item differs from the single export:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if strings.Contains(string(single), "rep-1") {
		t.Errorf("the single export includes replies: %s", single)
	}

	for i, r := range thread.Replies {
		reply := items[i+1].(map[string]any)
		body := reply["body"].([]any)[0].(map[string]any)
		switch {
		case reply["id"] != "https://desk.example.org/api/replies/"+r.ID,
			reply["motivation"] != "replying",
			reply["target"] != "https://desk.example.org/api/annotations/"+thread.ID,
			body["value"] != r.Body || body["format"] != "text/markdown",
			reply["creator"].(map[string]any)["name"] != r.Creator.Name,
			reply["created"] != r.Created.UTC().Format(time.RFC3339):
			t.Errorf("reply %d = %v", i, reply)
		}
	}
}

func TestCollectionJSONLDRefusesBadPaging(t *testing.T) {
	anns := []Annotation{annotationCases()["comment with a note"]}
	if _, err := CollectionJSONLD(links, imported, anns, 0, -1); !factcheck.IsCode(err, factcheck.CodeInvalid) {
		t.Errorf("page size 0: err = %v, want invalid", err)
	}
	if _, err := CollectionJSONLD(links, imported, nil, 10, 0); !factcheck.IsCode(err, factcheck.CodeNotFound) {
		t.Errorf("page 0 of an empty collection: err = %v, want not found", err)
	}
	bad := anns[0]
	bad.Exact = ""
	if _, err := CollectionJSONLD(links, imported, []Annotation{bad}, 10, -1); err == nil {
		t.Error("a collection with an invalid annotation was exported")
	}
	withBadReply := annotationCases()["with replies"]
	withBadReply.Replies[0].ID = ""
	if _, err := CollectionJSONLD(links, imported, []Annotation{withBadReply}, 10, 0); err == nil {
		t.Error("a reply without an id was exported")
	}
}

// TestMustsCatchBrokenExports is the harness's negative control on our own
// documents: break one thing at a time and the Must about it must fail.
func TestMustsCatchBrokenExports(t *testing.T) {
	s := w3c(t)
	ann, err := AnnotationJSONLD(links, imported, annotationCases()["claim with tags"])
	if err != nil {
		t.Fatal(err)
	}
	anns := []Annotation{annotationCases()["comment with a note"], annotationCases()["with replies"]}
	coll, err := CollectionJSONLD(links, imported, anns, 2, -1)
	if err != nil {
		t.Fatal(err)
	}
	page, err := CollectionJSONLD(links, imported, anns, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	selector := func(doc map[string]any, i int) map[string]any {
		return doc["target"].(map[string]any)["selector"].([]any)[i].(map[string]any)
	}
	for _, tc := range []struct {
		name  string
		list  string
		doc   []byte
		spoil func(map[string]any)
		want  string
	}{
		{"relative id", annotationMusts, ann, func(d map[string]any) { d["id"] = "ann-claim" }, "annotations/3.1-annotationIdValidated.json"},
		{"other context", annotationMusts, ann, func(d map[string]any) { d["@context"] = "https://schema.org" }, "annotations/3.1-annotationContextValidated.json"},
		{"no target", annotationMusts, ann, func(d map[string]any) { delete(d, "target") }, "annotations/3.1-targetKeyFound.json"},
		{"date without zone", annotationMusts, ann, func(d map[string]any) { d["created"] = "2026-03-01 08:30" }, "annotations/3.3.1-annotationCreatedValidated.json"},
		{"body and bodyValue", annotationMusts, ann, func(d map[string]any) { d["bodyValue"] = "x" }, "annotations/3.2.5-notBodyBodyValue.json"},
		{"quote without exact", annotationMusts, ann, func(d map[string]any) { delete(selector(d, 0), "exact") }, "annotations/specificResource/4.2.4-textQuoteSelectorValid.json"},
		{"negative start", annotationMusts, ann, func(d map[string]any) { selector(d, 1)["start"] = -1 }, "annotations/specificResource/4.2-TextDataPositionSelectorValid.json"},
		{"relative source", annotationMusts, ann, func(d map[string]any) { d["target"].(map[string]any)["source"] = "versions/3" }, "annotations/3.2-targetObjectsRecognized.json"},
		{"negative total", collectionMusts, coll, func(d map[string]any) { d["total"] = -1 }, "collections/5.1-collectionTotalValidated.json"},
		{"total without first", collectionMusts, coll, func(d map[string]any) { delete(d, "first") }, "collections/5.1-collectionFirstValidated.json"},
		{"page index as text", pageMusts, page, func(d map[string]any) { d["startIndex"] = "0" }, "collections/pages/5.2-pageStartIndexValidated.json"},
		{"item not an annotation", pageMusts, page, func(d map[string]any) { d["items"] = []any{map[string]any{"type": "Note"}} }, "collections/pages/5.2-pageItemsValidated.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(tc.doc, &doc); err != nil {
				t.Fatal(err)
			}
			tc.spoil(doc)
			raw, _ := json.Marshal(doc)
			got := failedNames(s.failures(tc.list, parseJSON(t, raw)))
			found := false
			for _, name := range got {
				found = found || name == tc.want
			}
			if !found {
				t.Errorf("failed Musts %v, want %s among them", got, tc.want)
			}
		})
	}
}
