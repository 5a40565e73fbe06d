package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/httpapi"
	"github.com/factdesk/factdesk/server/internal/live"
)

// behindProxy makes the test server believe the X-Forwarded-For of
// requests from loopback, as a server behind a local reverse proxy would:
// tests then speak as many clients.
func behindProxy(d *httpapi.Deps) {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	d.TrustedProxies = []*net.IPNet{loopback}
}

// from is the header a trusted proxy adds for a client at ip.
func from(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }

func credentials(email, password string) map[string]string {
	return map[string]string{"email": email, "password": password}
}

// wantThrottled checks that res is the login limit's 429.
func wantThrottled(t *testing.T, res response) {
	t.Helper()
	if res.Status != http.StatusTooManyRequests || res.errorCode() != "too_many_requests" {
		t.Fatalf("got %d %s, want 429 too_many_requests", res.Status, res.Body)
	}
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Fatalf("Retry-After %q, want 1-60 seconds", res.Header.Get("Retry-After"))
	}
}

func TestLoginLimits(t *testing.T) {
	const wrong = "not the password"
	tests := []struct {
		name     string
		behind   bool // the server trusts loopback as its proxy
		scenario func(t *testing.T, ts *testServer)
	}{
		{"ten failures from one client block it, and a forged X-Forwarded-For does not help", false, func(t *testing.T, ts *testServer) {
			for i := range 10 {
				res := ts.anonymous(t).do("POST", "/api/session", credentials(fmt.Sprintf("guess%d@desk.test", i), wrong), from(fmt.Sprintf("198.51.100.%d", i)))
				if res.Status != 401 {
					t.Fatalf("failure %d: %d %s", i+1, res.Status, res.Body)
				}
			}
			// The right password of an account never tried, from a "new" address.
			wantThrottled(t, ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), from("203.0.113.77")))
			wantThrottled(t, ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), nil))
		}},
		{"ten failures on one account block it from every client", true, func(t *testing.T, ts *testServer) {
			for i := range 10 {
				res := ts.anonymous(t).do("POST", "/api/session", credentials("checker@desk.test", wrong), from(fmt.Sprintf("198.51.100.%d", i)))
				if res.Status != 401 {
					t.Fatalf("failure %d: %d %s", i+1, res.Status, res.Body)
				}
			}
			// Even the right password, from a client that never failed, in
			// another case: the account waits out the minute.
			wantThrottled(t, ts.anonymous(t).do("POST", "/api/session", credentials(" Checker@Desk.TEST", testPassword), from("203.0.113.1")))
			// Everyone else logs in, also from the clients that failed once.
			if res := ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), from("198.51.100.3")); res.Status != 200 {
				t.Fatalf("another account's login: %d %s", res.Status, res.Body)
			}
		}},
		{"a client that failed ten times is blocked; others are not", true, func(t *testing.T, ts *testServer) {
			for i := range 10 {
				res := ts.anonymous(t).do("POST", "/api/session", credentials(fmt.Sprintf("guess%d@desk.test", i), wrong), from("198.51.100.9"))
				if res.Status != 401 {
					t.Fatalf("failure %d: %d %s", i+1, res.Status, res.Body)
				}
			}
			wantThrottled(t, ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), from("198.51.100.9")))
			// The proxy's own address is not the client: it is not blocked.
			if res := ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), from("203.0.113.2")); res.Status != 200 {
				t.Fatalf("another client's login: %d %s", res.Status, res.Body)
			}
			// Forged entries left of the proxy's are not believed.
			wantThrottled(t, ts.anonymous(t).do("POST", "/api/session", credentials("editor@desk.test", testPassword), from("203.0.113.3, 198.51.100.9")))
		}},
		{"unknown and known accounts answer alike, 429 included", true, func(t *testing.T, ts *testServer) {
			var known, unknown response
			for i := range 10 {
				known = ts.anonymous(t).do("POST", "/api/session", credentials("checker@desk.test", wrong), from(fmt.Sprintf("198.51.100.%d", i)))
				unknown = ts.anonymous(t).do("POST", "/api/session", credentials("nobody@desk.test", wrong), from(fmt.Sprintf("192.0.2.%d", i)))
				if known.Status != unknown.Status || !bytes.Equal(known.Body, unknown.Body) {
					t.Fatalf("failure %d: known account %d %s, unknown %d %s", i+1, known.Status, known.Body, unknown.Status, unknown.Body)
				}
			}
			known = ts.anonymous(t).do("POST", "/api/session", credentials("checker@desk.test", testPassword), from("203.0.113.1"))
			unknown = ts.anonymous(t).do("POST", "/api/session", credentials("nobody@desk.test", testPassword), from("203.0.113.2"))
			wantThrottled(t, known)
			wantThrottled(t, unknown)
			if !bytes.Equal(known.Body, unknown.Body) {
				t.Fatalf("429 for a known account says %s, for an unknown one %s", known.Body, unknown.Body)
			}
		}},
		{"only wrong credentials count", false, func(t *testing.T, ts *testServer) {
			for range 15 {
				ts.anonymous(t).do("POST", "/api/session", `{"email": "checker@desk.test",`, nil)
				ts.anonymous(t).do("POST", "/api/session", map[string]string{"email": "checker@desk.test"}, nil)
				ts.login(t, "viewer@desk.test")
			}
			ts.login(t, "checker@desk.test")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ts *testServer
			if tt.behind {
				ts = newTestServer(t, behindProxy)
			} else {
				ts = newTestServer(t)
			}
			tt.scenario(t, ts)
		})
	}
}

// TestDisabledUserIsShutOutAtOnce disables a user who is logged in twice and
// has a live socket open: the socket closes, both sessions get 401 on their
// next request, and a login says what any wrong login says.
func TestDisabledUserIsShutOutAtOnce(t *testing.T) {
	ts := newTestServer(t)
	first := ts.login(t, "checker@desk.test")
	second := ts.login(t, "checker@desk.test")
	ws := first.mustDial()
	ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
	ws.expect("subscribed")

	if _, err := ts.Svc.DisableUser(context.Background(), "checker@desk.test"); err != nil {
		t.Fatal(err)
	}
	var ce *websocket.CloseError
	if err := ws.expectClose(); !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("the disabled user's socket: %v, want close 1008", err)
	}
	for _, tt := range []struct {
		name   string
		c      *client
		method string
		path   string
		body   any
	}{
		{"read the session", first, "GET", "/api/session", nil},
		{"read with the other session", second, "GET", "/api/workspaces/desk/articles", nil},
		{"write", first, "POST", "/api/workspaces/desk/articles", map[string]any{"title": "After", "text": "Too late."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			if res := tt.c.do(tt.method, tt.path, tt.body, nil); res.Status != 401 {
				t.Fatalf("got %d %s, want 401", res.Status, res.Body)
			}
		})
	}
	first.t = t
	if _, res, err := first.dial(""); err == nil || res == nil || res.StatusCode != 401 {
		t.Fatalf("the disabled user opens a socket: %v %v, want 401", err, res)
	}
	right := ts.anonymous(t).do("POST", "/api/session", credentials("checker@desk.test", testPassword), nil)
	unknown := ts.anonymous(t).do("POST", "/api/session", credentials("nobody@desk.test", testPassword), nil)
	if right.Status != 401 || !bytes.Equal(right.Body, unknown.Body) {
		t.Fatalf("the disabled user's login: %d %s; an unknown user's: %s", right.Status, right.Body, unknown.Body)
	}
}

// doChunked sends body without a Content-Length, as a stream of chunks,
// and checks the answer against the OpenAPI document like do.
func (c *client) doChunked(method, path string, body []byte) response {
	c.t.Helper()
	// A reader of unknown length: the transport sends it chunked.
	req, err := http.NewRequest(method, c.ts.URL+path, io.MultiReader(bytes.NewReader(body)))
	if err != nil {
		c.t.Fatal(err)
	}
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	c.ts.checkAgainstSpec(c.t, req, body, res, data)
	return response{t: c.t, Status: res.StatusCode, Header: res.Header, Body: data}
}

// TestBodyLimit sends bodies over the limit with and without a declared
// length: both get 413, and nothing is stored.
func TestBodyLimit(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	id, version := createArticle(t, checker, "desk")
	big := strings.Repeat("x", testMaxBody)
	article := func(text string) []byte { return []byte(`{"title":"Big","text":"` + text + `"}`) }
	annotation := func(note string) []byte {
		return []byte(`{"articleVersionId":"` + version + `","selectors":{"quote":{"exact":"emails"},"position":{"start":24,"end":30}},"body":"` + note + `"}`)
	}
	for _, tt := range []struct {
		name    string
		c       *client
		path    string
		body    []byte
		chunked bool
		want    int
	}{
		{"login, declared length", ts.anonymous(t), "/api/session", []byte(`{"email":"` + big + `"}`), false, 413},
		{"login, chunked", ts.anonymous(t), "/api/session", []byte(`{"email":"` + big + `"}`), true, 413},
		{"login under the limit, chunked", ts.anonymous(t), "/api/session", []byte(`{"email":"checker@desk.test","password":"` + testPassword + `"}`), true, 200},
		{"import, declared length", checker, "/api/workspaces/desk/articles", article(big), false, 413},
		{"import, chunked", checker, "/api/workspaces/desk/articles", article(big), true, 413},
		{"import under the limit, chunked", checker, "/api/workspaces/desk/articles", article("small"), true, 201},
		{"highlight, chunked", checker, "/api/articles/" + id + "/annotations", annotation(big), true, 413},
		{"highlight, declared length", checker, "/api/articles/" + id + "/annotations", annotation(big), false, 413},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.t = t
			var res response
			if tt.chunked {
				res = tt.c.doChunked("POST", tt.path, tt.body)
			} else {
				res = tt.c.do("POST", tt.path, tt.body, nil)
			}
			if res.Status != tt.want {
				t.Fatalf("got %d %.200s, want %d", res.Status, res.Body, tt.want)
			}
			if tt.want == 413 && res.errorCode() != "too_large" {
				t.Fatalf("413 with %s, want code too_large", res.Body)
			}
		})
	}
	checker.t = t
	var list struct{ Articles []struct{ Title string } }
	checker.do("GET", "/api/workspaces/desk/articles", nil, nil).decode(&list)
	if len(list.Articles) != 2 { // the first one, and the small chunked one
		t.Fatalf("articles = %+v, want 2: nothing over the limit is stored", list.Articles)
	}
	var annotations struct{ Annotations []struct{ ID string } }
	checker.do("GET", "/api/articles/"+id+"/annotations", nil, nil).decode(&annotations)
	if len(annotations.Annotations) != 0 {
		t.Fatalf("an annotation over the limit was stored: %+v", annotations.Annotations)
	}
}

// TestLiveSocketsPerUser opens sockets as one user until the cap: the next
// handshake is refused with 429 before any upgrade, other users are not
// affected, and closing one socket makes room for another.
func TestLiveSocketsPerUser(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	other := ts.login(t, "checker@desk.test") // the same user in another browser
	var open []*liveConn
	for range live.DefaultMaxSocketsPerUser {
		open = append(open, checker.mustDial())
	}
	for _, c := range []*client{checker, other} {
		_, res, err := c.dial("")
		if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("socket %d of one user: %v %v, want 429", live.DefaultMaxSocketsPerUser+1, err, res)
		}
		body, _ := io.ReadAll(res.Body)
		if !strings.Contains(string(body), "too_many_requests") || res.Header.Get("Retry-After") == "" {
			t.Fatalf("refusal: %s %v, want code too_many_requests and Retry-After", body, res.Header)
		}
	}
	// Another user is not affected.
	ts.login(t, "editor@desk.test").mustDial()
	// The existing sockets still work.
	open[0].send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
	open[0].expect("subscribed")
	// Closing one makes room, once the server has seen it go.
	open[1].conn.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ws, _, err := other.dial("")
		if err == nil {
			ws.send(map[string]any{"type": "subscribe", "room": "workspace:desk"})
			ws.expect("subscribed")
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room after a socket closed: %v", err)
		}
		sleep()
	}
}
