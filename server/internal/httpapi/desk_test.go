package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type annotationView struct {
	ID        string
	Kind      string
	Body      string
	Tags      []string
	Version   int
	Resolved  bool
	Anchor    string
	Claim     *struct{ ID, Statement string }
	Replies   []struct{ ID, Body string }
	Selectors struct {
		Quote    struct{ Exact, Prefix, Suffix string }
		Position struct{ Start, End int }
	}
}

func mustAnnotate(t *testing.T, c *client, articleID, version, exact string, extra map[string]any) annotationView {
	t.Helper()
	body := map[string]any{"articleVersionId": version, "selectors": selectorsFor(exact), "body": "note on " + exact}
	for k, v := range extra {
		body[k] = v
	}
	res := c.do("POST", "/api/articles/"+articleID+"/annotations", body, nil)
	if res.Status != 201 {
		t.Fatalf("annotate %q: %d %s", exact, res.Status, res.Body)
	}
	var a annotationView
	res.decode(&a)
	return a
}

func TestEditingAnnotationsNeverOverwritesSilently(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	viewer := ts.login(t, "viewer@desk.test")
	otherChecker := ts.login(t, "admin@desk.test")
	id, version := createArticle(t, checker, "desk")
	a := mustAnnotate(t, checker, id, version, "30,000 emails", map[string]any{"tags": []string{"numbers", " Numbers ", "emails"}})
	if strings.Join(a.Tags, ",") != "numbers,emails" || a.Anchor != "exact" {
		t.Fatalf("created %+v", a)
	}
	path := "/api/annotations/" + a.ID

	// The author edits, based on version 1.
	res := checker.do("PATCH", path, map[string]any{"version": 1, "body": "Checked: **30,000**", "tags": []string{"emails"}}, nil)
	var edited annotationView
	res.decode(&edited)
	if res.Status != 200 || edited.Version != 2 || edited.Body != "Checked: **30,000**" || res.Header.Get("ETag") != `"2"` {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	// A second edit based on version 1 is stale: 412 with the current record.
	res = editor.do("PATCH", path, map[string]any{"version": 1, "body": "mine"}, nil)
	var stale struct {
		Error   struct{ Code string }
		Current struct {
			annotationView
			UpdatedBy struct{ Name string }
		}
	}
	res.decode(&stale)
	if res.Status != 412 || stale.Error.Code != "stale_version" || stale.Current.Version != 2 || stale.Current.Body != "Checked: **30,000**" ||
		stale.Current.UpdatedBy.Name != "checker of desk" {
		t.Fatalf("stale edit: %d %s", res.Status, res.Body)
	}
	// If-Match works as well as the field.
	if res := editor.do("PATCH", path, map[string]any{"body": "moderated"}, map[string]string{"If-Match": `"2"`}); res.Status != 200 {
		t.Fatalf("editor moderates with If-Match: %d %s", res.Status, res.Body)
	}
	for _, tt := range []struct {
		name   string
		c      *client
		body   map[string]any
		header map[string]string
		want   int
	}{
		{"no version", checker, map[string]any{"body": "x"}, nil, 422},
		{"bad If-Match", checker, map[string]any{"body": "x"}, map[string]string{"If-Match": "soon"}, 400},
		{"viewer", viewer, map[string]any{"version": 3, "resolved": true}, nil, 403},
		{"another checker's note", otherChecker, map[string]any{"version": 3, "body": "x"}, nil, 200}, // admin moderates
		{"unknown claim", checker, map[string]any{"version": 4, "claimId": "00000000-0000-4000-8000-000000000000"}, nil, 422},
		{"bad kind", checker, map[string]any{"version": 4, "kind": "rumour"}, nil, 422},
		{"too many tags", checker, map[string]any{"version": 4, "tags": strings.Split("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u", ",")}, nil, 422},
		{"resolve", checker, map[string]any{"version": 4, "resolved": true}, nil, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			if res := tt.c.do("PATCH", path, tt.body, tt.header); res.Status != tt.want {
				t.Fatalf("got %d %s, want %d", res.Status, res.Body, tt.want)
			}
		})
	}
	checker.t, editor.t = t, t
	var got annotationView
	checker.do("GET", path, nil, nil).decode(&got)
	if !got.Resolved || got.Version != 5 {
		t.Fatalf("after the edits: %+v", got)
	}
	// Replies in the thread.
	res = editor.do("POST", path+"/replies", map[string]any{"body": "Source?"}, nil)
	var reply struct {
		ID      string
		Version int
	}
	res.decode(&reply)
	if res.Status != 201 {
		t.Fatalf("reply: %d %s", res.Status, res.Body)
	}
	if res := checker.do("PATCH", "/api/replies/"+reply.ID, map[string]any{"body": "edited", "version": 1}, nil); res.Status != 403 {
		t.Fatalf("a checker edits an editor's reply: %d", res.Status)
	}
	if res := editor.do("POST", path+"/replies", map[string]any{"body": "  "}, nil); res.Status != 422 {
		t.Fatalf("empty reply: %d", res.Status)
	}
	checker.do("GET", path, nil, nil).decode(&got)
	if len(got.Replies) != 1 || got.Replies[0].Body != "Source?" {
		t.Fatalf("replies = %+v", got.Replies)
	}
	// Deleting: stale version refused, then the author deletes.
	if res := checker.do("DELETE", path, nil, map[string]string{"If-Match": `"1"`}); res.Status != 412 {
		t.Fatalf("stale delete: %d", res.Status)
	}
	if res := viewer.do("DELETE", path, nil, nil); res.Status != 403 {
		t.Fatalf("viewer deletes: %d", res.Status)
	}
	if res := checker.do("DELETE", path, nil, map[string]string{"If-Match": `"5"`}); res.Status != 204 {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if res := checker.do("GET", path, nil, nil); res.Status != 404 {
		t.Fatalf("deleted annotation: %d", res.Status)
	}
}

func TestClaimsEvidenceAndSimilarity(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, version := createArticle(t, checker, "desk")
	a := mustAnnotate(t, checker, id, version, "30,000 emails are missing", nil)

	res := checker.do("POST", "/api/workspaces/desk/claims", map[string]any{
		"statement": "30,000 emails are missing", "claimant": "The senator", "claimDate": "2016-07-27", "annotationId": a.ID}, nil)
	var claim struct {
		ID              string
		Version         int
		ClaimDate       string
		AnnotationCount int
	}
	res.decode(&claim)
	if res.Status != 201 || claim.ClaimDate != "2016-07-27" || claim.AnnotationCount != 1 {
		t.Fatalf("create claim: %d %s", res.Status, res.Body)
	}
	var linked annotationView
	checker.do("GET", "/api/annotations/"+a.ID, nil, nil).decode(&linked)
	if linked.Kind != "claim" || linked.Claim == nil || linked.Claim.ID != claim.ID {
		t.Fatalf("the highlight was not linked: %+v", linked)
	}
	for _, bad := range []map[string]any{
		{"claimant": "x"},
		{"statement": "x", "claimDate": "27/07/2016"},
		{"statement": "x", "annotationId": "00000000-0000-4000-8000-000000000000"},
		{"statement": strings.Repeat("x", 2001)},
	} {
		if res := checker.do("POST", "/api/workspaces/desk/claims", bad, nil); res.Status != 422 {
			t.Errorf("claim %v: %d %s, want 422", bad, res.Status, res.Body)
		}
	}
	// The same claim worded differently in another article is suggested.
	var sims struct {
		Claims []struct {
			Claim      struct{ ID string }
			Similarity float64
		}
	}
	checker.do("GET", "/api/workspaces/desk/claims/similar?q="+urlQuery("the 30,000 emails that are missing"), nil, nil).decode(&sims)
	if len(sims.Claims) == 0 || sims.Claims[0].Claim.ID != claim.ID || sims.Claims[0].Similarity <= 0 {
		t.Fatalf("similar claims = %+v", sims)
	}
	checker.do("GET", "/api/workspaces/desk/claims/similar?q="+urlQuery("weather on Mars"), nil, nil).decode(&sims)
	if len(sims.Claims) != 0 {
		t.Fatalf("an unrelated statement is similar to %+v", sims)
	}
	if res := outsider.do("GET", "/api/workspaces/other/claims/similar?q=emails", nil, nil); res.Status != 200 || strings.Contains(string(res.Body), claim.ID) {
		t.Fatalf("another workspace sees the claim: %s", res.Body)
	}

	// Evidence: add two, edit one, remove one.
	path := "/api/claims/" + claim.ID + "/evidence"
	var ev struct{ ID string }
	res = checker.do("POST", path, map[string]any{"url": "https://archive.example/report", "title": "Inspector general's report", "publisher": "OIG",
		"quotedPassage": "some 30,000 emails were not turned over", "stance": "supports", "consultedOn": "2024-03-01"}, nil)
	res.decode(&ev)
	if res.Status != 201 {
		t.Fatalf("evidence: %d %s", res.Status, res.Body)
	}
	if res := checker.do("POST", path, map[string]any{"url": "https://news.example/a", "stance": "refutes"}, nil); res.Status != 201 {
		t.Fatalf("second evidence: %d %s", res.Status, res.Body)
	}
	for _, bad := range []map[string]any{
		{"url": "javascript:alert(1)", "stance": "supports"},
		{"url": "https://x.example"},
		{"url": "https://x.example", "stance": "maybe"},
		{"stance": "context"},
	} {
		if res := checker.do("POST", path, bad, nil); res.Status != 422 {
			t.Errorf("evidence %v: %d, want 422", bad, res.Status)
		}
	}
	if res := checker.do("PATCH", "/api/evidence/"+ev.ID, map[string]any{"version": 1, "stance": "context"}, nil); res.Status != 200 {
		t.Fatalf("edit evidence: %d %s", res.Status, res.Body)
	}
	if res := checker.do("PATCH", "/api/evidence/"+ev.ID, map[string]any{"version": 1, "stance": "refutes"}, nil); res.Status != 412 {
		t.Fatalf("stale evidence edit: %d", res.Status)
	}
	if res := outsider.do("DELETE", "/api/evidence/"+ev.ID, nil, nil); res.Status != 404 {
		t.Fatalf("outsider removes evidence: %d", res.Status)
	}
	var detail struct {
		Claim       struct{ EvidenceCount int }
		Appearances []struct{ ArticleID, Quote string }
		Evidence    []struct{ ID, Stance string }
	}
	checker.do("GET", "/api/claims/"+claim.ID, nil, nil).decode(&detail)
	if len(detail.Evidence) != 2 || detail.Evidence[0].Stance != "context" || len(detail.Appearances) != 1 || detail.Appearances[0].Quote != "30,000 emails are missing" {
		t.Fatalf("claim detail = %+v", detail)
	}
	if res := checker.do("DELETE", "/api/evidence/"+ev.ID, nil, nil); res.Status != 204 {
		t.Fatalf("remove evidence: %d", res.Status)
	}
	if res := outsider.do("GET", "/api/claims/"+claim.ID, nil, nil); res.Status != 404 {
		t.Fatalf("outsider reads the claim: %d", res.Status)
	}
	// The claim's statement can be edited, with its version.
	if res := checker.do("PATCH", "/api/claims/"+claim.ID, map[string]any{"version": 1, "claimant": "Senator X"}, nil); res.Status != 200 {
		t.Fatalf("edit claim: %d %s", res.Status, res.Body)
	}
	if res := checker.do("PATCH", "/api/claims/"+claim.ID, map[string]any{"version": 1, "claimant": "Y"}, nil); res.Status != 412 {
		t.Fatalf("stale claim edit: %d", res.Status)
	}
}

func TestReimportReanchorsAndOrphans(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	id, version := createArticle(t, checker, "desk")
	kept := mustAnnotate(t, checker, id, version, "30,000 emails", nil)
	gone := mustAnnotate(t, checker, id, version, "Others disagreed", nil)

	edited := "Yesterday the senator said 30,000 emails are missing.\n\nNobody replied."
	res := checker.do("POST", "/api/articles/"+id+"/versions", map[string]any{"text": edited}, nil)
	var out struct {
		Changed    bool
		Article    struct{ CurrentVersion struct{ Number int } }
		Reanchored struct{ Exact, Position, Fuzzy, Orphaned int }
	}
	res.decode(&out)
	if res.Status != 200 || !out.Changed || out.Article.CurrentVersion.Number != 2 || out.Reanchored.Exact != 1 || out.Reanchored.Orphaned != 1 {
		t.Fatalf("re-import: %d %s", res.Status, res.Body)
	}
	var a annotationView
	checker.do("GET", "/api/annotations/"+kept.ID, nil, nil).decode(&a)
	if a.Anchor != "exact" || a.Selectors.Quote.Exact != "30,000 emails" || a.Selectors.Position.Start != 27 {
		t.Fatalf("the highlight did not follow its text: %+v", a)
	}
	checker.do("GET", "/api/annotations/"+gone.ID, nil, nil).decode(&a)
	if a.Anchor != "orphaned" || a.Selectors.Quote.Exact != "Others disagreed" {
		t.Fatalf("the deleted passage's highlight: %+v", a)
	}
	// The same content again changes nothing.
	res = checker.do("POST", "/api/articles/"+id+"/versions", map[string]any{"text": edited}, nil)
	res.decode(&out)
	if res.Status != 200 || out.Changed || out.Article.CurrentVersion.Number != 2 {
		t.Fatalf("same content: %d %s", res.Status, res.Body)
	}
	viewer := ts.login(t, "viewer@desk.test")
	if res := viewer.do("POST", "/api/articles/"+id+"/versions", map[string]any{"text": "x"}, nil); res.Status != 403 {
		t.Fatalf("viewer re-imports: %d", res.Status)
	}
	if res := checker.do("POST", "/api/articles/"+id+"/versions", map[string]any{"refetch": true}, nil); res.Status != 422 {
		t.Fatalf("refetch of a pasted article: %d", res.Status)
	}
}

func TestImportFormatsAndURL(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	page := `<!doctype html><html><head><title>Rates held | Money Desk</title><meta property="og:site_name" content="Money Desk">
		<meta name="author" content="Ana Writer"></head><body><nav>Home | News</nav><article><h1>Rates held</h1>
		<p>The bank kept its rate at 4.5 percent on Thursday, the third pause in a row.</p>
		<p>Officials said inflation of 3.2 percent was still too high.</p><script>alert(1)</script></article></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	for _, tt := range []struct {
		name      string
		body      map[string]any
		wantTitle string
		want      int
	}{
		{"markdown", map[string]any{"markdown": "# Budget\n\nThe budget grew by **12%**."}, "Budget", 201},
		{"html", map[string]any{"title": "Pasted", "html": `<p onclick="x()">Hello <a href="javascript:alert(1)">there</a></p>`}, "Pasted", 201},
		{"file", map[string]any{"file": map[string]any{"name": "notes.md", "content": "# From a file\n\nText."}}, "From a file", 201},
		{"bad file type", map[string]any{"file": map[string]any{"name": "report.pdf", "content": "%PDF"}}, "", 422},
		// Loopback is refused unless the operator allows private addresses.
		{"url on a private address", map[string]any{"url": srv.URL + "/story"}, "", 422},
		{"not a URL", map[string]any{"url": "ftp://example.org/x"}, "", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checker.t = t
			res := checker.do("POST", "/api/workspaces/desk/articles", tt.body, nil)
			var a struct{ Title, ID string }
			res.decode(&a)
			if res.Status != tt.want || (tt.want == 201 && a.Title != tt.wantTitle) {
				t.Fatalf("got %d %s", res.Status, res.Body)
			}
			if tt.name == "html" {
				var d struct{ Content struct{ HTML string } }
				checker.do("GET", "/api/articles/"+a.ID, nil, nil).decode(&d)
				if strings.Contains(d.Content.HTML, "onclick") || strings.Contains(d.Content.HTML, "javascript:") {
					t.Fatalf("stored HTML is not sanitized: %s", d.Content.HTML)
				}
			}
		})
	}
}

func TestSearchFindsEverythingWithFilters(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, version := createArticle(t, checker, "desk")
	a := mustAnnotate(t, checker, id, version, "30,000 emails", map[string]any{"tags": []string{"numbers"}, "body": "Compare with the inspector's archive"})
	editor.do("POST", "/api/annotations/"+a.ID+"/replies", map[string]any{"body": "The archive lists fewer emails"}, nil)
	var claim struct{ ID string }
	checker.do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "30,000 emails are missing", "annotationId": a.ID}, nil).decode(&claim)
	checker.do("POST", "/api/claims/"+claim.ID+"/evidence", map[string]any{"url": "https://archive.example", "title": "Email archive index", "stance": "refutes"}, nil)
	createArticle(t, outsider, "other") // the same words in another workspace

	type results struct {
		Results []struct {
			Type, ID, Title, Snippet string
			Matches                  []string
		}
	}
	search := func(query string) results {
		t.Helper()
		var r results
		res := checker.do("GET", "/api/workspaces/desk/search?"+query, nil, nil)
		if res.Status != 200 {
			t.Fatalf("search %s: %d %s", query, res.Status, res.Body)
		}
		res.decode(&r)
		return r
	}
	types := func(r results) string {
		var ts []string
		for _, x := range r.Results {
			ts = append(ts, x.Type)
		}
		return strings.Join(sortStrings(ts), ",")
	}
	if got := types(search("q=emails")); got != "annotation,article,claim,evidence,reply" {
		t.Fatalf("q=emails found %s", got)
	}
	r := search("q=archive")
	for _, x := range r.Results {
		if len(x.Matches) == 0 || !strings.Contains(strings.ToLower(x.Snippet), strings.ToLower(x.Matches[0])) {
			t.Fatalf("result %+v does not show its matched words", x)
		}
	}
	if got := types(search("q=emails&tag=numbers")); got != "annotation,article,claim,evidence,reply" {
		t.Fatalf("tag filter: %s", got)
	}
	if got := types(search("q=emails&tag=other")); got != "" {
		t.Fatalf("an unused tag found %s", got)
	}
	var me struct{ User struct{ ID string } }
	editor.do("GET", "/api/session", nil, nil).decode(&me)
	if got := types(search("q=emails&author=" + me.User.ID)); got != "reply" {
		t.Fatalf("author filter: %s", got)
	}
	if got := types(search("q=emails&claim=" + claim.ID)); got != "annotation,article,claim,evidence,reply" {
		t.Fatalf("claim filter: %s", got)
	}
	if got := types(search("q=" + urlQuery(`"inspector's archive"`))); got != "annotation" {
		t.Fatalf("phrase: %s", got)
	}
	for _, bad := range []string{"", "q=", "q=x&author=nope", "q=x&limit=500"} {
		if res := checker.do("GET", "/api/workspaces/desk/search?"+bad, nil, nil); res.Status != 400 {
			t.Errorf("search %q: %d, want 400", bad, res.Status)
		}
	}
	if res := outsider.do("GET", "/api/workspaces/desk/search?q=emails", nil, nil); res.Status != 404 {
		t.Fatalf("outsider searches desk: %d", res.Status)
	}
}

func TestExports(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, version := createArticle(t, checker, "desk")
	a := mustAnnotate(t, checker, id, version, "30,000 emails", map[string]any{"tags": []string{"numbers"}})
	checker.do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "30,000 emails are missing, =1+1", "annotationId": a.ID}, nil)

	res := checker.do("GET", "/api/annotations/"+a.ID+"/export", nil, nil)
	var doc map[string]any
	json.Unmarshal(res.Body, &doc)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/ld+json") || doc["type"] != "Annotation" ||
		!strings.HasPrefix(fmt.Sprint(doc["id"]), ts.URL+"/api/annotations/") {
		t.Fatalf("annotation export: %d %s", res.Status, res.Body)
	}
	res = checker.do("GET", "/api/articles/"+id+"/annotations/export", nil, nil)
	json.Unmarshal(res.Body, &doc)
	if res.Status != 200 || doc["type"] != "AnnotationCollection" {
		t.Fatalf("collection export: %d %s", res.Status, res.Body)
	}
	if res := checker.do("GET", "/api/articles/"+id+"/annotations/export?page=0", nil, nil); res.Status != 200 || !strings.Contains(string(res.Body), "AnnotationPage") {
		t.Fatalf("page 0: %d %s", res.Status, res.Body)
	}
	if res := checker.do("GET", "/api/articles/"+id+"/annotations/export?page=9", nil, nil); res.Status != 404 {
		t.Fatalf("page 9: %d", res.Status)
	}
	res = checker.do("GET", "/api/articles/"+id+"/claims.csv", nil, nil)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(res.Body), "30,000 emails are missing") {
		t.Fatalf("claims CSV: %d %s", res.Status, res.Body)
	}
	for _, p := range []string{"/api/annotations/" + a.ID + "/export", "/api/articles/" + id + "/annotations/export", "/api/articles/" + id + "/claims.csv"} {
		if res := outsider.do("GET", p, nil, nil); res.Status != 404 {
			t.Errorf("outsider GET %s: %d", p, res.Status)
		}
	}
}
