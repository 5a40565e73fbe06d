package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// sizes are the scenarios' numbers; quick runs use a tenth of them.
type sizes struct {
	idleViewers      int
	fanoutPosts      int
	sustainedViewers int
	sustainedRate    float64
	sustainedPosts   int
	restWriters      int
	restDuration     time.Duration
	getAnnotations   int
	getRequests      int
	twoViewers       int
	twoPosts         int
	dropViewers      int
	dropRate         float64
	warmup           int
	scale            int // viewers of fanout-N are N/scale
}

func fullSizes() sizes {
	return sizes{idleViewers: 10000, fanoutPosts: 200, sustainedViewers: 1000, sustainedRate: 25, sustainedPosts: 500,
		restWriters: 8, restDuration: 10 * time.Second, getAnnotations: 1000, getRequests: 300,
		twoViewers: 1000, twoPosts: 200, dropViewers: 10000, dropRate: 2, warmup: 10, scale: 1}
}

func quickSizes() sizes {
	return sizes{idleViewers: 1000, fanoutPosts: 30, sustainedViewers: 100, sustainedRate: 25, sustainedPosts: 75,
		restWriters: 8, restDuration: 2 * time.Second, getAnnotations: 100, getRequests: 30,
		twoViewers: 100, twoPosts: 30, dropViewers: 1000, dropRate: 2, warmup: 3, scale: 10}
}

// scenario is one measured situation; run fills the sample of one run.
type scenario struct {
	name  string
	about string
	run   func(ctx context.Context, b *bench, s *sample) error
}

func allScenarios(z sizes) []scenario {
	fanout := func(n int) scenario {
		return scenario{name: fmt.Sprintf("fanout-%d", n),
			about: fmt.Sprintf("%d viewers on one article; one writer posts %d annotations one at a time through REST (each waits until every viewer has the previous one)", n/z.scale, z.fanoutPosts),
			run:   func(ctx context.Context, b *bench, s *sample) error { return runFanout(ctx, b, s, z, n/z.scale) }}
	}
	return []scenario{
		{name: "idle", about: fmt.Sprintf("%d websockets subscribed to one article, no traffic: server VmRSS before and after", z.idleViewers),
			run: func(ctx context.Context, b *bench, s *sample) error { return runIdle(ctx, b, s, z) }},
		fanout(100), fanout(1000), fanout(5000),
		{name: "sustained", about: fmt.Sprintf("%d viewers, %g posts/s for %d posts; then the same with one more viewer that never reads (4 KB receive buffer)", z.sustainedViewers, z.sustainedRate, z.sustainedPosts),
			run: func(ctx context.Context, b *bench, s *sample) error { return runSustained(ctx, b, s, z) }},
		{name: "rest-create", about: fmt.Sprintf("%d writers (each its own session) create annotations on one article as fast as they can for %s; no viewers", z.restWriters, z.restDuration),
			run: func(ctx context.Context, b *bench, s *sample) error { return runRESTCreate(ctx, b, s, z) }},
		{name: "get-1000", about: fmt.Sprintf("GET /api/articles/{id} of an article with %d annotations, %d requests one after another", z.getAnnotations, z.getRequests),
			run: func(ctx context.Context, b *bench, s *sample) error { return runGet(ctx, b, s, z) }},
		{name: "two-instances", about: fmt.Sprintf("two servers on one database; writer on A; %d viewers on A, then %d viewers on B, %d posts each", z.twoViewers, z.twoViewers, z.twoPosts),
			run: func(ctx context.Context, b *bench, s *sample) error { return runTwoInstances(ctx, b, s, z) }},
		{name: "drop-all", about: fmt.Sprintf("%d viewers; a writer posts %g/s throughout; every viewer socket is closed at once and reconnects with its last seq", z.dropViewers, z.dropRate),
			run: func(ctx context.Context, b *bench, s *sample) error { return runDropAll(ctx, b, s, z) }},
	}
}

// viewersOf returns an empty viewer set on server for the article's room,
// or for the whole workspace's.
func viewersOf(d *desk, server *instance, a article, t *tracker) *viewerSet {
	room := "article:" + a.id
	if d.room == "workspace" {
		room = "workspace:demo"
	}
	return &viewerSet{server: server.url, cookie: d.viewer.cookie, room: room, tracker: t}
}

// runIdle measures server memory per idle websocket.
func runIdle(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "idle", 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	srv := d.servers[0]
	a, err := d.writer.newArticle(ctx, "Idle")
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	before, err := memory(ctx, srv)
	if err != nil {
		return err
	}
	vs := viewersOf(d, srv, a, newTracker(1, z.idleViewers))
	defer vs.close()
	begin := time.Now()
	if err := vs.open(ctx, z.idleViewers, 1, a.seq, 100); err != nil {
		return fmt.Errorf("open %d viewers (%d open): %w", z.idleViewers, len(vs.viewers), err)
	}
	s.set("open_s", time.Since(begin).Seconds())
	time.Sleep(5 * time.Second)
	after, err := memory(ctx, srv)
	if err != nil {
		return err
	}
	n := float64(z.idleViewers)
	s.set("connections", after["factdesk_websocket_connections"])
	s.set("rss_before_kb", before["rss_kb"])
	s.set("rss_after_kb", after["rss_kb"])
	s.set("rss_per_connection_kb", (after["rss_kb"]-before["rss_kb"])/n)
	s.set("heap_inuse_per_connection_kb", (after["go_memstats_heap_inuse_bytes"]-before["go_memstats_heap_inuse_bytes"])/n/1024)
	s.set("stack_inuse_per_connection_kb", (after["go_memstats_stack_inuse_bytes"]-before["go_memstats_stack_inuse_bytes"])/n/1024)
	s.set("goroutines_per_connection", (after["go_goroutines"]-before["go_goroutines"])/n)
	return nil
}

// memory reads the server's RSS and the Go runtime's view of its memory.
func memory(ctx context.Context, in *instance) (map[string]float64, error) {
	rss, err := in.rssKB()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{"rss_kb": float64(rss)}
	for _, name := range []string{"go_memstats_heap_inuse_bytes", "go_memstats_stack_inuse_bytes", "go_goroutines", "factdesk_websocket_connections"} {
		v, err := in.metric(ctx, name)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// runFanout measures POST-to-every-viewer latency with n viewers.
func runFanout(ctx context.Context, b *bench, s *sample, z sizes, n int) error {
	d, err := b.newDesk(ctx, fmt.Sprintf("fanout-%d", n), 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	return fanoutOn(ctx, s, "fanout", d, d.servers[0], d.servers[0], n, z)
}

// fanoutOn posts through writeTo while n viewers watch on viewOn, and
// records the deliveries under prefix.
func fanoutOn(ctx context.Context, s *sample, prefix string, d *desk, writeTo, viewOn *instance, n int, z sizes) error {
	w := d.writer.on(writeTo.url)
	a, err := w.newArticle(ctx, "Fan-out "+prefix)
	if err != nil {
		return err
	}
	posts := z.warmup + z.fanoutPosts
	if prefix != "fanout" {
		posts = z.warmup + z.twoPosts
	}
	t := newTracker(posts, n)
	vs := viewersOf(d, viewOn, a, t)
	if err := vs.open(ctx, n, posts, a.seq, 100); err != nil {
		vs.close()
		return fmt.Errorf("open %d viewers: %w", n, err)
	}
	slowBefore := slowDisconnects(ctx, viewOn)
	postSequentially(ctx, w, a, t, 0, z.warmup, 5*time.Second)
	r := postSequentially(ctx, w, a, t, z.warmup, posts, 5*time.Second)
	time.Sleep(time.Second)
	s.set(prefix+"_slow_disconnects", slowDisconnects(ctx, viewOn)-slowBefore)
	s.set(prefix+"_rss_kb", rssOrNaN(viewOn))
	gone := vs.disconnected()
	vs.close()
	deliveries(s, prefix, t, vs.viewers, z.warmup, posts, r)
	r.record(s, prefix)
	if len(gone) > 0 {
		s.note("%s: viewers disconnected during the run, by close code: %v", prefix, gone)
	}
	return nil
}

func rssOrNaN(in *instance) float64 {
	kb, err := in.rssKB()
	if err != nil {
		return -1
	}
	return float64(kb)
}

// runSustained measures a steady stream, then the same with one viewer
// that never reads.
func runSustained(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "sustained", 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	srv := d.servers[0]
	a, err := d.writer.newArticle(ctx, "Sustained")
	if err != nil {
		return err
	}
	phase := z.sustainedPosts
	posts := z.warmup + 2*phase
	t := newTracker(posts, z.sustainedViewers)
	vs := viewersOf(d, srv, a, t)
	if err := vs.open(ctx, z.sustainedViewers, posts, a.seq, 100); err != nil {
		vs.close()
		return err
	}
	postSequentially(ctx, d.writer, a, t, 0, z.warmup, 5*time.Second)

	plain := newPostResult()
	postAtRate(ctx, d.writer, a, t, z.warmup, z.warmup+phase, z.sustainedRate, 16, nil, plain)
	time.Sleep(3 * time.Second)

	// One more viewer that subscribes and then never reads.
	open, err := srv.metric(ctx, "factdesk_websocket_connections")
	if err != nil {
		vs.close()
		return err
	}
	stalled := &viewer{id: len(vs.viewers), got: make([]int64, posts)}
	if err := vs.connect(ctx, stalled, a.seq, 4096, false); err != nil {
		vs.close()
		return fmt.Errorf("open the stalled viewer: %w", err)
	}
	slowBefore := slowDisconnects(ctx, srv)
	stallGone := watchDisconnect(ctx, srv, open)
	withStall := newPostResult()
	postAtRate(ctx, d.writer, a, t, z.warmup+phase, posts, z.sustainedRate, 16, nil, withStall)
	time.Sleep(3 * time.Second)
	s.set("stalled_slow_disconnects", slowDisconnects(ctx, srv)-slowBefore)
	s.set("stalled_viewer_disconnected_after_s", (<-stallGone).Seconds())
	s.set("stalled_viewer_close_code", float64(drainClose(stalled, 15*time.Second)))
	gone := vs.disconnected()
	vs.close()

	deliveries(s, "steady", t, vs.viewers, z.warmup, z.warmup+phase, plain)
	deliveryRate(s, "steady", t, vs.viewers, z.warmup, z.warmup+phase)
	plain.record(s, "steady")
	deliveries(s, "stalled", t, vs.viewers, z.warmup+phase, posts, withStall)
	deliveryRate(s, "stalled", t, vs.viewers, z.warmup+phase, posts)
	withStall.record(s, "stalled")
	s.set("stall_p99_change_pct", 100*(s.values["stalled_delivery_p99_ms"]-s.values["steady_delivery_p99_ms"])/s.values["steady_delivery_p99_ms"])
	if len(gone) > 0 {
		s.note("sustained: viewers disconnected during the run, by close code: %v", gone)
	}
	return nil
}

// watchDisconnect polls the server's open websockets every 100 ms and
// sends how long it took until they were back to base after having been
// above it (-1s if not within 60 seconds): how soon one added connection
// was cut off.
func watchDisconnect(ctx context.Context, in *instance, base float64) <-chan time.Duration {
	out := make(chan time.Duration, 1)
	begin := time.Now()
	go func() {
		seen := false
		for time.Since(begin) < time.Minute && ctx.Err() == nil {
			time.Sleep(100 * time.Millisecond)
			n, err := in.metric(ctx, "factdesk_websocket_connections")
			if err != nil {
				continue
			}
			if n > base {
				seen = true
			} else if seen {
				out <- time.Since(begin)
				return
			}
		}
		out <- -time.Second
	}()
	return out
}

// drainClose reads what the server sent a viewer that never read, until
// the connection ends or limit passes, and returns the close code the
// server gave (0: still open; 1006: ended without a close frame).
func drainClose(v *viewer, limit time.Duration) int {
	defer v.conn.Close()
	v.conn.SetReadDeadline(time.Now().Add(limit))
	for {
		if _, _, err := v.conn.ReadMessage(); err != nil {
			if ce, ok := asCloseError(err); ok {
				return ce
			}
			return 0
		}
	}
}

// runRESTCreate measures annotation creates through the API.
func runRESTCreate(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "rest-create", 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	srv := d.servers[0]
	a, err := d.writer.newArticle(ctx, "REST create")
	if err != nil {
		return err
	}
	writers := make([]*session, z.restWriters)
	for i := range writers {
		if writers[i], err = login(ctx, d.client, srv.url, "checker@factdesk.example"); err != nil {
			return err
		}
	}
	r := newPostResult()
	var wg sync.WaitGroup
	begin := time.Now()
	deadline := begin.Add(z.restDuration)
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; time.Now().Before(deadline) && ctx.Err() == nil; n += len(writers) {
				start := time.Now()
				err := w.annotate(ctx, a, n, marker(n))
				r.add(n, time.Since(start), err)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(begin)
	s.set("creates", float64(len(r.latencies)))
	s.set("creates_per_s", float64(len(r.latencies))/elapsed.Seconds())
	r.record(s, "create")
	return nil
}
