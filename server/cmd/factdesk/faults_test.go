package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/faultproxy"
	"github.com/factdesk/factdesk/server/internal/live"
	"github.com/factdesk/factdesk/server/internal/postgres"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// This file breaks the database under a running server: PostgreSQL
// restarted in immediate mode (a crash) with sockets open and writers
// writing, and latency, resets and silence between the app and PostgreSQL
// through an in-process fault proxy.

// cluster is a private PostgreSQL cluster (started by package postgres with
// the machine's binaries) that a test may stop and start with pg_ctl.
type cluster struct {
	URL    string
	binDir string
	pgdata string
	log    string
	port   int
	// runAs is who runs PostgreSQL (it refuses root); nil for ourselves.
	runAs *syscall.Credential
}

// startCluster starts a private cluster in a fresh folder. It never touches
// the shared server on 127.0.0.1:5432.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	base, err := os.MkdirTemp("", "factdesk-faults-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	// When the tests run as root the cluster runs as the postgres user,
	// which must be able to reach its folder.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(base, "postgres")
	ctx := context.Background()
	pg, err := postgres.Find(ctx, postgres.Options{LocalAddr: "127.0.0.1:1", DataDir: dataDir}) // nothing listens on port 1
	if err != nil {
		t.Fatalf("start a private PostgreSQL cluster: %v", err)
	}
	t.Cleanup(func() {
		if err := pg.Close(ctx); err != nil {
			t.Errorf("stop the private cluster: %v", err)
		}
	})
	if pg.Source != postgres.SourcePrivate {
		t.Fatalf("got PostgreSQL from %s, want a private cluster", pg.Source)
	}
	u, err := url.Parse(pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	c := &cluster{URL: pg.URL, pgdata: filepath.Join(dataDir, "pgdata"), log: filepath.Join(dataDir, "postgres.log"), port: port}
	// postmaster.opts starts with the path of the postgres program that
	// runs the cluster; pg_ctl and pg_isready are beside it.
	opts, err := os.ReadFile(filepath.Join(c.pgdata, "postmaster.opts"))
	if err != nil {
		t.Fatal(err)
	}
	program, _, _ := strings.Cut(string(opts), " ")
	c.binDir = filepath.Dir(strings.Trim(program, `"`))
	if os.Geteuid() == 0 {
		st, err := os.Stat(c.pgdata)
		if err != nil {
			t.Fatal(err)
		}
		sys := st.Sys().(*syscall.Stat_t)
		c.runAs = &syscall.Credential{Uid: sys.Uid, Gid: sys.Gid}
	}
	return c
}

func (c *cluster) command(program string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.binDir, program), args...)
	cmd.Dir = "/"
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	}
	return cmd
}

// pgCtl runs pg_ctl on the cluster with args, then -D.
func (c *cluster) pgCtl(t *testing.T, args ...string) {
	t.Helper()
	out, err := c.command("pg_ctl", append(args, "-D", c.pgdata)...).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_ctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// restartImmediate is `pg_ctl restart -m immediate`: every backend is
// killed at once without a checkpoint, and the server starts again through
// crash recovery.
func (c *cluster) restartImmediate(t *testing.T) {
	c.pgCtl(t, "restart", "-m", "immediate", "-w", "-t", "120", "-l", c.log)
}

func (c *cluster) stopImmediate(t *testing.T) {
	c.pgCtl(t, "stop", "-m", "immediate", "-w", "-t", "120")
}

func (c *cluster) start(t *testing.T) {
	c.pgCtl(t, "start", "-w", "-t", "120", "-l", c.log, "-o", fmt.Sprintf("-h 127.0.0.1 -p %d -k ''", c.port))
}

// isReady is pg_isready: whether the server accepts connections.
func (c *cluster) isReady() bool {
	return c.command("pg_isready", "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(c.port), "-t", "2").Run() == nil
}

// waitReady waits for pg_isready to succeed and returns when it did.
func (c *cluster) waitReady(t *testing.T) time.Time {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !c.isReady() {
		if time.Now().After(deadline) {
			t.Fatal("PostgreSQL did not accept connections within 2 minutes")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Now()
}

// unavailable checks a 503's body: a JSON error saying, in words, what is
// wrong.
func unavailable(r createResult) error {
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Error.Code != "unavailable" || body.Error.Message == "" {
		return fmt.Errorf("a 503 without a clear error: %.200q", r.Body)
	}
	return nil
}

// writers are desk members creating annotations in a loop, each retrying
// its create with the same idempotency key until it gets a 2xx, as the app
// does. Only 2xx and 503 are acceptable answers while the database fails.
type writers struct {
	t        *testing.T
	article  demoArticle
	prefix   string
	mu       sync.Mutex
	acked    map[string]string
	statuses statusCounts
	sample   string // one 503's message
	bad      []string
	stop     chan struct{}
	wg       sync.WaitGroup
}

func startWriters(t *testing.T, desk []*member, article demoArticle, prefix string, n int) *writers {
	w := &writers{t: t, article: article, prefix: prefix, acked: map[string]string{}, stop: make(chan struct{})}
	for i := range n {
		w.wg.Go(func() { w.write(desk[i%len(desk)], i) })
	}
	return w
}

func (w *writers) write(m *member, writer int) {
	for n := 0; ; n++ {
		key := fmt.Sprintf("%s-%d-%04d", w.prefix, writer, n)
		for {
			select {
			case <-w.stop:
				return
			default:
			}
			r := m.createAnnotation(context.Background(), w.article, key)
			if ok := w.record(key, r); ok {
				break
			}
			time.Sleep(100 * time.Millisecond) // the app waits a little before it retries

		}
	}
}

// record notes an answer and says whether the create was acknowledged.
func (w *writers) record(key string, r createResult) bool {
	w.statuses.add(r)
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case r.Status/100 == 2:
		w.acked[key] = r.ID
		return true
	case r.Status == http.StatusServiceUnavailable:
		if err := unavailable(r); err != nil {
			w.bad = append(w.bad, err.Error())
		} else if w.sample == "" {
			w.sample = r.Body
		}
	case r.Status == 0:
		w.bad = append(w.bad, fmt.Sprintf("%s: no answer: %v", key, r.Err))
	default:
		w.bad = append(w.bad, fmt.Sprintf("%s: %d %.300s", key, r.Status, r.Body))
	}
	return false
}

// retryUntilAcked retries a create until it is acknowledged.
func (w *writers) retryUntilAcked(t *testing.T, m *member, key string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !w.record(key, m.createAnnotation(context.Background(), w.article, key)) {
		if time.Now().After(deadline) {
			t.Fatalf("create %s was not acknowledged within a minute; answers: %s", key, w.statuses.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (w *writers) ackedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

// waitAcked waits until n more creates have been acknowledged.
func (w *writers) waitAcked(t *testing.T, n int) {
	t.Helper()
	target := w.ackedCount() + n
	deadline := time.Now().Add(2 * time.Minute)
	for w.ackedCount() < target {
		if time.Now().After(deadline) {
			t.Fatalf("writers got %d creates acknowledged, want %d; answers: %s", w.ackedCount(), target, w.statuses.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// finish stops the writers and checks that every answer was a 2xx or a
// clear 503.
func (w *writers) finish(t *testing.T) map[string]string {
	t.Helper()
	close(w.stop)
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, b := range w.bad {
		if i == 10 {
			t.Errorf("… and %d more bad answers", len(w.bad)-10)
			break
		}
		t.Errorf("while the database failed: %s", b)
	}
	return w.acked
}

// recovery measures how long the server takes, from PostgreSQL accepting
// connections again (pg_isready), until it is ready (/readyz) and a write
// goes through.
func recovery(t *testing.T, pg *cluster, m *member, article demoArticle, key string, w *writers) time.Duration {
	t.Helper()
	back := pg.waitReady(t)
	deadline := back.Add(2 * time.Minute)
	for {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not recover within 2 minutes of PostgreSQL accepting connections; answers: %s", w.statuses.String())
		}
		if readyz(m) == http.StatusOK {
			if r := m.createAnnotation(context.Background(), article, key); w.record(key, r) {
				return time.Since(back)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func readyz(m *member) int {
	res, err := m.client.Get(m.base + "/readyz")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// listenerConnected reads the server's metric saying whether its LISTEN
// connection is up.
func listenerConnected(t *testing.T, m *member) bool {
	res, err := m.client.Get(m.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), "\nfactdesk_live_listener_connected 1\n")
}

func waitListener(t *testing.T, m *member) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !listenerConnected(t, m) {
		if time.Now().After(deadline) {
			t.Fatal("the LISTEN connection did not come back within 60 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// noGoroutineLeaks checks, after everything the test set up has been
// cleaned up (the server stopped, sockets and connections closed), that no
// goroutine it started is left.
func noGoroutineLeaks(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		if !t.Failed() {
			goleak.VerifyNone(t, ignore)
		}
	})
	t.Cleanup(sharedTransport.CloseIdleConnections)
}

// TestPostgresRestartUnderLoad crashes PostgreSQL (pg_ctl restart -m
// immediate) under a running server with 50 sockets open and writers
// writing, then keeps it down for a while. Writes while it is away get a
// clear 503 and never a 2xx that did not commit; the server recovers within
// 5 seconds of PostgreSQL accepting connections; the listener comes back
// and the sockets receive every event, none lost, none twice; nothing of
// the server's goroutines is left once it stops.
func TestPostgresRestartUnderLoad(t *testing.T) {
	const sockets, writerCount = 50, 8
	noGoroutineLeaks(t)
	pg := startCluster(t)
	in := start(t, map[string]string{"DATABASE_URL": pg.URL, "FACTDESK_DEMO_PASSWORD": "demo-password-1"})
	desk := []*member{
		logIn(t, in.URL, "checker@factdesk.example", "demo-password-1"),
		logIn(t, in.URL, "editor@factdesk.example", "demo-password-1"),
		logIn(t, in.URL, "admin@factdesk.example", "demo-password-1"),
	}
	article := findDemoArticle(t, desk[0])
	var fs []*follower
	for i := range sockets {
		fs = append(fs, follow(t, desk[i%len(desk)], "article:"+article.ID))
	}
	for _, f := range fs {
		f.waitSubscribed(t)
	}
	w := startWriters(t, desk, article, "fault-pg", writerCount)

	// 1. A crash and restart of PostgreSQL, writers running throughout.
	w.waitAcked(t, 10)
	pg.restartImmediate(t)
	afterRestart := recovery(t, pg, desk[0], article, "fault-pg-probe-restart", w)
	t.Logf("pg_ctl restart -m immediate: the server was ready and wrote %v after pg_isready succeeded", afterRestart.Round(time.Millisecond))

	// 2. A longer outage: every write while PostgreSQL is down gets a clear
	// 503, the readiness check says so, and then it recovers.
	w.waitAcked(t, 10)
	pg.stopImmediate(t)
	for i := range 10 {
		key := fmt.Sprintf("fault-pg-outage-%d", i)
		r := desk[i%len(desk)].createAnnotation(context.Background(), article, key)
		if r.Status != http.StatusServiceUnavailable {
			t.Errorf("a write while PostgreSQL is down got %d %v %.200s, want 503", r.Status, r.Err, r.Body)
		} else if err := unavailable(r); err != nil {
			t.Error(err)
		}
		w.record(key, r)
		time.Sleep(200 * time.Millisecond)
	}
	if s := readyz(desk[0]); s != http.StatusServiceUnavailable {
		t.Errorf("/readyz while PostgreSQL is down: %d, want 503", s)
	}
	pg.start(t)
	afterOutage := recovery(t, pg, desk[0], article, "fault-pg-probe-outage", w)
	// Their clients retry them with the same keys, as the app does.
	for i := range 10 {
		w.retryUntilAcked(t, desk[i%len(desk)], fmt.Sprintf("fault-pg-outage-%d", i))
	}
	t.Logf("pg_ctl stop -m immediate, 2 s down, start: the server was ready and wrote %v after pg_isready succeeded", afterOutage.Round(time.Millisecond))
	for _, d := range []time.Duration{afterRestart, afterOutage} {
		if d > 5*time.Second {
			t.Errorf("the server took %v to recover after PostgreSQL was back, want at most 5 s", d)
		}
	}

	// 3. Writes after recovery; the listener is back; nothing was lost.
	w.waitAcked(t, 10)
	acked := w.finish(t)
	waitListener(t, desk[0])
	l := openLedger(t, pg.URL)
	events := l.checkEvents()
	l.checkAcknowledged(acked)
	if n := l.int(`SELECT count(*) FROM annotations`); n != int64(len(acked)) {
		t.Errorf("%d annotations exist, %d were acknowledged (every client retried until it was)", n, len(acked))
	}
	want := l.roomSeqs(article.ID)
	for i, f := range fs {
		f.waitFor(t, fmt.Sprintf("socket %d", i), want)
	}
	t.Logf("%d creates acknowledged, answers: %s; a 503 said %s", len(acked), w.statuses.String(), strings.TrimSpace(w.sample))
	t.Logf("%d events, dense; each of %d sockets received the article's %d events in order, once each", events, len(fs), len(want))
	for _, f := range fs {
		f.close()
	}
	if err := in.stop(); err != nil {
		t.Errorf("the server stopped with %v", err)
	}
}

// TestDatabaseFaultsThroughProxy puts a fault proxy between the server and
// PostgreSQL: latency, every connection reset, and silence that ends with
// the connections cut (toxiproxy's "timeout"). Requests end with a 2xx or
// a clear 503 (never a 500, never a hang past the fault), no row is
// written without its event or the other way round, and the live stream
// catches up once the faults stop.
func TestDatabaseFaultsThroughProxy(t *testing.T) {
	noGoroutineLeaks(t)
	dbURL := storetest.NewURL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Listen(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	u.Host = proxy.Addr()
	const requestTimeout = 3 * time.Second
	in := start(t, map[string]string{"DATABASE_URL": u.String(), "FACTDESK_DEMO_PASSWORD": "demo-password-1",
		"FACTDESK_REQUEST_TIMEOUT": requestTimeout.String()})
	desk := []*member{
		logIn(t, in.URL, "checker@factdesk.example", "demo-password-1"),
		logIn(t, in.URL, "editor@factdesk.example", "demo-password-1"),
	}
	article := findDemoArticle(t, desk[0])
	var fs []*follower
	for i := range 5 {
		f := follow(t, desk[i%len(desk)], "article:"+article.ID)
		f.waitSubscribed(t)
		fs = append(fs, f)
	}
	w := startWriters(t, desk, article, "fault-proxy", 4)
	w.waitAcked(t, 10)

	// Latency: everything slower, nothing failing.
	proxy.SetLatency(20 * time.Millisecond)
	before := w.statuses.String()
	w.waitAcked(t, 10)
	proxy.SetLatency(0)
	t.Logf("with 20 ms of latency each way: answers went from %s to %s", before, w.statuses.String())

	// Resets: every connection to PostgreSQL cut, five times.
	cut := 0
	for range 5 {
		cut += proxy.ResetAll()
		time.Sleep(300 * time.Millisecond)
	}
	w.waitAcked(t, 10)
	t.Logf("reset %d connections to PostgreSQL: answers %s", cut, w.statuses.String())

	// Silence, then the connections cut: requests waiting on the database
	// end with a 503 once it is cut, not later.
	const silence = 2 * time.Second
	proxy.Blackhole(true)
	silenced := time.Now()
	type timed struct {
		r    createResult
		took time.Duration
	}
	answers := make(chan timed, 4)
	for i := range cap(answers) {
		go func() {
			start := time.Now()
			r := desk[i%len(desk)].createAnnotation(context.Background(), article, fmt.Sprintf("fault-proxy-silence-%d", i))
			answers <- timed{r, time.Since(start)}
		}()
	}
	time.Sleep(silence)
	proxy.ResetAll()
	proxy.Blackhole(false)
	t.Logf("%v of silence, then every connection cut", time.Since(silenced).Round(time.Millisecond))
	for range cap(answers) {
		select {
		case a := <-answers:
			if a.r.Status/100 != 2 && a.r.Status != http.StatusServiceUnavailable {
				t.Errorf("a request in the silence got %d %v %.200s, want a 2xx or a 503", a.r.Status, a.r.Err, a.r.Body)
			}
			t.Logf("a request made in the silence: %d after %v", a.r.Status, a.took.Round(time.Millisecond))
		case <-time.After(30 * time.Second):
			t.Fatal("a request made in the silence had no answer 30 s after the connections were cut")
		}
	}

	for i := range cap(answers) {
		w.retryUntilAcked(t, desk[i%len(desk)], fmt.Sprintf("fault-proxy-silence-%d", i))
	}

	// Connections that go silent for good, cut by nobody: requests waiting
	// on them end with a 503 at their deadline (FACTDESK_REQUEST_TIMEOUT),
	// not never.
	stalled := proxy.Stall()
	for i := range cap(answers) {
		go func() {
			start := time.Now()
			r := desk[i%len(desk)].createAnnotation(context.Background(), article, fmt.Sprintf("fault-proxy-stalled-%d", i))
			answers <- timed{r, time.Since(start)}
		}()
	}
	for range cap(answers) {
		select {
		case a := <-answers:
			if a.r.Status/100 != 2 && a.r.Status != http.StatusServiceUnavailable {
				t.Errorf("a request on stalled connections got %d %v %.200s, want a 2xx or a 503", a.r.Status, a.r.Err, a.r.Body)
			}
			t.Logf("a request made with %d connections stalled: %d after %v", stalled, a.r.Status, a.took.Round(time.Millisecond))
		case <-time.After(requestTimeout + 20*time.Second):
			t.Fatalf("a request on stalled connections had no answer %v after its %v deadline", 20*time.Second, requestTimeout)
		}
	}
	for i := range cap(answers) {
		w.retryUntilAcked(t, desk[i%len(desk)], fmt.Sprintf("fault-proxy-stalled-%d", i))
	}
	w.waitAcked(t, 10)
	acked := w.finish(t)
	waitListener(t, desk[0])
	l := openLedger(t, dbURL)
	events := l.checkEvents()
	l.checkAcknowledged(acked)
	created := l.int(`SELECT count(*) FROM events WHERE type = 'annotation.created'`)
	if n := l.int(`SELECT count(*) FROM annotations`); n != created {
		t.Errorf("%d annotations but %d annotation.created events: a change was written without its event, or the other way round", n, created)
	}
	want := l.roomSeqs(article.ID)
	for i, f := range fs {
		f.waitFor(t, fmt.Sprintf("socket %d", i), want)
	}
	t.Logf("%d creates acknowledged, answers: %s; %d events, dense; %d annotations, each with its event", len(acked), w.statuses.String(), events, created)
	for _, f := range fs {
		f.close()
	}
	if err := in.stop(); err != nil {
		t.Errorf("the server stopped with %v", err)
	}
	proxy.Close()
}

// proxied returns dbURL with its host replaced by a fault proxy's.
func proxied(t *testing.T, dbURL string) (*faultproxy.Proxy, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faultproxy.Listen(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	u.Host = proxy.Addr()
	return proxy, u.String()
}

// TestLiveStreamSurvivesStalledConnections runs the store and the live
// stream in-process, through a fault proxy, and silences every connection
// they have open (a connection that died without anyone being told, which
// only a deadline notices) while events keep being written by another
// instance. The stream must get past them on new connections and fan out
// every event; once stopped, nothing of it may be left running.
func TestLiveStreamSurvivesStalledConnections(t *testing.T) {
	noGoroutineLeaks(t)
	ctx := context.Background()
	dbURL := storetest.NewURL(t)
	proxy, viaProxy := proxied(t, dbURL)
	other, err := store.Open(ctx, dbURL, store.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	st, err := store.Open(ctx, viaProxy, store.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ws, err := other.CreateWorkspace(ctx, "desk", "Desk")
	if err != nil {
		t.Fatal(err)
	}
	write := func(n int) {
		t.Helper()
		for range n {
			err := other.Atomic(ctx, func(tx *store.Tx) error {
				return tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: ws.ID, Type: "test.marked", Payload: []byte(`{}`)})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	hub := live.NewHub(0, live.NewMetrics(prometheus.NewRegistry()))
	streamCtx, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { live.NewStream(st, hub, slog.New(slog.DiscardHandler)).Run(streamCtx); close(stopped) }()
	waitCursor := func(want int64) time.Duration {
		t.Helper()
		start := time.Now()
		for hub.Cursor() < want {
			if time.Since(start) > time.Minute {
				t.Fatalf("the stream fanned out up to %d, want %d, a minute after they were written", hub.Cursor(), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return time.Since(start)
	}

	write(3)
	waitCursor(3)
	stalled := proxy.Stall()
	write(3)
	took := waitCursor(6)
	t.Logf("stalled the stream's %d connections; it fanned out the events written after %v", stalled, took.Round(time.Millisecond))

	stop()
	select {
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream did not stop within 30 s of its context ending")
	}
}
