package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

const articleText = "The senator said 30,000 emails are missing.\n\nOthers disagreed about the number."

// createArticle imports an article into desk as the checker and returns its
// id and version id.
func createArticle(t testing.TB, c *client, workspace string) (id, versionID string) {
	t.Helper()
	res := c.do("POST", "/api/workspaces/"+workspace+"/articles", map[string]any{"title": "Emails", "text": articleText}, nil)
	if res.Status != http.StatusCreated {
		t.Fatalf("create article: %d %s", res.Status, res.Body)
	}
	var a struct {
		ID             string
		CurrentVersion struct{ ID string }
	}
	res.decode(&a)
	return a.ID, a.CurrentVersion.ID
}

// selectorsFor describes the first occurrence of exact in articleText's
// stored text ("…missing.\nOthers…"), in code points.
func selectorsFor(exact string) map[string]any {
	text := "The senator said 30,000 emails are missing.\nOthers disagreed about the number."
	i := strings.Index(text, exact)
	start := utf8.RuneCountInString(text[:i])
	end := start + utf8.RuneCountInString(exact)
	prefix := text[max(0, i-32):i]
	suffix := text[i+len(exact) : min(len(text), i+len(exact)+32)]
	return map[string]any{
		"quote":    map[string]any{"exact": exact, "prefix": prefix, "suffix": suffix},
		"position": map[string]any{"start": start, "end": end},
	}
}

func TestLogin(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name       string
		body       any
		header     map[string]string
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"right password", map[string]string{"email": "checker@desk.test", "password": testPassword}, nil, 200, "", ""},
		{"email in other case", map[string]string{"email": " Checker@Desk.TEST ", "password": testPassword}, nil, 200, "", ""},
		{"wrong password", map[string]string{"email": "checker@desk.test", "password": "nope"}, nil, 401, "unauthorized", ""},
		{"unknown user", map[string]string{"email": "nobody@desk.test", "password": testPassword}, nil, 401, "unauthorized", ""},
		{"malformed JSON", `{"email": "checker@desk.test",`, nil, 400, "bad_request", ""},
		{"not an object", `["checker@desk.test"]`, nil, 400, "bad_request", ""},
		{"wrong type", `{"email": 42, "password": "x"}`, nil, 400, "bad_request", "email"},
		{"unknown field", map[string]string{"email": "checker@desk.test", "password": testPassword, "role": "admin"}, nil, 400, "bad_request", "role"},
		{"missing password", map[string]string{"email": "checker@desk.test"}, nil, 422, "invalid", "password"},
		{"not JSON", "email=checker", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 400, "bad_request", ""},
		{"too large", `{"email":"` + strings.Repeat("a", testMaxBody) + `"}`, nil, 413, "too_large", ""},
		{"cross-site form", map[string]string{"email": "checker@desk.test", "password": testPassword}, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, "forbidden", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.anonymous(t).do("POST", "/api/session", tt.body, tt.header)
			if res.Status != tt.wantStatus || res.errorCode() != tt.wantCode || res.errorField() != tt.wantField {
				t.Fatalf("got %d %s, want %d %s field %q", res.Status, res.Body, tt.wantStatus, tt.wantCode, tt.wantField)
			}
			if tt.wantStatus == 200 {
				ck := res.Header.Get("Set-Cookie")
				for _, attr := range []string{"factdesk_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
					if !strings.Contains(ck, attr) {
						t.Errorf("session cookie %q lacks %s", ck, attr)
					}
				}
			}
		})
	}
	// Wrong password and unknown user must say exactly the same thing.
	a := ts.anonymous(t).do("POST", "/api/session", map[string]string{"email": "checker@desk.test", "password": "nope"}, nil)
	b := ts.anonymous(t).do("POST", "/api/session", map[string]string{"email": "nobody@desk.test", "password": "nope"}, nil)
	if string(a.Body) != string(b.Body) {
		t.Fatalf("wrong password says %s but unknown user says %s", a.Body, b.Body)
	}
}

func TestSessionLifecycle(t *testing.T) {
	ts := newTestServer(t)
	anon := ts.anonymous(t)
	if res := anon.do("GET", "/api/session", nil, nil); res.Status != 401 {
		t.Fatalf("no session: got %d, want 401", res.Status)
	}
	c := ts.login(t, "editor@desk.test")
	first := c.csrf
	res := c.do("GET", "/api/session", nil, nil)
	var s struct {
		User       struct{ Email string }
		Workspaces []struct{ Slug, Role string }
	}
	res.decode(&s)
	if res.Status != 200 || s.User.Email != "editor@desk.test" || len(s.Workspaces) != 1 || s.Workspaces[0].Role != "editor" {
		t.Fatalf("session = %d %s", res.Status, res.Body)
	}
	// A second login issues a new token and revokes the old one.
	oldCookies := c.http.Jar.Cookies(mustURL(ts.URL))
	c2 := ts.login(t, "editor@desk.test")
	if c2.csrf == first {
		t.Fatal("a new login reused the CSRF token")
	}
	if sessionCookieOf(t, c2) == sessionCookieOf(t, c) {
		t.Fatal("a new login reused the session token")
	}
	// A token planted in the browser before login (session fixation) is
	// replaced at login, and never becomes valid.
	planted := ts.anonymous(t)
	planted.http.Jar.SetCookies(mustURL(ts.URL), []*http.Cookie{{Name: "factdesk_session", Value: "chosen-by-an-attacker", Path: "/"}})
	if res := planted.do("POST", "/api/session", map[string]string{"email": "editor@desk.test", "password": testPassword}, nil); res.Status != 200 {
		t.Fatalf("login over a planted cookie: %d %s", res.Status, res.Body)
	}
	if got := sessionCookieOf(t, planted); got == "chosen-by-an-attacker" {
		t.Fatal("the login kept the planted token")
	}
	fixated := ts.anonymous(t)
	fixated.http.Jar.SetCookies(mustURL(ts.URL), []*http.Cookie{{Name: "factdesk_session", Value: "chosen-by-an-attacker", Path: "/"}})
	if res := fixated.do("GET", "/api/session", nil, nil); res.Status != 401 {
		t.Fatalf("the planted token works: %d", res.Status)
	}
	// Logging in again in the same browser revokes the token it had.
	before := sessionCookieOf(t, planted)
	if res := planted.do("POST", "/api/session", map[string]string{"email": "editor@desk.test", "password": testPassword}, nil); res.Status != 200 {
		t.Fatalf("second login: %d %s", res.Status, res.Body)
	}
	stale := ts.anonymous(t)
	stale.http.Jar.SetCookies(mustURL(ts.URL), []*http.Cookie{{Name: "factdesk_session", Value: before, Path: "/"}})
	if res := stale.do("GET", "/api/session", nil, nil); res.Status != 401 || sessionCookieOf(t, planted) == before {
		t.Fatalf("the token replaced by a new login still works: %d", res.Status)
	}
	if res := c.do("DELETE", "/api/session", nil, map[string]string{"X-CSRF-Token": ""}); res.Status != 403 {
		t.Fatalf("logout without CSRF token: got %d, want 403", res.Status)
	}
	if res := c.do("DELETE", "/api/session", nil, nil); res.Status != 204 {
		t.Fatalf("logout: got %d %s", res.Status, res.Body)
	}
	// The old cookie no longer works after logout.
	replay := ts.anonymous(t)
	replay.http.Jar.SetCookies(mustURL(ts.URL), oldCookies)
	if res := replay.do("GET", "/api/session", nil, nil); res.Status != 401 {
		t.Fatalf("revoked session still works: %d", res.Status)
	}
	if res := c2.do("GET", "/api/session", nil, nil); res.Status != 200 {
		t.Fatalf("the other session ended too: %d", res.Status)
	}
}

// sessionCookieOf returns the session token in c's cookie jar.
func sessionCookieOf(t *testing.T, c *client) string {
	t.Helper()
	for _, ck := range c.http.Jar.Cookies(mustURL(c.ts.URL)) {
		if ck.Name == "factdesk_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func TestArticles(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	viewer := ts.login(t, "viewer@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, _ := createArticle(t, checker, "desk")
	good := map[string]any{"title": "A title", "text": "Some text."}

	tests := []struct {
		name       string
		c          *client
		method     string
		path       string
		body       any
		header     map[string]string
		wantStatus int
		wantField  string
	}{
		{"checker lists", checker, "GET", "/api/workspaces/desk/articles", nil, nil, 200, ""},
		{"viewer lists", viewer, "GET", "/api/workspaces/desk/articles", nil, nil, 200, ""},
		{"viewer gets", viewer, "GET", "/api/articles/" + id, nil, nil, 200, ""},
		{"viewer may not import", viewer, "POST", "/api/workspaces/desk/articles", good, nil, 403, ""},
		{"outsider cannot list", outsider, "GET", "/api/workspaces/desk/articles", nil, nil, 404, ""},
		{"outsider cannot import", outsider, "POST", "/api/workspaces/desk/articles", good, nil, 404, ""},
		{"outsider cannot get", outsider, "GET", "/api/articles/" + id, nil, nil, 404, ""},
		{"unknown workspace", checker, "GET", "/api/workspaces/nope/articles", nil, nil, 404, ""},
		{"malformed workspace slug", checker, "GET", "/api/workspaces/NOPE!/articles", nil, nil, 404, ""},
		{"unknown article", checker, "GET", "/api/articles/00000000-0000-4000-8000-000000000000", nil, nil, 404, ""},
		{"malformed article id", checker, "GET", "/api/articles/not-a-uuid", nil, nil, 404, ""},
		{"empty title", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "  ", "text": "x"}, nil, 422, "title"},
		{"no source", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x"}, nil, 422, "source"},
		{"two sources", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "a", "markdown": "b"}, nil, 422, "source"},
		{"blank text", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "\n\n"}, nil, 422, "text"},
		{"bad source URL", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "y", "sourceUrl": "javascript:alert(1)"}, nil, 422, "sourceUrl"},
		{"setting the workspace is refused", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "y", "workspace": "other"}, nil, 400, "workspace"},
		{"no CSRF token", checker, "POST", "/api/workspaces/desk/articles", good, map[string]string{"X-CSRF-Token": ""}, 403, ""},
		{"wrong CSRF token", checker, "POST", "/api/workspaces/desk/articles", good, map[string]string{"X-CSRF-Token": "forged"}, 403, ""},
		{"anonymous", ts.anonymous(t), "GET", "/api/workspaces/desk/articles", nil, nil, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			res := tt.c.do(tt.method, tt.path, tt.body, tt.header)
			if res.Status != tt.wantStatus || res.errorField() != tt.wantField {
				t.Fatalf("got %d %s, want %d field %q", res.Status, res.Body, tt.wantStatus, tt.wantField)
			}
		})
	}
	checker.t = t
	// Nothing that was refused was stored: one article only.
	var list struct{ Articles []struct{ ID string } }
	checker.do("GET", "/api/workspaces/desk/articles", nil, nil).decode(&list)
	if len(list.Articles) != 1 || list.Articles[0].ID != id {
		t.Fatalf("articles after the refusals = %+v, want only %s", list.Articles, id)
	}
}

func TestCreateIsIdempotent(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	body := map[string]any{"title": "Once", "text": "Only once."}
	key := map[string]string{"Idempotency-Key": "import-1"}
	first := checker.do("POST", "/api/workspaces/desk/articles", body, key)
	again := checker.do("POST", "/api/workspaces/desk/articles", body, key)
	if first.Status != 201 || again.Status != 201 {
		t.Fatalf("statuses %d, %d", first.Status, again.Status)
	}
	var a, b struct{ ID string }
	first.decode(&a)
	again.decode(&b)
	if a.ID != b.ID {
		t.Fatalf("a retried create made a second article: %s, %s", a.ID, b.ID)
	}
	other := checker.do("POST", "/api/workspaces/desk/articles", map[string]any{"title": "Other", "text": "Different."}, key)
	if other.Status != 422 || other.errorField() != "Idempotency-Key" {
		t.Fatalf("same key, different body: %d %s, want 422", other.Status, other.Body)
	}
	var list struct{ Articles []struct{ ID string } }
	checker.do("GET", "/api/workspaces/desk/articles", nil, nil).decode(&list)
	if len(list.Articles) != 1 {
		t.Fatalf("%d articles, want 1", len(list.Articles))
	}
}

func TestAnnotations(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	viewer := ts.login(t, "viewer@desk.test")
	outsider := ts.login(t, "checker@other.test")
	id, version := createArticle(t, checker, "desk")
	path := "/api/articles/" + id + "/annotations"
	good := map[string]any{"articleVersionId": version, "kind": "claim", "selectors": selectorsFor("30,000 emails"), "body": "Check **this**."}
	moved := selectorsFor("30,000 emails")
	moved["position"] = map[string]any{"start": 3, "end": 16}
	badPrefix := selectorsFor("30,000 emails")
	badPrefix["quote"].(map[string]any)["prefix"] = "the senator said "

	tests := []struct {
		name       string
		c          *client
		body       any
		wantStatus int
		wantField  string
	}{
		{"checker highlights", checker, good, 201, ""},
		{"comment without a note", checker, map[string]any{"articleVersionId": version, "selectors": selectorsFor("Others disagreed")}, 201, ""},
		{"viewer may not", viewer, good, 403, ""},
		{"outsider sees nothing", outsider, good, 404, ""},
		{"quote not at that place", checker, map[string]any{"articleVersionId": version, "selectors": moved}, 422, "selectors.quote.exact"},
		{"prefix does not match", checker, map[string]any{"articleVersionId": version, "selectors": badPrefix}, 422, "selectors.quote.prefix"},
		{"unknown kind", checker, map[string]any{"articleVersionId": version, "kind": "verdict", "selectors": selectorsFor("emails")}, 422, "kind"},
		{"version of another article", checker, map[string]any{"articleVersionId": "00000000-0000-4000-8000-000000000000", "selectors": selectorsFor("emails")}, 422, "articleVersionId"},
		{"missing selectors", checker, map[string]any{"articleVersionId": version}, 422, "selectors"},
		{"author cannot be set", checker, map[string]any{"articleVersionId": version, "selectors": selectorsFor("emails"), "createdBy": "someone"}, 400, "createdBy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			res := tt.c.do("POST", path, tt.body, nil)
			if res.Status != tt.wantStatus || res.errorField() != tt.wantField {
				t.Fatalf("got %d %s, want %d field %q", res.Status, res.Body, tt.wantStatus, tt.wantField)
			}
		})
	}
	viewer.t, outsider.t = t, t
	var list struct {
		Annotations []struct {
			Kind      string
			Body      string
			CreatedBy struct{ Name string }
			Selectors struct{ Quote struct{ Exact string } }
		}
	}
	viewer.do("GET", path, nil, nil).decode(&list)
	if len(list.Annotations) != 2 || list.Annotations[0].Selectors.Quote.Exact != "30,000 emails" || list.Annotations[0].Kind != "claim" ||
		list.Annotations[0].CreatedBy.Name != "checker of desk" || list.Annotations[1].Kind != "comment" {
		t.Fatalf("annotations = %+v", list.Annotations)
	}
	if res := outsider.do("GET", path, nil, nil); res.Status != 404 {
		t.Fatalf("outsider lists annotations: %d", res.Status)
	}
}

func TestEventsRecordEveryChange(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	id, version := createArticle(t, checker, "desk")
	checker.do("POST", "/api/articles/"+id+"/annotations", map[string]any{"articleVersionId": version, "selectors": selectorsFor("emails")}, nil)
	waitForCursor(t, ts, 2)
	var list struct {
		Events []struct {
			Seq   int64
			Type  string
			Actor struct{ Name string }
		}
	}
	checker.do("GET", "/api/workspaces/desk/events?after=0", nil, nil).decode(&list)
	if len(list.Events) != 2 || list.Events[0].Type != factcheck.EventArticleCreated || list.Events[1].Type != factcheck.EventAnnotationCreated ||
		list.Events[0].Seq >= list.Events[1].Seq || list.Events[1].Actor.Name != "checker of desk" {
		t.Fatalf("events = %+v", list.Events)
	}
	for _, q := range []string{"?after=-1", "?limit=0", "?limit=501", "?after=x"} {
		if res := checker.do("GET", "/api/workspaces/desk/events"+q, nil, nil); res.Status/100 != 4 {
			t.Errorf("events%s: %d, want 4xx", q, res.Status)
		}
	}
	// Another workspace's history is not there.
	outsider := ts.login(t, "checker@other.test")
	if res := outsider.do("GET", "/api/workspaces/desk/events", nil, nil); res.Status != 404 {
		t.Fatalf("outsider reads history: %d", res.Status)
	}
}

func TestOperationsAndHeaders(t *testing.T) {
	ts := newTestServer(t)
	c := ts.anonymous(t)
	for _, tt := range []struct {
		path       string
		wantStatus int
		contains   string
	}{
		{"/healthz", 200, "ok"},
		{"/readyz", 200, "ready"},
		{"/metrics", 200, "factdesk_http_request_duration_seconds"},
		{"/api/openapi.json", 200, `"openapi":"3.0.3"`},
		{"/", 200, "<title>Factdesk</title>"},
		{"/w/desk/articles/123", 200, "<title>Factdesk</title>"},
		{"/assets/app.js", 200, "1"},
		{"/assets/missing.js", 404, ""},
		{"/api/nope", 404, "not_found"},
	} {
		res := c.do("GET", tt.path, nil, nil)
		if res.Status != tt.wantStatus || !strings.Contains(string(res.Body), tt.contains) {
			t.Errorf("GET %s = %d %.80s, want %d containing %q", tt.path, res.Status, res.Body, tt.wantStatus, tt.contains)
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, d := range []string{"script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("GET %s: CSP %q lacks %s", tt.path, csp, d)
			}
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", tt.path)
		}
	}
	if res := c.do("PUT", "/api/session", map[string]string{}, nil); res.Status != 405 {
		t.Errorf("PUT /api/session = %d, want 405", res.Status)
	}
}

func waitForCursor(t *testing.T, ts *testServer, seq int64) {
	t.Helper()
	for range 500 {
		if ts.Hub.Cursor() >= seq {
			return
		}
		sleep()
	}
	t.Fatalf("the live stream did not reach seq %d (at %d)", seq, ts.Hub.Cursor())
}

// TestConcurrentRetriesMakeOneRow sends the same create with the same key
// from many connections at once, as a client retrying over a flaky network
// might: exactly one annotation exists afterwards, and every answer names it.
func TestConcurrentRetriesMakeOneRow(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	id, version := createArticle(t, checker, "desk")
	body := map[string]any{"articleVersionId": version, "selectors": selectorsFor("30,000 emails"), "body": "once"}
	const tries = 12
	ids := make(chan string, tries)
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() {
			res := checker.do("POST", "/api/articles/"+id+"/annotations", body, map[string]string{"Idempotency-Key": "highlight-7"})
			var a struct{ ID string }
			if res.Status == 201 {
				json.Unmarshal(res.Body, &a)
			}
			ids <- a.ID
		})
	}
	wg.Wait()
	close(ids)
	first := ""
	for got := range ids {
		if got == "" || (first != "" && got != first) {
			t.Fatalf("concurrent retries answered different annotations: %q and %q", first, got)
		}
		first = got
	}
	var list struct{ Annotations []struct{ ID string } }
	checker.do("GET", "/api/articles/"+id+"/annotations", nil, nil).decode(&list)
	if len(list.Annotations) != 1 || list.Annotations[0].ID != first {
		t.Fatalf("annotations = %+v, want exactly %s", list.Annotations, first)
	}
}
