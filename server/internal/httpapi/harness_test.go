package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/httpapi"
	"github.com/factdesk/factdesk/server/internal/live"
	"github.com/factdesk/factdesk/server/internal/password"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery"

// testMaxBody is the body limit of the test server, small enough to exceed.
const testMaxBody = 64 << 10

type testServer struct {
	URL string
	// Handler is the HTTP stack itself, for requests that must not come
	// from this machine's loopback address.
	Handler http.Handler
	Store   *store.Store
	Svc     *service.Service
	Hub     *live.Hub
	router  routers.Router
}

// newTestServer runs the whole HTTP stack (service, store on a fresh
// database, live stream, hub) on an httptest server, with two workspaces:
// "desk" with one member of each role, and "other" with its own checker.
// Options change the HTTP layer's dependencies before it is built.
func newTestServer(t testing.TB, options ...func(*httpapi.Deps)) *testServer {
	t.Helper()
	st := storetest.New(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Cheaper hashing keeps the suite fast; password has its own tests.
	svc, err := service.New(st, service.Options{Logger: logger, PasswordParams: password.Params{MemoryKiB: 1024, Iterations: 1, Threads: 1, SaltLen: 16, KeyLen: 32}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	reg := prometheus.NewRegistry()
	hub := live.NewHub(0, live.NewMetrics(reg))
	stream := live.NewStream(st, hub, logger)
	done := make(chan struct{})
	go func() { stream.Run(ctx); close(done) }()
	origins := httpapi.NewOriginPolicy(nil, []string{"https://allowed.example"})
	endpoint := live.NewEndpoint(ctx, hub, svc, st, origins.Allows, logger)
	app := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Factdesk</title>")}, "assets/app.js": {Data: []byte("1")}}
	deps := httpapi.Deps{
		Service: svc, Live: endpoint, Hub: hub, Frontend: fs.FS(app),
		Ready:    func(ctx context.Context) error { return st.Ping(ctx) },
		Registry: reg, Gatherer: reg, Logger: logger, MaxBodyBytes: testMaxBody, Origins: origins,
	}
	for _, o := range options {
		o(&deps)
	}
	h, err := httpapi.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		hub.Shutdown()
		srv.Close()
		cancel()
		<-done
	})
	doc, err := httpapi.Spec()
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{URL: srv.URL, Handler: h, Store: st, Svc: svc, Hub: hub, router: router}
	for _, u := range []struct{ email, ws, role string }{
		{"viewer@desk.test", "desk", "viewer"}, {"checker@desk.test", "desk", "checker"},
		{"editor@desk.test", "desk", "editor"}, {"admin@desk.test", "desk", "admin"},
		{"checker@other.test", "other", "checker"},
	} {
		name := strings.Split(u.email, "@")[0] + " of " + u.ws
		if _, err := svc.AddUser(context.Background(), service.AddUserInput{Email: u.email, Name: name, Password: testPassword, Workspace: u.ws, Role: u.role}); err != nil {
			t.Fatal(err)
		}
	}
	return ts
}

// client is a browser-like API client: a cookie jar and the CSRF token.
type client struct {
	t    testing.TB
	ts   *testServer
	http *http.Client
	csrf string
}

func (ts *testServer) anonymous(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, ts: ts, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// login returns a client logged in as email.
func (ts *testServer) login(t testing.TB, email string) *client {
	t.Helper()
	c := ts.anonymous(t)
	res := c.do("POST", "/api/session", map[string]string{"email": email, "password": testPassword}, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, res.Status, res.Body)
	}
	var s struct{ CSRFToken string }
	res.decode(&s)
	c.csrf = s.CSRFToken
	return c
}

type response struct {
	t      testing.TB
	Status int
	Header http.Header
	Body   []byte
}

func (r response) decode(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r response) errorCode() string {
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

func (r response) errorField() string {
	var e struct{ Error struct{ Field string } }
	json.Unmarshal(r.Body, &e)
	return e.Error.Field
}

// do sends a request (body: nil, a string sent as is, or a value sent as
// JSON) with the CSRF token, and checks the response against the OpenAPI
// document: every response the API tests see must match it.
func (c *client) do(method, path string, body any, header map[string]string) response {
	c.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		raw, _ = json.Marshal(b)
	}
	req, err := http.NewRequest(method, c.ts.URL+path, bytes.NewReader(raw))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	c.ts.checkAgainstSpec(c.t, req, raw, res, data)
	return response{t: c.t, Status: res.StatusCode, Header: res.Header, Body: data}
}

// checkAgainstSpec fails the test when a response under /api does not match
// the OpenAPI document: an undocumented route, status or shape.
func (ts *testServer) checkAgainstSpec(t testing.TB, req *http.Request, reqBody []byte, res *http.Response, body []byte) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") || req.URL.Path == "/api/openapi.json" || req.URL.Path == "/api/live" {
		return
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := ts.router.FindRoute(vreq)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // an unknown route, correctly refused
		}
		t.Errorf("%s %s answered %d but is not in openapi.yaml: %v", req.Method, req.URL.Path, res.StatusCode, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.yaml: %v\nbody: %s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func sleep() { time.Sleep(10 * time.Millisecond) }

func urlQuery(s string) string { return url.QueryEscape(s) }

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}
