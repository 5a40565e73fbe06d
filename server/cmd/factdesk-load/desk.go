package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// bench is what every scenario run needs: the options and where to log.
type bench struct {
	opts     options
	logDir   string
	progress io.Writer
	runID    string
	counter  int
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.progress, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// desk is one run's world: a fresh database, its server instances, and
// the demo desk's checker (the writer) and editor (the viewers).
type desk struct {
	db      *database
	servers []*instance
	client  *http.Client
	writer  *session
	viewer  *session
	room    string // "article" or "workspace": the room viewers join
}

// newDesk creates a database and starts instances servers on it, the first
// of which migrates and seeds it.
func (b *bench) newDesk(ctx context.Context, scenario string, instances int) (*desk, error) {
	b.counter++
	name := fmt.Sprintf("factdesk_load_%s_%d", b.runID, b.counter)
	db, err := createDatabase(ctx, b.opts.adminURL, name)
	if err != nil {
		return nil, err
	}
	d := &desk{db: db, client: newHTTPClient(), room: b.opts.room}
	for i := range instances {
		in, err := startServer(ctx, b.opts.bin, b.opts.serverCPU, db, b.logDir, fmt.Sprintf("%s-%d-%c", scenario, b.counter, 'a'+i))
		if err != nil {
			d.close(ctx, nil, b.opts.keepDB)
			return nil, err
		}
		d.servers = append(d.servers, in)
	}
	if d.writer, err = login(ctx, d.client, d.servers[0].url, "checker@factdesk.example"); err != nil {
		d.close(ctx, nil, b.opts.keepDB)
		return nil, err
	}
	if d.viewer, err = login(ctx, d.client, d.servers[0].url, "editor@factdesk.example"); err != nil {
		d.close(ctx, nil, b.opts.keepDB)
		return nil, err
	}
	return d, nil
}

// close stops the servers, notes what they logged at warning level and
// whether any of them had died, and drops the database.
func (d *desk) close(ctx context.Context, s *sample, keepDB bool) {
	for i, in := range d.servers {
		if s != nil && in.alive() {
			if n := slowDisconnects(context.WithoutCancel(ctx), in); n > 0 {
				s.note("server %c disconnected %.0f clients whose send queue was full (close 1013)", 'A'+i, n)
			}
		}
		if s != nil && !in.alive() {
			s.note("SERVER %c HAD EXITED before the end of the run: %v (log %s)", 'A'+i, in.waitErr, in.logPath)
		}
		in.stop()
		if s == nil {
			continue
		}
		lines, n := in.problems(3)
		if n > 0 {
			s.note("server %c logged %d warnings or errors (log %s), first: %s", 'A'+i, n, in.logPath, strings.Join(lines, " | "))
		}
	}
	d.client.CloseIdleConnections()
	if !keepDB {
		d.db.drop(ctx)
	}
}

// slowDisconnects reads how many clients an instance disconnected for a
// full send queue.
func slowDisconnects(ctx context.Context, in *instance) float64 {
	v, err := in.metric(ctx, "factdesk_live_slow_disconnects_total")
	if err != nil {
		return -1
	}
	return v
}

// postResult is what the writers saw of their own requests.
type postResult struct {
	mu        sync.Mutex
	latencies []float64 // ms, successful posts
	failed    map[int]string
}

func newPostResult() *postResult { return &postResult{failed: map[int]string{}} }

func (r *postResult) add(n int, took time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.failed[n] = err.Error()
		return
	}
	r.latencies = append(r.latencies, ms(took))
}

// record adds the writers' view to s: POST latency and failures.
func (r *postResult) record(s *sample, prefix string) {
	s.distribution(prefix+"_post", append([]float64(nil), r.latencies...))
	s.set(prefix+"_post_errors", float64(len(r.failed)))
	for n, e := range r.failed {
		s.note("%s: post %d failed: %s", prefix, n, e)
		break
	}
}

// post creates annotation n (marker n) and records when it started and
// was acknowledged.
func post(ctx context.Context, w *session, a article, t *tracker, n int, r *postResult) {
	t.start(n)
	begin := time.Now()
	err := w.annotate(ctx, a, n, marker(n))
	r.add(n, time.Since(begin), err)
	if err == nil {
		t.acked[n].Store(t.now())
	}
}

// postSequentially posts numbers [from, to) one at a time, waiting after
// each until every viewer has it (at most limit), then pausing briefly, so
// that each latency is measured on a quiet server.
func postSequentially(ctx context.Context, w *session, a article, t *tracker, from, to int, limit time.Duration) *postResult {
	r := newPostResult()
	for n := from; n < to && ctx.Err() == nil; n++ {
		post(ctx, w, a, t, n, r)
		if _, failed := r.failed[n]; !failed {
			t.waitDelivered(ctx, n, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return r
}

// postAtRate posts numbers from `from` on at rate per second, each in its
// own goroutine (at most parallel in flight), until to or stop. It
// returns the next number it did not post.
func postAtRate(ctx context.Context, w *session, a article, t *tracker, from, to int, rate float64, parallel int, stop <-chan struct{}, r *postResult) int {
	interval := time.Duration(float64(time.Second) / rate)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	next := time.Now()
	n := from
	for ; n < to && ctx.Err() == nil; n++ {
		select {
		case <-stop:
			wg.Wait()
			return n
		case <-time.After(time.Until(next)):
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(n int) {
			defer func() { <-sem; wg.Done() }()
			post(ctx, w, a, t, n, r)
		}(n)
		next = next.Add(interval)
	}
	wg.Wait()
	return n
}
