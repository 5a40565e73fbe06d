package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// This file breaks the real server process: it is killed with SIGKILL in
// the middle of a burst of writes and started again on the same database.
// The helpers here (a server in a child process, a desk member talking to
// the API, a live-stream follower that resumes) serve faults_test.go too.

// serverProcessEnv makes the test binary, started again as a child, run
// `factdesk serve` instead of the tests (see TestServerProcess).
const serverProcessEnv = "FACTDESK_TEST_SERVER_PROCESS"

// TestServerProcess is not a test: it is the body of the child process
// that startProcess runs (the test binary itself, so that no separate build
// is needed), and does nothing in an ordinary test run.
func TestServerProcess(t *testing.T) {
	if os.Getenv(serverProcessEnv) != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, []string{"serve"}, os.Getenv, strings.NewReader(""), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "factdesk:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// process is `factdesk serve` in a child process, which a test can kill.
type process struct {
	t      *testing.T
	URL    string
	cmd    *exec.Cmd
	log    string // the child's output
	exited chan error
}

// freePort returns a port that was free a moment ago, so that a server can
// be started again at the same address after it was killed.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startProcess starts `factdesk serve` in a child process with env (and
// nothing else from this process's environment but PATH and HOME) and
// waits until it serves.
func startProcess(t *testing.T, name string, env map[string]string) *process {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerProcess$", "-test.count=1")
	cmd.Env = []string{serverProcessEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"FACTDESK_LOG_FORMAT=text", "FACTDESK_DATA_DIR=" + t.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, cmd: cmd, log: logPath, exited: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(logFile, sc.Text())
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
		p.exited <- cmd.Wait()
		logFile.Close()
	}()
	t.Cleanup(func() { p.kill() })
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("%s stopped before serving:\n%s", name, p.output())
		}
		p.URL = u
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s did not start within 2 minutes:\n%s", name, p.output())
	}
	return p
}

func (p *process) output() string {
	b, _ := os.ReadFile(p.log)
	return string(b)
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would,
// and waits until it is gone. It is safe to call again.
func (p *process) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.exited:
	case <-time.After(time.Minute):
		p.t.Errorf("the server process %d did not die within a minute of SIGKILL", p.cmd.Process.Pid)
	}
}

// member is someone on the desk, logged in through the API.
type member struct {
	base   string
	client *http.Client
	csrf   string
}

// sharedTransport lets many simulated browsers share connections.
var sharedTransport = &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}

func logIn(t *testing.T, base, email, password string) *member {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: sharedTransport, Timeout: 60 * time.Second}
	res, err := c.Post(base+"/api/session", "application/json", strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("log in as %s: %d", email, res.StatusCode)
	}
	return &member{base: base, client: c, csrf: csrfToken(t, c, base)}
}

// demoArticle is the seeded article, with a passage of it to highlight.
type demoArticle struct {
	ID, VersionID string
	Quote         string
	Start, End    int
}

func findDemoArticle(t *testing.T, m *member) demoArticle {
	t.Helper()
	var list struct{ Articles []struct{ ID string } }
	getJSON(t, m, "/api/workspaces/demo/articles", &list)
	if len(list.Articles) == 0 {
		t.Fatal("the demo workspace has no article")
	}
	var d struct {
		Content struct{ VersionID, Text string }
	}
	getJSON(t, m, "/api/articles/"+list.Articles[len(list.Articles)-1].ID, &d)
	// The first word: a passage whose character positions are its bytes'.
	word, _, _ := strings.Cut(d.Content.Text, " ")
	if word == "" || len(word) != utf8.RuneCountInString(word) {
		t.Fatalf("the demo article does not start with an ASCII word: %.40q", d.Content.Text)
	}
	return demoArticle{ID: list.Articles[len(list.Articles)-1].ID, VersionID: d.Content.VersionID, Quote: word, Start: 0, End: len(word)}
}

func getJSON(t *testing.T, m *member, path string, into any) {
	t.Helper()
	res, err := m.client.Get(m.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// createResult is what one attempt to create an annotation got.
type createResult struct {
	Status int    // 0 when no answer came
	ID     string // the annotation's id, with a 2xx
	Body   string // the answer (error message), otherwise
	Err    error  // when no answer came
}

// createAnnotation posts an annotation whose note is key, with key as its
// Idempotency-Key.
func (m *member) createAnnotation(ctx context.Context, a demoArticle, key string) createResult {
	body, _ := json.Marshal(map[string]any{
		"articleVersionId": a.VersionID, "kind": "comment", "body": key,
		"selectors": map[string]any{"quote": map[string]string{"exact": a.Quote}, "position": map[string]int{"start": a.Start, "end": a.End}},
	})
	req, _ := http.NewRequestWithContext(ctx, "POST", m.base+"/api/articles/"+a.ID+"/annotations", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", m.csrf)
	req.Header.Set("Idempotency-Key", key)
	res, err := m.client.Do(req)
	if err != nil {
		return createResult{Err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return createResult{Status: res.StatusCode, Err: err}
	}
	r := createResult{Status: res.StatusCode, Body: string(data)}
	if res.StatusCode/100 == 2 {
		var made struct{ ID string }
		if err := json.Unmarshal(data, &made); err != nil || made.ID == "" {
			return createResult{Status: res.StatusCode, Err: fmt.Errorf("a %d without an annotation: %.200s", res.StatusCode, data)}
		}
		r.ID = made.ID
	}
	return r
}

// follower is a browser following a room of the live stream. When its
// connection ends it reconnects and resumes after the last sequence number
// it saw, as the app does.
type follower struct {
	room   string
	wsURL  string
	origin string
	dialer websocket.Dialer

	mu         sync.Mutex
	seqs       []int64 // every event received, in order
	last       int64   // where to resume
	sessions   int     // subscriptions confirmed
	problems   []string
	subscribed chan struct{} // closed at the first confirmed subscription

	stop chan struct{}
	done chan struct{}
}

func follow(t *testing.T, m *member, room string) *follower {
	t.Helper()
	f := &follower{
		room: room, wsURL: "ws" + strings.TrimPrefix(m.base, "http") + "/api/live", origin: m.base,
		dialer:     websocket.Dialer{Jar: m.client.Jar, HandshakeTimeout: 10 * time.Second},
		subscribed: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go f.run()
	t.Cleanup(f.close)
	return f
}

func (f *follower) close() {
	select {
	case <-f.stop:
	default:
		close(f.stop)
	}
	<-f.done
}

func (f *follower) problem(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

func (f *follower) run() {
	defer close(f.done)
	for {
		select {
		case <-f.stop:
			return
		default:
		}
		conn, _, err := f.dialer.Dial(f.wsURL, http.Header{"Origin": {f.origin}})
		if err != nil {
			select {
			case <-f.stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			continue
		}
		f.session(conn)
	}
}

// session subscribes after the last sequence seen and reads until the
// connection ends.
func (f *follower) session(conn *websocket.Conn) {
	ended := make(chan struct{})
	defer close(ended)
	go func() {
		select {
		case <-f.stop:
		case <-ended:
		}
		conn.Close()
	}()
	f.mu.Lock()
	after := f.last
	f.mu.Unlock()
	if err := conn.WriteJSON(map[string]any{"type": "subscribe", "room": f.room, "after": after}); err != nil {
		return
	}
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		for line := range bytes.SplitSeq(data, []byte("\n")) {
			var m struct {
				Type, Room, Code, Message string
				Seq                       int64
				Event                     struct{ Seq int64 }
			}
			if err := json.Unmarshal(line, &m); err != nil {
				f.problem("bad frame %q", line)
				return
			}
			switch m.Type {
			case "event":
				if m.Room != f.room {
					f.problem("an event of room %s", m.Room)
					continue
				}
				f.mu.Lock()
				if m.Event.Seq <= f.last {
					f.problems = append(f.problems, fmt.Sprintf("event %d after %d: duplicate or out of order", m.Event.Seq, f.last))
				} else {
					f.seqs = append(f.seqs, m.Event.Seq)
					f.last = m.Event.Seq
				}
				f.mu.Unlock()
			case "subscribed":
				f.mu.Lock()
				f.sessions++
				if f.sessions == 1 {
					close(f.subscribed)
				}
				f.mu.Unlock()
			case "reload":
				f.problem("told to reload: %s", line)
				return
			case "error":
				// The server could not catch the room up (its database was
				// away): resubscribe on a new connection, as the app does.
				return
			}
		}
	}
}

// state returns what the follower has received so far.
func (f *follower) state() (seqs []int64, sessions int, problems []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.seqs), f.sessions, slices.Clone(f.problems)
}

// waitSubscribed waits for the first confirmed subscription.
func (f *follower) waitSubscribed(t *testing.T) {
	t.Helper()
	select {
	case <-f.subscribed:
	case <-time.After(30 * time.Second):
		_, _, problems := f.state()
		t.Fatalf("%s: not subscribed within 30 s (%v)", f.room, problems)
	}
}

// waitFor waits until the follower has received want, all of it, and fails
// the test, saying what is missing or extra, when it does not within a
// generous time.
func (f *follower) waitFor(t *testing.T, name string, want []int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		got, _, problems := f.state()
		if len(problems) > 0 {
			t.Errorf("%s: %s", name, strings.Join(problems, "; "))
			return
		}
		if slices.Equal(got, want) {
			return
		}
		if len(got) > len(want) || time.Now().After(deadline) {
			t.Errorf("%s received %d events, want %d; missing %v; unexpected %v", name, len(got), len(want),
				difference(want, got), difference(got, want))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// difference returns what a has that b has not (at most 20 of them).
func difference(a, b []int64) []int64 {
	in := map[int64]bool{}
	for _, v := range b {
		in[v] = true
	}
	var out []int64
	for _, v := range a {
		if !in[v] && len(out) < 20 {
			out = append(out, v)
		}
	}
	return out
}

// ledger is the database as the checks below read it.
type ledger struct {
	t  *testing.T
	db *sql.DB
}

func openLedger(t *testing.T, url string) *ledger {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &ledger{t: t, db: db}
}

func (l *ledger) query(q string, args ...any) *sql.Rows {
	l.t.Helper()
	var rows *sql.Rows
	var err error
	// The database may just be back from a restart: retry a little.
	for range 50 {
		if rows, err = l.db.Query(q, args...); err == nil {
			return rows
		}
		time.Sleep(100 * time.Millisecond)
	}
	l.t.Fatalf("%s: %v", q, err)
	return nil
}

func (l *ledger) int(q string, args ...any) int64 {
	l.t.Helper()
	rows := l.query(q, args...)
	defer rows.Close()
	var n int64
	if !rows.Next() {
		l.t.Fatalf("%s: no row", q)
	}
	if err := rows.Scan(&n); err != nil {
		l.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (l *ledger) int64s(q string, args ...any) []int64 {
	l.t.Helper()
	rows := l.query(q, args...)
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			l.t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

func (l *ledger) strings(q string, args ...any) []string {
	l.t.Helper()
	rows := l.query(q, args...)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			l.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// waitSequenced waits until every committed event has its sequence number
// (the server numbers them after commit, at the latest a second later).
func (l *ledger) waitSequenced() {
	l.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for l.int(`SELECT count(*) FROM events WHERE seq IS NULL`) > 0 {
		if time.Now().After(deadline) {
			l.t.Fatal("events committed a minute ago still have no sequence number")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkEvents checks the resume log: seq is 1..max without a gap or a
// duplicate, and every annotation has exactly one annotation.created event
// and every such event its annotation.
func (l *ledger) checkEvents() (events int64) {
	l.t.Helper()
	l.waitSequenced()
	n := l.int(`SELECT count(*) FROM events`)
	distinct := l.int(`SELECT count(DISTINCT seq) FROM events`)
	maxSeq := l.int(`SELECT coalesce(max(seq), 0) FROM events`)
	last := l.int(`SELECT last_seq FROM event_sequence`)
	if distinct != n || maxSeq != n || last != n {
		l.t.Errorf("events: %d rows, %d distinct sequence numbers, highest %d, sequence counter %d: want all four equal (1..max, no gap)",
			n, distinct, maxSeq, last)
	}
	if bad := l.strings(`SELECT a.id::text FROM annotations a
		LEFT JOIN events e ON e.type = 'annotation.created' AND e.payload->>'id' = a.id::text
		GROUP BY a.id HAVING count(e.id) <> 1 LIMIT 10`); len(bad) > 0 {
		l.t.Errorf("annotations without exactly one annotation.created event: %v", bad)
	}
	if bad := l.strings(`SELECT e.seq::text FROM events e WHERE e.type = 'annotation.created'
		AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.id::text = e.payload->>'id') LIMIT 10`); len(bad) > 0 {
		l.t.Errorf("annotation.created events whose annotation does not exist (half a write): seq %v", bad)
	}
	return n
}

// roomSeqs lists an article room's events, in order.
func (l *ledger) roomSeqs(articleID string) []int64 {
	return l.int64s(`SELECT seq FROM events WHERE article_id = $1 ORDER BY seq`, articleID)
}

// checkAcknowledged checks that every create acknowledged with a 2xx exists
// exactly once: by its id, and by its idempotency key (the note) both among
// the annotations and in the idempotency keys.
func (l *ledger) checkAcknowledged(acked map[string]string) {
	l.t.Helper()
	byKey := map[string][]string{}
	rows := l.query(`SELECT body, id::text FROM annotations WHERE body LIKE 'fault-%'`)
	defer rows.Close()
	for rows.Next() {
		var key, id string
		if err := rows.Scan(&key, &id); err != nil {
			l.t.Fatal(err)
		}
		byKey[key] = append(byKey[key], id)
	}
	keys := map[string]string{}
	krows := l.query(`SELECT key, resource_id FROM idempotency_keys WHERE key LIKE 'fault-%'`)
	defer krows.Close()
	for krows.Next() {
		var key, id string
		if err := krows.Scan(&key, &id); err != nil {
			l.t.Fatal(err)
		}
		keys[key] = id
	}
	missing := 0
	for key, id := range acked {
		switch ids := byKey[key]; {
		case len(ids) == 0:
			missing++
			if missing <= 10 {
				l.t.Errorf("create %s was acknowledged as %s but no annotation exists", key, id)
			}
		case len(ids) > 1:
			l.t.Errorf("create %s exists %d times: %v", key, len(ids), ids)
		case ids[0] != id:
			l.t.Errorf("create %s was acknowledged as %s but stored as %s", key, id, ids[0])
		}
		if keys[key] != id {
			l.t.Errorf("idempotency key %s names %q, acknowledged as %s", key, keys[key], id)
		}
	}
	if missing > 0 {
		l.t.Errorf("%d acknowledged creates are missing", missing)
	}
	for key, ids := range byKey {
		if _, ok := acked[key]; !ok {
			l.t.Errorf("annotation %s (%v) exists but was never acknowledged, though its client retried until it was", key, ids)
		}
	}
}

// statusCounts counts answers by status, safely from many goroutines.
type statusCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *statusCounts) add(r createResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	key := strconv.Itoa(r.Status)
	if r.Status == 0 {
		key = "no answer"
	}
	s.n[key]++
}

func (s *statusCounts) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.n))
	for k := range s.n {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s×%d ", k, s.n[k])
	}
	return strings.TrimSpace(b.String())
}

// TestCrashDuringConcurrentCreates kills the server with SIGKILL while 200
// people create annotations at once, each with an idempotency key, starts
// it again on the same database, and lets every client retry with its key
// until it gets a 2xx. Nothing acknowledged may be lost or doubled, the
// event sequence may have no gap, and browsers that followed the article
// before the crash resume and end with every event after their last one,
// in order, once each.
func TestCrashDuringConcurrentCreates(t *testing.T) {
	const creators, followers = 200, 5
	dbURL := storetest.NewURL(t)
	port := freePort(t)
	env := map[string]string{"DATABASE_URL": dbURL, "PORT": strconv.Itoa(port), "FACTDESK_DEMO_PASSWORD": "demo-password-1"}
	first := startProcess(t, "first", env)
	base := first.URL

	desk := []*member{
		logIn(t, base, "checker@factdesk.example", "demo-password-1"),
		logIn(t, base, "editor@factdesk.example", "demo-password-1"),
		logIn(t, base, "admin@factdesk.example", "demo-password-1"),
	}
	article := findDemoArticle(t, desk[0])
	room := "article:" + article.ID
	var fs []*follower
	for i := range followers {
		f := follow(t, desk[i%len(desk)], room)
		f.waitSubscribed(t)
		fs = append(fs, f)
	}

	var (
		wg       sync.WaitGroup
		ackedMu  sync.Mutex
		acked    = map[string]string{}
		nAcked   atomic.Int64
		attempts atomic.Int64
		statuses statusCounts
		killAt   = make(chan struct{})
		start    = make(chan struct{})
	)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for i := range creators {
		wg.Go(func() {
			m, key := desk[i%len(desk)], fmt.Sprintf("fault-crash-%03d", i)
			<-start
			for ctx.Err() == nil {
				attempts.Add(1)
				r := m.createAnnotation(ctx, article, key)
				statuses.add(r)
				switch {
				case r.Status/100 == 2:
					ackedMu.Lock()
					acked[key] = r.ID
					ackedMu.Unlock()
					if nAcked.Add(1) == creators/4 {
						close(killAt)
					}
					return
				case r.Status == 0 || r.Status == http.StatusServiceUnavailable:
					// The server is gone or its database is away: retry
					// with the same key, as the app does.
					time.Sleep(50 * time.Millisecond)
				default:
					t.Errorf("create %s: %d %s", key, r.Status, r.Body)
					return
				}
			}
		})
	}
	close(start)
	select {
	case <-killAt:
	case <-time.After(2 * time.Minute):
		t.Fatal("a quarter of the creates did not get through within 2 minutes")
	}
	first.kill()
	atKill, attemptsAtKill := nAcked.Load(), attempts.Load()
	l := openLedger(t, dbURL)
	// What the killed server had committed: more than it acknowledged when
	// answers were cut off; some of its events it had not numbered yet.
	committed, unnumbered := l.int(`SELECT count(*) FROM annotations`), l.int(`SELECT count(*) FROM events WHERE seq IS NULL`)
	t.Logf("killed the server with SIGKILL after %d of %d creates were acknowledged (%d attempts so far); it had committed %d, "+
		"and left %d events without a sequence number", atKill, creators, attemptsAtKill, committed, unnumbered)

	second := startProcess(t, "second", env)
	if second.URL != base {
		t.Fatalf("the restarted server is at %s, not %s", second.URL, base)
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the clients did not all get their create acknowledged within 3 minutes (%d did); answers: %s", nAcked.Load(), statuses.String())
	}
	t.Logf("%d creates acknowledged, %d after the restart; %d attempts; answers: %s", nAcked.Load(), nAcked.Load()-atKill, attempts.Load(), statuses.String())
	if nAcked.Load() != creators {
		t.Fatalf("%d of %d creates acknowledged", nAcked.Load(), creators)
	}

	events := l.checkEvents()
	l.checkAcknowledged(acked)
	if n := l.int(`SELECT count(*) FROM annotations`); n != creators {
		t.Errorf("%d annotations exist, want %d", n, creators)
	}
	want := l.roomSeqs(article.ID)
	for i, f := range fs {
		f.waitFor(t, fmt.Sprintf("follower %d", i), want)
		if _, sessions, _ := f.state(); sessions < 2 {
			t.Errorf("follower %d subscribed %d times: it never resumed after the crash", i, sessions)
		}
	}
	t.Logf("%d events, dense 1..%d; %d followers each received the article's %d events in order, resuming after the crash", events, events, len(fs), len(want))
	if t.Failed() {
		t.Logf("first server's output:\n%s\nsecond server's output:\n%s", tail(first.output(), 40), tail(second.output(), 40))
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
