package httpapi_test

import (
	"bytes"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/factdesk/factdesk/server/internal/httpapi"
)

// builtIndex is shaped like Vite's dist/index.html: a head with the
// module script and the stylesheet, nothing inline.
const builtIndex = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Factdesk</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-abc.css">
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`

func withBuiltIndex(d *httpapi.Deps) {
	d.Frontend = fs.FS(fstest.MapFS{
		"index.html":          {Data: []byte(builtIndex)},
		"assets/index-abc.js": {Data: []byte("console.log(1)")},
		"assets/app.js":       {Data: []byte("1")},
	})
}

// policy is a Content-Security-Policy read into its directives.
type policy map[string][]string

func parsePolicy(csp string) policy {
	p := policy{}
	for _, d := range strings.Split(csp, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if _, seen := p[name]; !seen { // a repeated directive is ignored by browsers
			p[name] = fields[1:]
		}
	}
	return p
}

// effective is the sources a fetch directive allows, falling back to
// default-src as browsers do.
func (p policy) effective(directive string) []string {
	if v, ok := p[directive]; ok {
		return v
	}
	return p["default-src"]
}

// checkStrictPolicy fails unless the policy lets no script run but the
// origin's own files: no inline script or handlers, no eval, no other
// host; no plugins; no <base>; no framing anywhere.
func checkStrictPolicy(t *testing.T, what, csp string) policy {
	t.Helper()
	p := parsePolicy(csp)
	if _, ok := p["default-src"]; !ok {
		t.Errorf("%s: CSP %q has no default-src", what, csp)
	}
	for _, d := range []string{"script-src", "script-src-elem", "script-src-attr"} {
		sources := p.effective(d)
		if len(sources) == 0 {
			t.Errorf("%s: CSP %q allows any script (%s unrestricted)", what, csp, d)
		}
		for _, s := range sources {
			if s != "'self'" && s != "'none'" {
				t.Errorf("%s: CSP %q lets %s run script from %s", what, csp, d, s)
			}
		}
	}
	if got := p.effective("object-src"); !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("%s: object-src is %v, want 'none'", what, got)
	}
	// base-uri, frame-ancestors and form-action do not fall back to default-src.
	if got := p["base-uri"]; !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("%s: base-uri is %v, want 'none'", what, got)
	}
	if got := p["frame-ancestors"]; !slices.Equal(got, []string{"'none'"}) {
		t.Errorf("%s: frame-ancestors is %v, want 'none'", what, got)
	}
	if got := p["form-action"]; len(got) != 1 || (got[0] != "'self'" && got[0] != "'none'") {
		t.Errorf("%s: form-action is %v, want 'self' or 'none'", what, got)
	}
	return p
}

// publishedVerdict publishes a verdict with a Markdown rationale and returns its id.
func publishedVerdict(t *testing.T, checker, editor *client) string {
	t.Helper()
	claimID, evidenceID := claimWithEvidence(t, checker)
	res := checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "False",
		"rationale": "The archive has *all* of them. <script>alert(1)</script>", "evidenceIds": []string{evidenceID}}, nil)
	var v verdictView
	res.decode(&v)
	act(checker, v.ID, "submit", 1, "")
	act(editor, v.ID, "approve", 2, "")
	if res, _ := act(editor, v.ID, "publish", 3, ""); res.Status != 200 {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	return v.ID
}

// TestSecurityHeadersOnEveryResponse checks the security headers on every
// kind of answer the server gives: the app's HTML on its client routes,
// its assets, API JSON, API errors (401, 403, 404, 405, 413, a refused
// websocket), the operations endpoints, and the public fact-check page
// (its own stricter CSP), its not-found page, its stylesheet and feed.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newTestServer(t, withBuiltIndex)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	anonymous := ts.anonymous(t)
	verdictID := publishedVerdict(t, checker, editor)
	articleID, _ := createArticle(t, checker, "desk")

	const (
		app    = "app"    // the browser app's policy
		public = "public" // the public fact-check page's policy
	)
	websocket := map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
		"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": "http://127.0.0.2:8080"}
	big := `{"title":"` + strings.Repeat("x", testMaxBody) + `"}`
	for _, tt := range []struct {
		name         string
		c            *client
		method, path string
		body         any
		header       map[string]string
		status       int
		policy       string
		// contentType is the start of the expected Content-Type ("" = any).
		contentType string
		// crossOrigin: the resource is public and may be embedded anywhere.
		crossOrigin bool
	}{
		{"app at /", anonymous, "GET", "/", nil, nil, 200, app, "text/html", false},
		{"app at /login", anonymous, "GET", "/login", nil, nil, 200, app, "text/html", false},
		{"app at a workspace", checker, "GET", "/w/desk", nil, nil, 200, app, "text/html", false},
		{"app at an article", checker, "GET", "/w/desk/articles/" + articleID, nil, nil, 200, app, "text/html", false},
		{"app at the claims", checker, "GET", "/w/desk/claims", nil, nil, 200, app, "text/html", false},
		{"app at a search with markup in the query", checker, "GET", "/w/desk/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", nil, nil, 200, app, "text/html", false},
		{"app, HEAD", anonymous, "HEAD", "/w/desk/review", nil, nil, 200, app, "text/html", false},
		{"app's index.html", anonymous, "GET", "/index.html", nil, nil, 200, app, "text/html", false},
		{"an asset", anonymous, "GET", "/assets/index-abc.js", nil, nil, 200, app, "text/javascript", false},
		{"a missing asset", anonymous, "GET", "/assets/missing.js", nil, nil, 404, app, "application/json", false},
		{"API JSON", checker, "GET", "/api/session", nil, nil, 200, app, "application/json", false},
		{"API list", checker, "GET", "/api/workspaces/desk/articles", nil, nil, 200, app, "application/json", false},
		{"API created", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "Headers", "text": articleText}, nil, 201, app, "application/json", false},
		{"API document", anonymous, "GET", "/api/openapi.json", nil, nil, 200, app, "application/json", false},
		{"API 401", anonymous, "GET", "/api/session", nil, nil, 401, app, "application/json", false},
		{"API 404 route", checker, "GET", "/api/nope", nil, nil, 404, app, "application/json", false},
		{"API 404 record", checker, "GET", "/api/articles/00000000-0000-0000-0000-000000000000", nil, nil, 404, app, "application/json", false},
		{"API 403 without CSRF token", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "y"},
			map[string]string{"X-CSRF-Token": ""}, 403, app, "application/json", false},
		{"API 403 from another origin", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "x", "text": "y"},
			map[string]string{"Origin": "http://127.0.0.2:8080", "Sec-Fetch-Site": "cross-site"}, 403, app, "application/json", false},
		{"API 405", anonymous, "PUT", "/api/session", map[string]string{}, nil, 405, app, "application/json", false},
		{"API 413", checker, "POST", "/api/workspaces/desk/articles", big, nil, 413, app, "application/json", false},
		{"API 422", checker, "POST", "/api/workspaces/desk/articles", map[string]any{"title": ""}, nil, 422, app, "application/json", false},
		{"websocket from another origin", checker, "GET", "/api/live", nil, websocket, 403, app, "application/json", false},
		{"healthz", anonymous, "GET", "/healthz", nil, nil, 200, app, "application/json", false},
		{"readyz", anonymous, "GET", "/readyz", nil, nil, 200, app, "application/json", false},
		{"metrics", anonymous, "GET", "/metrics", nil, nil, 200, app, "text/plain", false},
		{"public fact-check page", anonymous, "GET", "/fact-checks/" + verdictID, nil, nil, 200, public, "text/html", true},
		{"public fact-check page, logged in", checker, "GET", "/fact-checks/" + verdictID, nil, nil, 200, public, "text/html", true},
		{"public fact-check not found", anonymous, "GET", "/fact-checks/00000000-0000-0000-0000-000000000000", nil, nil, 404, public, "text/html", false},
		{"public fact-check page's CSS", anonymous, "GET", "/fact-checks/page.css", nil, nil, 200, app, "text/css", true},
		{"public ClaimReview feed", anonymous, "GET", "/api/public/workspaces/desk/claim-reviews", nil, nil, 200, app, "application/ld+json", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.do(tt.method, tt.path, tt.body, tt.header)
			if res.Status != tt.status {
				t.Fatalf("%s %s = %d %.200s, want %d", tt.method, tt.path, res.Status, res.Body, tt.status)
			}
			h := res.Header
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			csps := h.Values("Content-Security-Policy")
			if len(csps) != 1 {
				t.Fatalf("%d Content-Security-Policy headers %q, want exactly one", len(csps), csps)
			}
			p := checkStrictPolicy(t, tt.method+" "+tt.path, csps[0])
			switch tt.policy {
			case app:
				for d, want := range map[string]string{"default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
					"connect-src": "'self'", "form-action": "'self'"} {
					if !slices.Equal(p[d], []string{want}) {
						t.Errorf("app CSP %s is %v, want %s", d, p[d], want)
					}
				}
			case public:
				// No script at all, no forms, nothing but its own stylesheet and images.
				if !slices.Equal(p["default-src"], []string{"'none'"}) || p["script-src"] != nil || !slices.Equal(p["form-action"], []string{"'none'"}) ||
					!slices.Equal(p["style-src"], []string{"'self'"}) || p["connect-src"] != nil {
					t.Errorf("public page CSP %q is not the page's strict one", csps[0])
				}
			}
			for name, want := range map[string]string{
				"X-Content-Type-Options":     "nosniff",
				"X-Frame-Options":            "DENY",
				"Referrer-Policy":            "same-origin",
				"Cross-Origin-Opener-Policy": "same-origin",
			} {
				if got := h.Values(name); len(got) != 1 || got[0] != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			wantCORP := "same-origin"
			if tt.crossOrigin {
				wantCORP = "cross-origin"
			}
			if got := h.Get("Cross-Origin-Resource-Policy"); got != wantCORP {
				t.Errorf("Cross-Origin-Resource-Policy %q, want %q", got, wantCORP)
			}
			pp := h.Get("Permissions-Policy")
			for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()"} {
				if !strings.Contains(pp, feature) {
					t.Errorf("Permissions-Policy %q does not deny %s", pp, feature)
				}
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Errorf("HSTS %q sent over plain http without an https public URL", h.Get("Strict-Transport-Security"))
			}
			if h.Get("Access-Control-Allow-Credentials") != "" || (h.Get("Access-Control-Allow-Origin") != "" && !tt.crossOrigin) {
				t.Errorf("CORS headers on a private response: %v", h)
			}
		})
	}
}

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const unsafeMeta = `<meta name="factdesk-unsafe-markdown" content="1">`

// TestUnsafeMarkdownMarksOnlyTheApp: the test-only setting that turns the
// browser's Markdown sanitizer off is loud (a WARN at startup), marks the
// app's HTML on every client route with a <meta> (no inline script; the CSP
// is the same), and changes nothing else. Without it, nothing is marked.
func TestUnsafeMarkdownMarksOnlyTheApp(t *testing.T) {
	var logs lockedBuffer
	unsafe := newTestServer(t, withBuiltIndex, func(d *httpapi.Deps) {
		d.UnsafeMarkdown = true
		d.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	safe := newTestServer(t, withBuiltIndex)
	if out := logs.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "FACTDESK_TEST_UNSAFE_MARKDOWN") {
		t.Errorf("no startup warning about the unsafe setting in the log:\n%s", out)
	}

	safeCSP := safe.anonymous(t).do("GET", "/", nil, nil).Header.Get("Content-Security-Policy")
	for _, path := range []string{"/", "/login", "/index.html", "/w/demo", "/w/demo/articles/123"} {
		res := unsafe.anonymous(t).do("GET", path, nil, nil)
		body := string(res.Body)
		head, _, _ := strings.Cut(body, "</head>")
		if res.Status != 200 || strings.Count(body, unsafeMeta) != 1 || !strings.Contains(head, unsafeMeta) {
			t.Errorf("GET %s on the unsafe server: %d, the meta is not once in the head:\n%s", path, res.Status, body)
		}
		if strings.Count(body, "<script") != 1 || !strings.Contains(body, `<script type="module" crossorigin src="/assets/index-abc.js"></script>`) {
			t.Errorf("GET %s: the marking added or changed a script:\n%s", path, body)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != safeCSP {
			t.Errorf("GET %s: the unsafe server's CSP %q differs from the normal one %q", path, got, safeCSP)
		}
		if res := safe.anonymous(t).do("GET", path, nil, nil); res.Status != 200 || strings.Contains(string(res.Body), "factdesk-unsafe-markdown") {
			t.Errorf("GET %s on the normal server is marked unsafe: %d\n%s", path, res.Status, res.Body)
		}
	}
	if res := unsafe.anonymous(t).do("GET", "/assets/index-abc.js", nil, nil); string(res.Body) != "console.log(1)" {
		t.Errorf("an asset changed on the unsafe server: %q", res.Body)
	}
	if res := unsafe.anonymous(t).do("GET", "/healthz", nil, nil); strings.Contains(string(res.Body), "unsafe") {
		t.Errorf("healthz changed: %s", res.Body)
	}

	// An index.html without a </head> is marked right after its doctype.
	bare := newTestServer(t, func(d *httpapi.Deps) { d.UnsafeMarkdown = true })
	if res := bare.anonymous(t).do("GET", "/", nil, nil); string(res.Body) != "<!doctype html>"+unsafeMeta+"<title>Factdesk</title>" {
		t.Errorf("bare index marked as %q", res.Body)
	}
}
