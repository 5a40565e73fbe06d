package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// instance is one `factdesk serve` running in-process through run.
type instance struct {
	t      *testing.T
	URL    string
	cancel context.CancelFunc
	done   chan error
	mu     sync.Mutex
	out    strings.Builder
}

var runningAt = regexp.MustCompile(`running at (http://localhost:\d+)`)

// start runs `factdesk serve` with env and waits until it serves.
func start(t *testing.T, env map[string]string) *instance {
	t.Helper()
	env["PORT"] = "0"
	env["FACTDESK_LOG_FORMAT"] = "text"
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{t: t, cancel: cancel, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	go func() {
		err := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
		in.done <- err
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			in.mu.Lock()
			in.out.WriteString(sc.Text() + "\n")
			in.mu.Unlock()
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("factdesk serve stopped before serving: %v", <-in.done)
		}
		in.URL = u
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatal("factdesk serve did not start within 2 minutes")
	}
	t.Cleanup(func() { in.stop() })
	return in
}

func (in *instance) output() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.out.String()
}

// stop sends the equivalent of Ctrl-C and waits for run to return.
func (in *instance) stop() error {
	in.cancel()
	select {
	case err, ok := <-in.done:
		if !ok {
			return nil
		}
		close(in.done)
		return err
	case <-time.After(2 * time.Minute):
		in.t.Fatal("factdesk serve did not stop within 2 minutes")
		return nil
	}
}

func login(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	res, err := c.Post(base+"/api/session", "application/json", strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login %s: %d", email, res.StatusCode)
	}
	return c
}

func articleTitles(t *testing.T, c *http.Client, base string) []string {
	t.Helper()
	res, err := c.Get(base + "/api/workspaces/demo/articles")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Articles []struct{ Title string } }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
		t.Fatalf("list articles: %d %v", res.StatusCode, err)
	}
	var titles []string
	for _, a := range body.Articles {
		titles = append(titles, a.Title)
	}
	return titles
}

// TestServeWithPrivateCluster runs the path a machine without a reachable
// PostgreSQL takes: a private cluster under the data folder, started with
// the machine's own binaries, migrated, seeded, serving; then stopped with
// the server, and started again with its data kept.
func TestServeWithPrivateCluster(t *testing.T) {
	base, err := os.MkdirTemp("", "factdesk-serve-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	// The cluster runs as the postgres user when the tests run as root; it
	// must be able to reach its folder.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"FACTDESK_DATA_DIR":       filepath.Join(base, "data"),
		"FACTDESK_LOCAL_POSTGRES": "127.0.0.1:1", // nothing listens there
		"FACTDESK_DEMO_PASSWORD":  "demo-password-1",
	}
	first := start(t, env)
	if !strings.Contains(first.output(), "checker@factdesk.example") {
		t.Fatalf("the first start did not print the demo logins:\n%s", first.output())
	}
	c := login(t, first.URL, "checker@factdesk.example", "demo-password-1")
	res, err := c.Get(first.URL + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz on the private cluster: %v %v", res, err)
	}
	csrf := csrfToken(t, c, first.URL)
	req, _ := http.NewRequest("POST", first.URL+"/api/workspaces/demo/articles", strings.NewReader(`{"title":"Kept across restarts","text":"Still here."}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	if res, err := c.Do(req); err != nil || res.StatusCode != 201 {
		t.Fatalf("create article: %v %v", res, err)
	}
	if err := first.stop(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(base, "data", "postgres")); err != nil {
		t.Fatalf("no private cluster under the data folder: %v", err)
	}

	second := start(t, env)
	if strings.Contains(second.output(), "password:") {
		t.Fatalf("the second start printed logins again:\n%s", second.output())
	}
	c = login(t, second.URL, "checker@factdesk.example", "demo-password-1")
	titles := articleTitles(t, c, second.URL)
	if len(titles) != 2 || titles[0] != "Kept across restarts" {
		t.Fatalf("after a restart the articles are %q", titles)
	}
	if err := second.stop(); err != nil {
		t.Fatalf("second run: %v", err)
	}
}

func csrfToken(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	res, err := c.Get(base + "/api/session")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var s struct{ CSRFToken string }
	json.NewDecoder(res.Body).Decode(&s)
	return s.CSRFToken
}

// TestGracefulShutdown checks Ctrl-C: the websocket is closed with "going
// away" and run returns cleanly.
func TestGracefulShutdown(t *testing.T) {
	in := start(t, map[string]string{"DATABASE_URL": storetest.NewURL(t), "FACTDESK_DEMO_PASSWORD": "demo-password-1"})
	c := login(t, in.URL, "editor@factdesk.example", "demo-password-1")
	d := websocket.Dialer{Jar: c.Jar}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(in.URL, "http")+"/api/live", http.Header{"Origin": {in.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.WriteJSON(map[string]string{"type": "subscribe", "room": "workspace:demo"})
	if _, _, err := conn.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- in.stop() }()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, _, err = conn.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Fatalf("on shutdown the socket got %v, want close 1001 going away", err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("run returned %v", err)
	}
}

// TestUserAdd adds a user from the command line with the password on stdin.
func TestUserAdd(t *testing.T) {
	url := storetest.NewURL(t)
	env := map[string]string{"DATABASE_URL": url, "FACTDESK_LOG_FORMAT": "text"}
	getenv := func(k string) string { return env[k] }
	var out strings.Builder
	err := run(context.Background(), []string{"user", "add", "--email", "Nadia@Example.org", "--name", "Nadia", "--workspace", "metro", "--role", "editor"},
		getenv, strings.NewReader("pässwörd — long enough\n"), &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `Created workspace "metro"`) || !strings.Contains(out.String(), "Added Nadia <nadia@example.org> as editor") {
		t.Fatalf("output: %s", out.String())
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var role, hash string
	err = db.QueryRow(`SELECT m.role, u.password_hash FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = 'nadia@example.org'`).Scan(&role, &hash)
	if err != nil || role != "editor" || !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("stored: role %q hash %.20q err %v", role, hash, err)
	}
	for _, bad := range [][]string{
		{"user", "add", "--email", "x@example.org", "--name", "X", "--workspace", "metro"},
		{"user", "add", "--email", "x@example.org", "--name", "X", "--workspace", "metro", "--role", "owner"},
		{"user", "add", "--email", "not-an-email", "--name", "X", "--workspace", "metro", "--role", "viewer"},
	} {
		if err := run(context.Background(), bad, getenv, strings.NewReader("long enough password\n"), io.Discard, io.Discard); err == nil {
			t.Errorf("%q succeeded", bad)
		}
	}
	if err := run(context.Background(), []string{"user", "add", "--email", "y@example.org", "--name", "Y", "--workspace", "metro", "--role", "viewer"},
		getenv, strings.NewReader("short\n"), io.Discard, io.Discard); err == nil {
		t.Error("a short password was accepted")
	}
}

func TestServeHelpListsEveryVariable(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"serve", "--help"}, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"PORT", "DATABASE_URL", "FACTDESK_DATA_DIR", "FACTDESK_PUBLIC_URL", "FACTDESK_DEMO_PASSWORD", "FACTDESK_LOG_LEVEL"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("serve --help does not list %s", v)
		}
	}
}

// TestUserDisableClosesConnections disables a user from the command line
// while they are connected: their socket closes and they cannot log in.
func TestUserDisableClosesConnections(t *testing.T) {
	url := storetest.NewURL(t)
	in := start(t, map[string]string{"DATABASE_URL": url, "FACTDESK_DEMO_PASSWORD": "demo-password-1"})
	c := login(t, in.URL, "editor@factdesk.example", "demo-password-1")
	d := websocket.Dialer{Jar: c.Jar}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(in.URL, "http")+"/api/live", http.Header{"Origin": {in.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.WriteJSON(map[string]string{"type": "subscribe", "room": "workspace:demo"})
	readUntil(t, conn, func(m map[string]any) bool { return m["type"] == "subscribed" })

	var out strings.Builder
	env := map[string]string{"DATABASE_URL": url, "FACTDESK_LOG_FORMAT": "text"}
	if err := run(context.Background(), []string{"user", "disable", "--email", "Editor@factdesk.example"}, func(k string) string { return env[k] },
		nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	for {
		if _, _, err = conn.ReadMessage(); err != nil {
			break
		}
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("the disabled user's socket: %v, want close 1008", err)
	}
	if res, err := c.Get(in.URL + "/api/session"); err != nil || res.StatusCode != 401 {
		t.Fatalf("the disabled user's open session: %v %v, want 401", res, err)
	}
	res, err := http.Post(in.URL+"/api/session", "application/json", strings.NewReader(`{"email":"editor@factdesk.example","password":"demo-password-1"}`))
	if err != nil || res.StatusCode != 401 {
		t.Fatalf("a disabled user logs in: %v %v", res, err)
	}
}
