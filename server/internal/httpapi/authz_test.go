package httpapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/httpapi"
	"github.com/factdesk/factdesk/server/internal/service"
)

// The authorization matrix: every route Echo has registered, asked by
// every kind of caller, about an object of the caller's own workspace and
// about one of another workspace. The table below says, for each route,
// the least access it needs and how to make a valid request; a route
// without an entry (or an entry without a route) fails the test, so that
// no route is ever added without deciding who may use it.

// minimum is the least access a route needs.
type minimum string

const (
	minPublic  minimum = "public"       // no session at all
	minSession minimum = "session only" // any logged-in user; not about a workspace
	minViewer  minimum = "viewer"
	minChecker minimum = "checker"
	minEditor  minimum = "editor"
	minAdmin   minimum = "admin"
)

// authzIdentity is one kind of caller: anonymous, or a user with a role in
// some workspaces.
type authzIdentity struct {
	name  string
	email string                    // "" for anonymous
	roles map[string]factcheck.Role // by workspace slug
}

var authzIdentities = []authzIdentity{
	{name: "anonymous"},
	{name: "outsider", email: "checker@other.test", roles: map[string]factcheck.Role{"other": factcheck.RoleChecker}},
	{name: "viewer", email: "viewer@desk.test", roles: map[string]factcheck.Role{"desk": factcheck.RoleViewer}},
	{name: "checker", email: "checker@desk.test", roles: map[string]factcheck.Role{"desk": factcheck.RoleChecker}},
	{name: "editor", email: "editor@desk.test", roles: map[string]factcheck.Role{"desk": factcheck.RoleEditor}},
	{name: "admin", email: "admin@desk.test", roles: map[string]factcheck.Role{"desk": factcheck.RoleAdmin}},
}

// authzWorkspaces are the two workspaces every workspace-scoped route is
// asked about: desk (where the desk's members are) and other (where only
// the outsider is).
var authzWorkspaces = []string{"desk", "other"}

// authzRequest is one valid request: what a caller with enough access
// sends for the route to succeed.
type authzRequest struct {
	path   string
	body   map[string]any // nil: no body
	header map[string]string
	// fresh asks for a client of its own (login and logout would end the
	// shared sessions).
	fresh bool
	// websocket is a handshake instead of a request.
	websocket bool
}

// authzRule is what the table knows about one route.
type authzRule struct {
	min minimum
	// scoped routes concern an object of one workspace, and are asked about
	// desk's and other's.
	scoped bool
	// build makes a valid request in the workspace of f, with fresh objects
	// when the request cannot be repeated. Fixtures are made by the
	// workspace's checker, so "checker" below means the author; rules that
	// depend on who wrote what are in TestAuthzAuthorRules.
	build func(t *testing.T, f *wsFixtures) authzRequest
	// refused are fields of this route's body, besides those nobody sets
	// anywhere (authzRefusedEverywhere), that must be refused.
	refused []string
}

func wsPath(f *wsFixtures, rest string) string { return "/api/workspaces/" + f.slug + rest }

func fixed(path string) func(*testing.T, *wsFixtures) authzRequest {
	return func(*testing.T, *wsFixtures) authzRequest { return authzRequest{path: path} }
}

// authzRules is keyed by "METHOD path" exactly as routes.go registers it.
var authzRules = map[string]authzRule{
	// Operations and the browser app.
	"GET /healthz":          {min: minPublic, build: fixed("/healthz")},
	"GET /readyz":           {min: minPublic, build: fixed("/readyz")},
	"GET /metrics":          {min: minPublic, build: fixed("/metrics")},
	"GET /api/openapi.json": {min: minPublic, build: fixed("/api/openapi.json")},
	"GET /*":                {min: minPublic, build: fixed("/w/desk/articles")},
	"HEAD /*":               {min: minPublic, build: fixed("/")},

	// Published fact-checks.
	"GET /fact-checks/page.css": {min: minPublic, build: fixed("/fact-checks/page.css")},
	"GET /fact-checks/:verdict": {min: minPublic, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/fact-checks/" + f.published}
	}},
	"GET /api/public/workspaces/:workspace/claim-reviews": {min: minPublic, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/public/workspaces/" + f.slug + "/claim-reviews"}
	}},

	// The session.
	"POST /api/session": {min: minPublic, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/session", body: map[string]any{"email": "viewer@desk.test", "password": testPassword}, fresh: true}
	}},
	"GET /api/session":    {min: minSession, build: fixed("/api/session")},
	"DELETE /api/session": {min: minSession, build: func(*testing.T, *wsFixtures) authzRequest { return authzRequest{path: "/api/session", fresh: true} }},
	"GET /api/live": {min: minSession, build: func(*testing.T, *wsFixtures) authzRequest {
		return authzRequest{path: "/api/live", websocket: true}
	}},

	// A workspace's lists and settings.
	"GET /api/workspaces/:workspace/articles": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/articles")}
	}},
	"POST /api/workspaces/:workspace/articles": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/articles"), body: map[string]any{"title": f.marker + " import", "text": "Emails were said to be missing."}}
	}, refused: []string{"version", "createdAt"}},
	"GET /api/workspaces/:workspace/events": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/events?after=0")}
	}},
	"GET /api/workspaces/:workspace/members": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/members")}
	}},
	"PUT /api/workspaces/:workspace/members/:user": {min: minAdmin, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/members/"+f.newMember(t)), body: map[string]any{"role": "checker"}}
	}, refused: []string{"userId", "email"}},
	"DELETE /api/workspaces/:workspace/members/:user": {min: minAdmin, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/members/"+f.newMember(t))}
	}},
	"GET /api/workspaces/:workspace/tags": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/tags")}
	}},
	"GET /api/workspaces/:workspace/search": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/search?q=emails")}
	}},
	"GET /api/workspaces/:workspace/claims": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/claims")}
	}},
	"POST /api/workspaces/:workspace/claims": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/claims"), body: map[string]any{"statement": "Emails are missing in " + f.marker, "claimant": "A senator"}}
	}, refused: []string{"assigneeId", "verdict"}},
	"GET /api/workspaces/:workspace/claims/similar": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/claims/similar?q="+urlQuery("30,000 emails are missing"))}
	}},
	"GET /api/workspaces/:workspace/settings": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/settings")}
	}},
	"PUT /api/workspaces/:workspace/settings": {min: minAdmin, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		var s struct {
			RatingScale []map[string]any
			Version     int
		}
		res := as(f.checker, t).do("GET", wsPath(f, "/settings"), nil, nil)
		if res.Status != 200 {
			t.Fatalf("read the settings: %d %s", res.Status, res.Body)
		}
		res.decode(&s)
		return authzRequest{path: wsPath(f, "/settings"), body: map[string]any{
			"organisation": map[string]any{"name": f.marker + " Checks", "url": "https://" + f.slug + ".example"},
			"ratingScale":  s.RatingScale, "version": s.Version}}
	}},
	"GET /api/workspaces/:workspace/verdicts": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/verdicts")}
	}},
	"GET /api/workspaces/:workspace/my-work": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/my-work")}
	}},
	"GET /api/workspaces/:workspace/notifications": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/notifications")}
	}},
	"POST /api/workspaces/:workspace/notifications/read": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/notifications/read"), body: map[string]any{}}
	}, refused: []string{"userId"}},
	"GET /api/workspaces/:workspace/dashboard": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: wsPath(f, "/dashboard?article="+f.article)}
	}},

	// Articles.
	"GET /api/articles/:article": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/articles/" + f.article}
	}},
	"POST /api/articles/:article/versions": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		id, _ := f.newArticle(t)
		return authzRequest{path: "/api/articles/" + id + "/versions", body: map[string]any{"text": articleText + "\n\nUpdated in " + f.marker + "."}}
	}},
	"GET /api/articles/:article/annotations": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/articles/" + f.article + "/annotations"}
	}},
	"POST /api/articles/:article/annotations": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/articles/" + f.article + "/annotations", body: f.annotationBody()}
	}, refused: []string{"resolved", "replies", "articleId"}},
	"GET /api/articles/:article/annotations/export": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/articles/" + f.article + "/annotations/export"}
	}},
	"GET /api/articles/:article/claims.csv": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/articles/" + f.article + "/claims.csv"}
	}},

	// Annotations and replies.
	"GET /api/annotations/:annotation": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/annotations/" + f.annotation}
	}},
	"PATCH /api/annotations/:annotation": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/annotations/" + f.newAnnotation(t), body: map[string]any{"version": 1, "body": "Edited in " + f.marker}}
	}, refused: []string{"resolvedBy", "updatedBy", "articleVersionId"}},
	"DELETE /api/annotations/:annotation": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/annotations/" + f.newAnnotation(t), header: map[string]string{"If-Match": `"1"`}}
	}},
	"GET /api/annotations/:annotation/export": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/annotations/" + f.annotation + "/export"}
	}},
	"POST /api/annotations/:annotation/replies": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/annotations/" + f.annotation + "/replies", body: map[string]any{"body": "A reply in " + f.marker}}
	}, refused: []string{"annotationId"}},
	"PATCH /api/replies/:reply": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/replies/" + f.newReply(t), body: map[string]any{"body": "Edited reply", "version": 1}}
	}, refused: []string{"annotationId"}},
	"DELETE /api/replies/:reply": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/replies/" + f.newReply(t), header: map[string]string{"If-Match": `"1"`}}
	}},

	// Claims and evidence.
	"GET /api/claims/:claim": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.claim}
	}},
	"PATCH /api/claims/:claim": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.newClaim(t), body: map[string]any{"version": 1, "claimant": "The senator of " + f.marker}}
	}, refused: []string{"assigneeId", "assignee"}},
	"POST /api/claims/:claim/evidence": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.claim + "/evidence", body: map[string]any{"url": "https://news.example/" + f.slug, "stance": "context"}}
	}, refused: []string{"claimId"}},
	"PATCH /api/evidence/:evidence": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/evidence/" + f.newEvidence(t, f.claim), body: map[string]any{"version": 1, "stance": "context"}}
	}, refused: []string{"claimId"}},
	"DELETE /api/evidence/:evidence": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/evidence/" + f.newEvidence(t, f.claim), header: map[string]string{"If-Match": `"1"`}}
	}},
	"POST /api/claims/:claim/verdict": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.newClaim(t) + "/verdict", body: map[string]any{"rating": "False"}}
	}, refused: []string{"state", "reviewer", "approvedAt"}},
	"PUT /api/claims/:claim/assignee": {min: minEditor, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.newClaim(t) + "/assignee", body: map[string]any{"assigneeId": f.checkerID, "version": 1}}
	}},
	"GET /api/claims/:claim/history": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/claims/" + f.claim + "/history"}
	}},

	// Verdicts. The matrix asks for the transition that needs the most
	// (approving, by someone other than the author); TestAuthzVerdictRules
	// covers each action and the four-eyes rule.
	"GET /api/verdicts/:verdict": {min: minViewer, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		return authzRequest{path: "/api/verdicts/" + f.verdict}
	}},
	"PATCH /api/verdicts/:verdict": {min: minChecker, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		id, v := f.newVerdict(t, f.checker, factcheck.VerdictDraft)
		return authzRequest{path: "/api/verdicts/" + id, body: map[string]any{"version": v, "rationale": "Edited in " + f.marker}}
	}, refused: []string{"state", "reviewer", "publications", "claimId"}},
	"POST /api/verdicts/:verdict/transitions": {min: minEditor, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		id, v := f.newVerdict(t, f.checker, factcheck.VerdictInReview)
		return authzRequest{path: "/api/verdicts/" + id + "/transitions", body: map[string]any{"action": "approve", "version": v}}
	}, refused: []string{"state", "reviewer"}},
	"POST /api/verdicts/:verdict/corrections": {min: minEditor, scoped: true, build: func(t *testing.T, f *wsFixtures) authzRequest {
		id, v := f.newVerdict(t, f.checker, factcheck.VerdictPublished)
		return authzRequest{path: "/api/verdicts/" + id + "/corrections", body: map[string]any{"version": v, "rating": "Mostly false",
			"note": "Twelve of the emails were found."}}
	}, refused: []string{"state", "publishedAt", "publications"}},
}

// authzRefusedEverywhere are fields that no request body may carry: who
// made something and where it lives are the server's to say.
var authzRefusedEverywhere = []string{"author", "createdBy", "workspace", "workspaceId"}

// want is the status a case expects; 200 stands for any 2xx.
func (r authzRule) want(id authzIdentity, ws string) int {
	switch r.min {
	case minPublic:
		return 200
	case minSession:
		if id.email == "" {
			return 401
		}
		return 200
	}
	if id.email == "" {
		return 401
	}
	role, ok := id.roles[ws]
	if !ok {
		return 404 // another workspace's object: as if it did not exist
	}
	if !role.AtLeast(factcheck.Role(r.min)) {
		return 403
	}
	return 200
}

func (r authzRule) workspaces() []string {
	if r.scoped {
		return authzWorkspaces
	}
	return []string{"desk"} // one column: the route names no workspace
}

// leastAllowed is an identity with just the access the route needs in
// desk.
func (r authzRule) leastAllowed() authzIdentity {
	for _, id := range authzIdentities {
		if r.want(id, "desk") == 200 {
			return id
		}
	}
	panic("no identity may use a route needing " + string(r.min))
}

// registeredRoutes are the routes Echo has, as "METHOD path".
func registeredRoutes(t *testing.T) map[string]bool {
	t.Helper()
	e, err := httpapi.New(httpapi.Deps{
		Frontend: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}},
		Registry: prometheus.NewRegistry(), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range e.Routes() {
		out[r.Method+" "+r.Path] = true
	}
	return out
}

func splitRoute(key string) (method, pattern string) {
	method, pattern, _ = strings.Cut(key, " ")
	return method, pattern
}

// as is c answering to t, for use inside a subtest.
func as(c *client, t testing.TB) *client {
	cc := *c
	cc.t = t
	return &cc
}

// jsonBody is the body for client.do: no body is an untyped nil.
func (r authzRequest) jsonBody() any {
	if r.body == nil {
		return nil
	}
	return r.body
}

// --- fixtures ---

// wsFixtures are one workspace's objects, made through the API by its
// checker (and reviewed by its editor), with a marker word no other
// workspace uses.
type wsFixtures struct {
	ts        *testServer
	slug      string
	marker    string
	checker   *client
	editor    *client
	admin     *client // nil in other, which has no admin
	checkerID string
	n         int

	article, version, annotation, reply, claim, evidence string
	verdict, published                                   string // a draft, and a published verdict
}

func (f *wsFixtures) next() int { f.n++; return f.n }

func created(t testing.TB, res response, what string) string {
	t.Helper()
	if res.Status != http.StatusCreated {
		t.Fatalf("create %s: %d %s", what, res.Status, res.Body)
	}
	var v struct{ ID string }
	res.decode(&v)
	return v.ID
}

func (f *wsFixtures) newArticle(t testing.TB) (id, version string) {
	t.Helper()
	res := as(f.checker, t).do("POST", "/api/workspaces/"+f.slug+"/articles", map[string]any{
		"title": fmt.Sprintf("Emails of %s %d", f.marker, f.next()), "text": articleText + "\n\nAs reported in " + f.marker + "."}, nil)
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

func (f *wsFixtures) annotationBody() map[string]any {
	return map[string]any{"articleVersionId": f.version, "selectors": selectorsFor("30,000 emails"), "body": "Note on " + f.marker,
		"tags": []string{strings.ToLower(f.marker) + "-tag"}}
}

func (f *wsFixtures) newAnnotation(t testing.TB) string {
	t.Helper()
	return created(t, as(f.checker, t).do("POST", "/api/articles/"+f.article+"/annotations", f.annotationBody(), nil), "annotation")
}

func (f *wsFixtures) newReply(t testing.TB) string {
	t.Helper()
	return created(t, as(f.checker, t).do("POST", "/api/annotations/"+f.annotation+"/replies", map[string]any{"body": "Reply in " + f.marker}, nil), "reply")
}

func (f *wsFixtures) newClaim(t testing.TB) string {
	t.Helper()
	return created(t, as(f.checker, t).do("POST", "/api/workspaces/"+f.slug+"/claims", map[string]any{
		"statement": fmt.Sprintf("30,000 emails are missing in %s (%d)", f.marker, f.next()), "claimant": "The senator of " + f.marker}, nil), "claim")
}

func (f *wsFixtures) newEvidence(t testing.TB, claimID string) string {
	t.Helper()
	return created(t, as(f.checker, t).do("POST", "/api/claims/"+claimID+"/evidence", map[string]any{
		"url": "https://archive.example/" + f.slug, "title": f.marker + " archive report", "stance": "refutes"}, nil), "evidence")
}

// newVerdict makes a claim with evidence and a verdict by author, and
// takes it to state (reviewed by the editor, or by the admin when the
// editor wrote it); it returns the verdict's id and version.
func (f *wsFixtures) newVerdict(t testing.TB, author *client, state factcheck.VerdictState) (string, int) {
	t.Helper()
	reviewer := f.editor
	if author == f.editor {
		reviewer = f.admin
	}
	claimID := created(t, as(author, t).do("POST", "/api/workspaces/"+f.slug+"/claims", map[string]any{
		"statement": fmt.Sprintf("Verdict claim of %s (%d)", f.marker, f.next())}, nil), "claim")
	ev := created(t, as(author, t).do("POST", "/api/claims/"+claimID+"/evidence", map[string]any{
		"url": "https://archive.example/" + f.slug, "title": f.marker + " archive report", "stance": "refutes"}, nil), "evidence")
	res := as(author, t).do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "False",
		"rationale": "The " + f.marker + " archive holds all of them.", "evidenceIds": []string{ev}}, nil)
	var v verdictView
	res.decode(&v)
	if res.Status != http.StatusCreated {
		t.Fatalf("draft verdict: %d %s", res.Status, res.Body)
	}
	steps := map[factcheck.VerdictState][]struct {
		c      *client
		action string
	}{
		factcheck.VerdictDraft:     nil,
		factcheck.VerdictInReview:  {{author, "submit"}},
		factcheck.VerdictApproved:  {{author, "submit"}, {reviewer, "approve"}},
		factcheck.VerdictPublished: {{author, "submit"}, {reviewer, "approve"}, {reviewer, "publish"}},
	}[state]
	for _, s := range steps {
		res, v = act(as(s.c, t), v.ID, s.action, v.Version, "")
		if res.Status != http.StatusOK {
			t.Fatalf("%s the verdict: %d %s", s.action, res.Status, res.Body)
		}
	}
	return v.ID, v.Version
}

// newMember adds a viewer to the workspace (there is no API for that; the
// command line does it) and returns their user id.
func (f *wsFixtures) newMember(t testing.TB) string {
	t.Helper()
	n := f.next()
	res, err := f.ts.Svc.AddUser(context.Background(), service.AddUserInput{Email: fmt.Sprintf("extra%d@%s.test", n, f.slug),
		Name: fmt.Sprintf("extra %d of %s", n, f.slug), Password: testPassword, Workspace: f.slug, Role: "viewer"})
	if err != nil {
		t.Fatal(err)
	}
	return res.User.ID
}

func userID(t testing.TB, c *client) string {
	t.Helper()
	var s struct{ User struct{ ID string } }
	as(c, t).do("GET", "/api/session", nil, nil).decode(&s)
	return s.User.ID
}

// authzWorld is the test server with both workspaces' fixtures and a
// logged-in client per identity.
type authzWorld struct {
	ts      *testServer
	clients map[string]*client
	ws      map[string]*wsFixtures
}

func newAuthzWorld(t *testing.T) *authzWorld {
	t.Helper()
	ts := newTestServer(t)
	// other needs an editor to publish its own verdicts; it is no identity
	// of the matrix, only a maker of fixtures.
	if _, err := ts.Svc.AddUser(context.Background(), service.AddUserInput{Email: "editor@other.test", Name: "editor of other",
		Password: testPassword, Workspace: "other", Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	w := &authzWorld{ts: ts, clients: map[string]*client{}, ws: map[string]*wsFixtures{}}
	for _, id := range authzIdentities {
		if id.email != "" {
			w.clients[id.name] = ts.login(t, id.email)
		}
	}
	for slug, marker := range map[string]string{"desk": "Quokkaville", "other": "Wombatton"} {
		f := &wsFixtures{ts: ts, slug: slug, marker: marker, checker: ts.login(t, "checker@"+slug+".test"), editor: ts.login(t, "editor@"+slug+".test")}
		if slug == "desk" {
			f.admin = ts.login(t, "admin@desk.test")
		}
		f.checkerID = userID(t, f.checker)
		f.article, f.version = f.newArticle(t)
		f.annotation = f.newAnnotation(t)
		f.reply = f.newReply(t)
		f.claim = f.newClaim(t)
		f.evidence = f.newEvidence(t, f.claim)
		f.verdict, _ = f.newVerdict(t, f.checker, factcheck.VerdictDraft)
		f.published, _ = f.newVerdict(t, f.checker, factcheck.VerdictPublished)
		w.ws[slug] = f
	}
	return w
}

// client is id's client for one case: a new one when the request would
// end a shared session.
func (w *authzWorld) client(t *testing.T, id authzIdentity, fresh bool) *client {
	t.Helper()
	switch {
	case id.email == "":
		return w.ts.anonymous(t)
	case fresh:
		return w.ts.login(t, id.email)
	}
	return as(w.clients[id.name], t)
}

// nowhere is pattern's path with every parameter naming something that
// does not exist.
func nowhere(pattern, path string) string {
	path, query, _ := strings.Cut(path, "?")
	ps, segs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		switch {
		case p == ":workspace":
			segs[i] = "nowhere"
		case strings.HasPrefix(p, ":"):
			segs[i] = "00000000-0000-4000-8000-000000000000"
		}
	}
	if query != "" {
		return strings.Join(segs, "/") + "?" + query
	}
	return strings.Join(segs, "/")
}

var codeOfStatus = map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}

// check runs one case of the matrix: req, as id, about an object of ws.
func (w *authzWorld) check(t *testing.T, key string, req authzRequest, id authzIdentity, ws string, want int) {
	method, pattern := splitRoute(key)
	c := w.client(t, id, req.fresh)
	if req.websocket {
		_, res, err := c.dial("")
		switch {
		case want == 200 && err != nil:
			t.Fatalf("%s as %s: handshake failed: %v", key, id.name, err)
		case want != 200 && (err == nil || res == nil || res.StatusCode != want):
			t.Fatalf("%s as %s: handshake %v %v, want %d", key, id.name, err, res, want)
		}
		return
	}
	res := c.do(method, req.path, req.jsonBody(), req.header)
	if want == 200 {
		if res.Status/100 != 2 {
			t.Fatalf("%s %s as %s (%s's object): %d %s, want 2xx", method, req.path, id.name, ws, res.Status, res.Body)
		}
		return
	}
	if res.Status != want || res.errorCode() != codeOfStatus[want] {
		t.Fatalf("%s %s as %s (%s's object): %d %s, want %d %s", method, req.path, id.name, ws, res.Status, res.Body, want, codeOfStatus[want])
	}
	if want == 404 {
		// Existence does not leak: another workspace's object is answered
		// exactly as one that does not exist.
		twin := c.do(method, nowhere(pattern, req.path), req.jsonBody(), req.header)
		if twin.Status != res.Status || string(twin.Body) != string(res.Body) {
			t.Fatalf("%s %s as %s: another workspace's object answers %d %s, a missing one %d %s", method, req.path, id.name,
				res.Status, res.Body, twin.Status, twin.Body)
		}
	}
}

func TestAuthzMatrix(t *testing.T) {
	registered := registeredRoutes(t)
	for _, key := range slices.Sorted(maps.Keys(registered)) {
		if _, ok := authzRules[key]; !ok {
			t.Errorf("new route without an authorization entry: %s (add it to authzRules in authz_test.go)", key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(authzRules)) {
		if !registered[key] {
			t.Errorf("authorization entry without a route: %s", key)
		}
	}
	w := newAuthzWorld(t)
	cases, routes := 0, 0
	for _, key := range slices.Sorted(maps.Keys(authzRules)) {
		rule := authzRules[key]
		if !registered[key] {
			continue
		}
		routes++
		t.Run(key, func(t *testing.T) {
			for _, ws := range rule.workspaces() {
				// Refused requests change nothing, so they may share one
				// object; each allowed one gets a fresh object.
				var refused *authzRequest
				for _, id := range authzIdentities {
					cases++
					want := rule.want(id, ws)
					t.Run(ws+"/"+id.name, func(t *testing.T) {
						if want == 200 {
							w.check(t, key, rule.build(t, w.ws[ws]), id, ws, want)
							return
						}
						if refused == nil {
							req := rule.build(t, w.ws[ws])
							refused = &req
						}
						w.check(t, key, *refused, id, ws, want)
					})
				}
			}
		})
	}
	t.Logf("authorization matrix: %d routes, %d cases", routes, cases)
}

// TestAuthzRefusesFieldsNobodySets sends every JSON body of the table with
// a field its route does not take (who made it, which workspace, its
// state, ...), as a caller allowed to use the route: the request is
// refused with 400 naming the field, and nothing changes.
func TestAuthzRefusesFieldsNobodySets(t *testing.T) {
	w := newAuthzWorld(t)
	values := map[string]any{"author": w.ws["other"].checkerID, "createdBy": w.ws["other"].checkerID, "workspace": "other",
		"workspaceId": "00000000-0000-4000-8000-000000000000", "state": "approved", "reviewer": w.ws["desk"].checkerID}
	routes := 0
	for _, key := range slices.Sorted(maps.Keys(authzRules)) {
		rule := authzRules[key]
		method, _ := splitRoute(key)
		if method != "POST" && method != "PUT" && method != "PATCH" {
			continue
		}
		routes++
		t.Run(key, func(t *testing.T) {
			// One valid request for all the fields: a refused one changes
			// nothing (which is checked).
			valid := rule.build(t, w.ws["desk"])
			if valid.body == nil {
				t.Fatalf("%s changes state without a JSON body; say how to refuse its fields", key)
			}
			for _, field := range append(slices.Clone(authzRefusedEverywhere), rule.refused...) {
				t.Run(field, func(t *testing.T) {
					if _, ok := valid.body[field]; ok {
						t.Fatalf("%s takes %s: it cannot be in its refused list", key, field)
					}
					v, ok := values[field]
					if !ok {
						v = "x"
					}
					body := maps.Clone(valid.body)
					body[field] = v
					id := rule.leastAllowed()
					c := w.client(t, id, valid.fresh)
					before := latestSeq(t, w.ts)
					res := c.do(method, valid.path, body, valid.header)
					if res.Status != 400 || res.errorCode() != "bad_request" || res.errorField() != field {
						t.Fatalf("%s with %q as %s: %d %s, want 400 naming %s", key, field, id.name, res.Status, res.Body, field)
					}
					if after := latestSeq(t, w.ts); after != before {
						t.Fatalf("%s with %q: refused, but events %d..%d were written", key, field, before+1, after)
					}
				})
			}
		})
	}
	if routes < 19 {
		t.Fatalf("only %d routes take a JSON body; the table lost some", routes)
	}
}

func latestSeq(t testing.TB, ts *testServer) int64 {
	t.Helper()
	// Events are numbered after commit, by the sequencer; number every
	// committed one now so that the count is exact.
	if _, err := ts.Store.SequenceEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	seq, err := ts.Store.LatestSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// TestAuthzNeedsCSRF sends every state-changing request of the table that
// needs a session without the CSRF token, and with a forged one, as a
// caller allowed to make it: refused, and nothing changes.
func TestAuthzNeedsCSRF(t *testing.T) {
	w := newAuthzWorld(t)
	for _, key := range slices.Sorted(maps.Keys(authzRules)) {
		rule := authzRules[key]
		method, _ := splitRoute(key)
		if method == "GET" || method == "HEAD" || rule.min == minPublic {
			continue
		}
		t.Run(key, func(t *testing.T) {
			req := rule.build(t, w.ws["desk"])
			c := w.client(t, rule.leastAllowed(), req.fresh)
			for _, token := range []string{"", "forged"} {
				h := maps.Clone(req.header)
				if h == nil {
					h = map[string]string{}
				}
				h["X-CSRF-Token"] = token
				before := latestSeq(t, w.ts)
				if res := c.do(method, req.path, req.jsonBody(), h); res.Status != 403 || res.errorCode() != "forbidden" {
					t.Fatalf("token %q: %d %s, want 403", token, res.Status, res.Body)
				}
				if after := latestSeq(t, w.ts); after != before {
					t.Fatalf("token %q: refused, but events were written", token)
				}
			}
			// And with the token it is allowed (the client adds it).
			if res := c.do(method, req.path, req.jsonBody(), req.header); res.Status/100 != 2 {
				t.Fatalf("with the token: %d %s", res.Status, res.Body)
			}
		})
	}
}

// TestAuthzVerdictRules covers who may move a verdict, beyond the least
// role of each route: viewers never draft, checkers never review, and no
// one approves their own verdict.
func TestAuthzVerdictRules(t *testing.T) {
	w := newAuthzWorld(t)
	f := w.ws["desk"]
	viewer, checker, editor, admin := w.clients["viewer"], w.clients["checker"], w.clients["editor"], w.clients["admin"]
	byChecker := func(state factcheck.VerdictState) func(t *testing.T) (string, int) {
		return func(t *testing.T) (string, int) { return f.newVerdict(t, f.checker, state) }
	}
	byEditor := func(state factcheck.VerdictState) func(t *testing.T) (string, int) {
		return func(t *testing.T) (string, int) { return f.newVerdict(t, f.editor, state) }
	}
	for _, tt := range []struct {
		name    string
		c       *client
		verdict func(t *testing.T) (string, int)
		action  string
		want    int
	}{
		{"viewer submits", viewer, byChecker(factcheck.VerdictDraft), "submit", 403},
		{"author submits", checker, byChecker(factcheck.VerdictDraft), "submit", 200},
		{"checker approves", checker, byEditor(factcheck.VerdictInReview), "approve", 403},
		{"author approves their own (editor)", editor, byEditor(factcheck.VerdictInReview), "approve", 403},
		{"another editor approves", admin, byEditor(factcheck.VerdictInReview), "approve", 200},
		{"editor approves a checker's", editor, byChecker(factcheck.VerdictInReview), "approve", 200},
		{"viewer approves", viewer, byChecker(factcheck.VerdictInReview), "approve", 403},
		{"checker sends back", checker, byEditor(factcheck.VerdictInReview), "send_back", 403},
		{"editor sends back", editor, byChecker(factcheck.VerdictInReview), "send_back", 200},
		{"checker publishes", checker, byEditor(factcheck.VerdictApproved), "publish", 403},
		{"viewer publishes", viewer, byChecker(factcheck.VerdictApproved), "publish", 403},
		{"editor publishes", editor, byChecker(factcheck.VerdictApproved), "publish", 200},
		{"author withdraws", checker, byChecker(factcheck.VerdictInReview), "withdraw", 200},
		{"checker withdraws another's", checker, byEditor(factcheck.VerdictInReview), "withdraw", 403},
		{"editor withdraws another's", editor, byChecker(factcheck.VerdictInReview), "withdraw", 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, v := tt.verdict(t)
			res, _ := act(as(tt.c, t), id, tt.action, v, "Say which archive.")
			if res.Status != tt.want {
				t.Fatalf("%s: %d %s, want %d", tt.action, res.Status, res.Body, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name   string
		c      *client
		method string
		path   func(t *testing.T) (string, map[string]any)
		want   int
	}{
		{"viewer drafts", viewer, "POST", func(t *testing.T) (string, map[string]any) {
			return "/api/claims/" + f.newClaim(t) + "/verdict", map[string]any{"rating": "False"}
		}, 403},
		{"checker drafts", checker, "POST", func(t *testing.T) (string, map[string]any) {
			return "/api/claims/" + f.newClaim(t) + "/verdict", map[string]any{"rating": "False"}
		}, 201},
		{"viewer edits", viewer, "PATCH", func(t *testing.T) (string, map[string]any) {
			id, v := byChecker(factcheck.VerdictDraft)(t)
			return "/api/verdicts/" + id, map[string]any{"version": v, "rationale": "x"}
		}, 403},
		{"checker edits an editor's draft", checker, "PATCH", func(t *testing.T) (string, map[string]any) {
			id, v := byEditor(factcheck.VerdictDraft)(t)
			return "/api/verdicts/" + id, map[string]any{"version": v, "rationale": "x"}
		}, 403},
		{"editor edits a checker's draft", editor, "PATCH", func(t *testing.T) (string, map[string]any) {
			id, v := byChecker(factcheck.VerdictDraft)(t)
			return "/api/verdicts/" + id, map[string]any{"version": v, "rationale": "x"}
		}, 200},
		{"checker corrects", checker, "POST", func(t *testing.T) (string, map[string]any) {
			id, v := byChecker(factcheck.VerdictPublished)(t)
			return "/api/verdicts/" + id + "/corrections", map[string]any{"version": v, "note": "x"}
		}, 403},
		{"checker assigns", checker, "PUT", func(t *testing.T) (string, map[string]any) {
			return "/api/claims/" + f.newClaim(t) + "/assignee", map[string]any{"assigneeId": f.checkerID, "version": 1}
		}, 403},
		{"a verdict's state is not a field", checker, "PATCH", func(t *testing.T) (string, map[string]any) {
			id, v := byChecker(factcheck.VerdictDraft)(t)
			return "/api/verdicts/" + id, map[string]any{"version": v, "state": "approved"}
		}, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, body := tt.path(t)
			if res := as(tt.c, t).do(tt.method, path, body, nil); res.Status != tt.want {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, path, res.Status, res.Body, tt.want)
			}
		})
	}
}

// TestAuthzAuthorRules covers what depends on who wrote something: a
// checker changes their own notes and replies, editors moderate anyone's.
func TestAuthzAuthorRules(t *testing.T) {
	w := newAuthzWorld(t)
	f := w.ws["desk"]
	checker, editor := w.clients["checker"], w.clients["editor"]
	annotationBy := func(c *client) func(t *testing.T) string {
		return func(t *testing.T) string {
			return created(t, as(c, t).do("POST", "/api/articles/"+f.article+"/annotations", f.annotationBody(), nil), "annotation")
		}
	}
	replyBy := func(c *client) func(t *testing.T) string {
		return func(t *testing.T) string {
			return created(t, as(c, t).do("POST", "/api/annotations/"+f.annotation+"/replies", map[string]any{"body": "A reply"}, nil), "reply")
		}
	}
	for _, tt := range []struct {
		name   string
		c      *client
		method string
		object func(t *testing.T) string
		prefix string
		body   map[string]any
		header map[string]string
		want   int
	}{
		{"checker edits an editor's note", checker, "PATCH", annotationBy(editor), "/api/annotations/", map[string]any{"version": 1, "body": "x"}, nil, 403},
		{"checker retags an editor's note", checker, "PATCH", annotationBy(editor), "/api/annotations/", map[string]any{"version": 1, "tags": []string{"x"}}, nil, 403},
		{"checker resolves an editor's thread", checker, "PATCH", annotationBy(editor), "/api/annotations/", map[string]any{"version": 1, "resolved": true}, nil, 200},
		{"checker deletes an editor's note", checker, "DELETE", annotationBy(editor), "/api/annotations/", nil, map[string]string{"If-Match": `"1"`}, 403},
		{"editor deletes a checker's note", editor, "DELETE", annotationBy(checker), "/api/annotations/", nil, map[string]string{"If-Match": `"1"`}, 204},
		{"checker edits an editor's reply", checker, "PATCH", replyBy(editor), "/api/replies/", map[string]any{"version": 1, "body": "x"}, nil, 403},
		{"checker deletes an editor's reply", checker, "DELETE", replyBy(editor), "/api/replies/", nil, map[string]string{"If-Match": `"1"`}, 403},
		{"editor edits a checker's reply", editor, "PATCH", replyBy(checker), "/api/replies/", map[string]any{"version": 1, "body": "x"}, nil, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.prefix + tt.object(t)
			var body any
			if tt.body != nil {
				body = tt.body
			}
			if res := as(tt.c, t).do(tt.method, path, body, tt.header); res.Status != tt.want {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, path, res.Status, res.Body, tt.want)
			}
		})
	}
	t.Run("checker makes a claim of an editor's highlight", func(t *testing.T) {
		a := annotationBy(editor)(t)
		res := as(checker, t).do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "x", "annotationId": a}, nil)
		if res.Status != 403 {
			t.Fatalf("%d %s, want 403", res.Status, res.Body)
		}
	})
}

// --- leaks ---

// deskSecrets are strings of desk that nothing the outsider reads may
// contain: its objects' and members' ids, its marker word, its members'
// names and addresses.
func deskSecrets(t *testing.T, w *authzWorld) []string {
	t.Helper()
	f := w.ws["desk"]
	out := []string{f.article, f.version, f.annotation, f.reply, f.claim, f.evidence, f.verdict, f.published, f.marker,
		strings.ToLower(f.marker), "of desk", "desk.test", `"desk"`, "/desk/"}
	for _, name := range []string{"viewer", "checker", "editor", "admin"} {
		out = append(out, userID(t, w.clients[name]))
	}
	return out
}

func leaked(body []byte, secrets []string) string {
	for _, s := range secrets {
		if strings.Contains(string(body), s) {
			return s
		}
	}
	return ""
}

// deskActivity has desk's members do a bit of everything, so that there is
// something of desk in every list: notifications, assignments, verdicts in
// each state, a publication, a settings change.
func deskActivity(t *testing.T, w *authzWorld) {
	t.Helper()
	f := w.ws["desk"]
	editor, admin := as(w.clients["editor"], t), as(w.clients["admin"], t)
	if res := editor.do("PUT", "/api/claims/"+f.claim+"/assignee", map[string]any{"assigneeId": f.checkerID, "version": 1}, nil); res.Status != 200 {
		t.Fatalf("assign: %d %s", res.Status, res.Body)
	}
	id, v := f.newVerdict(t, f.checker, factcheck.VerdictInReview)
	if res, _ := act(editor, id, "send_back", v, "Say which "+f.marker+" archive."); res.Status != 200 {
		t.Fatalf("send back: %d %s", res.Status, res.Body)
	}
	f.newVerdict(t, f.checker, factcheck.VerdictPublished)
	f.newVerdict(t, f.editor, factcheck.VerdictApproved)
	req := authzRules["PUT /api/workspaces/:workspace/settings"].build(t, f)
	if res := admin.do("PUT", req.path, req.body, nil); res.Status != 200 {
		t.Fatalf("settings: %d %s", res.Status, res.Body)
	}
	mustAnnotate(t, as(f.checker, t), f.article, f.version, "Others disagreed", map[string]any{"claimId": f.claim, "body": f.marker + " note"})
}

func TestLeakAcrossWorkspaces(t *testing.T) {
	w := newAuthzWorld(t)
	deskActivity(t, w)
	d, o := w.ws["desk"], w.ws["other"]
	secrets := deskSecrets(t, w)
	deskChecker := userID(t, w.clients["checker"])
	outsider := w.clients["outsider"]
	anonymous := w.ts.anonymous(t)

	// other's article quotes one of its claims, as desk's does, and the
	// outsider is assigned a claim, as desk's checker is.
	mustAnnotate(t, as(o.checker, t), o.article, o.version, "Others disagreed", map[string]any{"claimId": o.claim, "body": o.marker + " note"})
	if res := as(o.editor, t).do("PUT", "/api/claims/"+o.newClaim(t)+"/assignee", map[string]any{"assigneeId": o.checkerID, "version": 1}, nil); res.Status != 200 {
		t.Fatalf("assign in other: %d %s", res.Status, res.Body)
	}
	latestSeq(t, w.ts) // every event numbered, so that histories and event lists show them all

	// Everything the outsider reads of their own workspace, with filters
	// and queries pointing at desk.
	for _, tt := range []struct {
		c      *client
		path   string
		own    bool   // must show something of other, so that the check is not empty
		ignore string // the request's own words, echoed back
	}{
		{outsider, "/api/session", true, ""},
		{outsider, "/api/workspaces/other/articles", true, ""},
		{outsider, "/api/workspaces/other/claims", true, ""},
		{outsider, "/api/workspaces/other/claims/similar?q=" + urlQuery("30,000 emails are missing in "+d.marker), true, ""},
		{outsider, "/api/workspaces/other/verdicts", true, ""},
		{outsider, "/api/workspaces/other/verdicts?author=" + deskChecker, false, ""},
		{outsider, "/api/workspaces/other/verdicts?author=me", true, ""},
		{outsider, "/api/workspaces/other/my-work", true, ""},
		{outsider, "/api/workspaces/other/notifications", true, ""},
		{outsider, "/api/workspaces/other/members", true, ""},
		{outsider, "/api/workspaces/other/tags", true, ""},
		{outsider, "/api/workspaces/other/tags?prefix=" + strings.ToLower(d.marker), false, ""},
		{outsider, "/api/workspaces/other/events?after=0&limit=500", true, ""},
		{outsider, "/api/workspaces/other/search?q=" + d.marker, false, `"query":"` + d.marker + `"`},
		{outsider, "/api/workspaces/other/search?q=emails", true, ""},
		{outsider, "/api/workspaces/other/search?q=emails&claim=" + d.claim, false, ""},
		{outsider, "/api/workspaces/other/search?q=emails&article=" + d.article, false, ""},
		{outsider, "/api/workspaces/other/search?q=emails&author=" + deskChecker, false, ""},
		{outsider, "/api/workspaces/other/dashboard", false, ""},
		{outsider, "/api/workspaces/other/settings", false, ""},
		{outsider, "/api/articles/" + o.article, true, ""},
		{outsider, "/api/articles/" + o.article + "/annotations", true, ""},
		{outsider, "/api/articles/" + o.article + "/annotations/export", true, ""},
		{outsider, "/api/articles/" + o.article + "/claims.csv", true, ""},
		{outsider, "/api/annotations/" + o.annotation + "/export", true, ""},
		{outsider, "/api/claims/" + o.claim, true, ""},
		{outsider, "/api/claims/" + o.claim + "/history", true, ""},
		{outsider, "/api/verdicts/" + o.published, true, ""},
		{anonymous, "/api/public/workspaces/other/claim-reviews", true, ""},
		{anonymous, "/fact-checks/" + o.published, true, ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			res := as(tt.c, t).do("GET", tt.path, nil, nil)
			if res.Status != 200 {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
			body := []byte(strings.ReplaceAll(string(res.Body), tt.ignore, ""))
			if tt.ignore == "" {
				body = res.Body
			}
			if s := leaked(body, secrets); s != "" {
				t.Fatalf("shows desk's %q: %s", s, res.Body)
			}
			if low := strings.ToLower(string(res.Body)); tt.own && !strings.Contains(low, strings.ToLower(o.marker)) && !strings.Contains(low, "of other") {
				t.Fatalf("shows nothing of other, so proves nothing: %s", res.Body)
			}
		})
	}

	// desk's ids in a request about other are answered as ids that do not
	// exist: the same status and the same words.
	const missing = "00000000-0000-4000-8000-000000000000"
	otherEditor := w.ws["other"].editor
	for _, tt := range []struct {
		name   string
		c      *client
		method string
		path   string
		body   func(id string) map[string]any
		id     string // desk's, replaced by missing for the twin
		want   int
	}{
		{"highlight pointing to desk's claim", outsider, "POST", "/api/articles/" + o.article + "/annotations", func(id string) map[string]any {
			b := o.annotationBody()
			b["claimId"] = id
			return b
		}, d.claim, 422},
		{"highlight of desk's article version", outsider, "POST", "/api/articles/" + o.article + "/annotations", func(id string) map[string]any {
			b := o.annotationBody()
			b["articleVersionId"] = id
			return b
		}, d.version, 422},
		{"note linked to desk's claim", outsider, "PATCH", "/api/annotations/" + o.annotation, func(id string) map[string]any {
			return map[string]any{"version": 1, "claimId": id}
		}, d.claim, 422},
		{"claim from desk's highlight", outsider, "POST", "/api/workspaces/other/claims", func(id string) map[string]any {
			return map[string]any{"statement": "Emails", "annotationId": id}
		}, d.annotation, 422},
		{"verdict relying on desk's evidence", outsider, "POST", "/api/claims/" + o.newClaim(t) + "/verdict", func(id string) map[string]any {
			return map[string]any{"evidenceIds": []string{id}}
		}, d.evidence, 422},
		{"claim assigned to desk's checker", otherEditor, "PUT", "/api/claims/" + o.claim + "/assignee", func(id string) map[string]any {
			return map[string]any{"assigneeId": id, "version": 1}
		}, deskChecker, 422},
		{"dashboard of desk's article", outsider, "GET", "/api/workspaces/other/dashboard?article=" + d.article, nil, d.article, 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			send := func(id string) response {
				var body any
				if tt.body != nil {
					body = tt.body(id)
				}
				return as(tt.c, t).do(tt.method, strings.ReplaceAll(tt.path, tt.id, id), body, nil)
			}
			res, twin := send(tt.id), send(missing)
			if res.Status != tt.want {
				t.Fatalf("%d %s, want %d", res.Status, res.Body, tt.want)
			}
			if twin.Status != res.Status || string(twin.Body) != string(res.Body) {
				t.Fatalf("desk's id answers %d %s, a missing one %d %s", res.Status, res.Body, twin.Status, twin.Body)
			}
		})
	}
}

// subscribe asks for a room and returns the answer to it: "subscribed", or
// the error's code. Events and presence that come first are returned too.
func (l *liveConn) subscribe(room string) (answer string, before []liveMsg) {
	l.t.Helper()
	l.send(map[string]any{"type": "subscribe", "room": room, "after": 0})
	for {
		m := l.mustNext()
		switch m.Type {
		case "subscribed":
			if m.Room != room {
				l.t.Fatalf("subscribed to %s, asked for %s", m.Room, room)
			}
			return "subscribed", before
		case "error":
			return m.Code, before
		case "reload":
			return "reload", before
		}
		before = append(before, m)
	}
}

// TestAuthzLiveRooms is the websocket's matrix: each kind of room of each
// workspace, for each identity. Members (viewers included) may join their
// workspace's rooms; everyone else is told not_found, whether the room
// exists or not; anonymous callers cannot connect.
func TestAuthzLiveRooms(t *testing.T) {
	w := newAuthzWorld(t)
	rooms := func(f *wsFixtures) map[string]string {
		return map[string]string{"workspace": "workspace:" + f.slug, "article": "article:" + f.article, "claim": "claim:" + f.claim}
	}
	cases := 0
	for _, id := range authzIdentities {
		t.Run(id.name, func(t *testing.T) {
			if id.email == "" {
				cases += len(authzWorkspaces) * 3
				_, res, err := w.ts.anonymous(t).dial("")
				if err == nil || res == nil || res.StatusCode != 401 {
					t.Fatalf("anonymous handshake: %v %v, want 401", err, res)
				}
				return
			}
			ws := as(w.clients[id.name], t).mustDial()
			for _, slug := range authzWorkspaces {
				for kind, room := range rooms(w.ws[slug]) {
					cases++
					want := "subscribed"
					if _, ok := id.roles[slug]; !ok {
						want = "not_found"
					}
					got, before := ws.subscribe(room)
					if got != want {
						t.Errorf("%s joins %s of %s (%s): %s, want %s", id.name, kind, slug, room, got, want)
					}
					for _, m := range before {
						if want == "not_found" && m.Room == room {
							t.Errorf("%s was refused %s but got %+v", id.name, room, m)
						}
					}
					// A room that does not exist is refused in the same words.
					if want == "not_found" {
						name, _, _ := strings.Cut(room, ":")
						twin := name + ":00000000-0000-4000-8000-000000000000"
						if name == "workspace" {
							twin = "workspace:nowhere"
						}
						if got, _ := ws.subscribe(twin); got != "not_found" {
							t.Errorf("missing room %s: %s", twin, got)
						}
					}
				}
			}
		})
	}
	t.Logf("live rooms matrix: 3 rooms × %d identities × %d workspaces = %d cases", len(authzIdentities), len(authzWorkspaces), cases)
}

// TestLeakLiveStream subscribes the outsider to every room of their own
// workspace while desk's members change everything: not one of desk's
// events or presences reaches them, and desk's rooms stay closed to them.
func TestLeakLiveStream(t *testing.T) {
	w := newAuthzWorld(t)
	d, o := w.ws["desk"], w.ws["other"]
	secrets := deskSecrets(t, w)
	outsider := w.clients["outsider"]

	ws := as(outsider, t).mustDial()
	for _, room := range []string{"workspace:desk", "article:" + d.article, "claim:" + d.claim} {
		if got, before := ws.subscribe(room); got != "not_found" || len(before) > 0 {
			t.Fatalf("outsider joins %s: %s after %+v, want not_found alone", room, got, before)
		}
	}
	ownRooms := []string{"workspace:other", "article:" + o.article, "claim:" + o.claim}
	for _, room := range ownRooms {
		if got, before := ws.subscribe(room); got != "subscribed" {
			t.Fatalf("outsider joins %s: %s", room, got)
		} else if s := leakedMsgs(before, secrets); s != "" {
			t.Fatalf("catching up %s shows desk's %q", room, s)
		}
	}
	// A desk member is present in desk's article room meanwhile.
	dw := as(w.clients["editor"], t).mustDial()
	dw.subscribe("article:" + d.article)
	dw.send(map[string]any{"type": "presence", "room": "article:" + d.article, "focus": "annotation:" + d.annotation, "typing": "annotation:" + d.annotation})

	deskActivity(t, w)
	annotate(t, as(d.checker, t), d.article, d.version, "emails")
	as(w.clients["admin"], t).do("PUT", "/api/workspaces/desk/members/"+d.newMember(t), map[string]any{"role": "checker"}, nil)

	// Then other's checker highlights a claim in other: the event reaches
	// each of the three rooms, after anything of desk would have.
	mustAnnotate(t, as(o.checker, t), o.article, o.version, "Others disagreed", map[string]any{"claimId": o.claim, "body": "sentinel"})
	waiting := map[string]bool{}
	for _, r := range ownRooms {
		waiting[r] = true
	}
	for len(waiting) > 0 {
		m := ws.mustNext()
		if s := leakedMsgs([]liveMsg{m}, secrets); s != "" || (m.Type == "event" && m.Event.Workspace != "other") {
			t.Fatalf("the outsider received desk's %q: %+v %s", s, m, m.Event.Payload)
		}
		if m.Type == "error" {
			t.Fatalf("live error: %+v", m)
		}
		if m.Type == "event" && m.Event.Type == factcheck.EventAnnotationCreated && strings.Contains(string(m.Event.Payload), "sentinel") {
			delete(waiting, m.Room)
		}
	}
}

// leakedMsgs is the first of secrets that msgs show.
func leakedMsgs(msgs []liveMsg, secrets []string) string {
	for _, m := range msgs {
		b := fmt.Sprintf("%s %s %s %s %s %+v", m.Room, m.Event.Workspace, m.Event.Actor.Name, m.Event.Payload, m.Message, m.Members)
		if s := leaked([]byte(b), secrets); s != "" {
			return s
		}
	}
	return ""
}
