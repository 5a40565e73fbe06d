package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

func asCloseError(err error) (int, bool) {
	if ce, ok := errors.AsType[*websocket.CloseError](err); ok {
		return ce.Code, true
	}
	return 0, false
}

// runGet measures reading an article with many annotations.
func runGet(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "get-1000", 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	a, err := d.writer.newArticle(ctx, "Many annotations")
	if err != nil {
		return err
	}
	numbers := make([]int, z.getAnnotations)
	for i := range numbers {
		numbers[i] = i
	}
	err = forEachParallel(ctx, numbers, 8, func(n int) error { return d.writer.annotate(ctx, a, n, marker(n)) })
	if err != nil {
		return fmt.Errorf("create %d annotations: %w", z.getAnnotations, err)
	}
	var latencies []float64
	for i := range 10 + z.getRequests {
		begin := time.Now()
		got, err := d.viewer.article(ctx, a.id)
		if err != nil {
			return err
		}
		if got.annotations != z.getAnnotations {
			return fmt.Errorf("the article has %d annotations, want %d", got.annotations, z.getAnnotations)
		}
		if i >= 10 {
			latencies = append(latencies, ms(time.Since(begin)))
		}
		s.set("response_kb", float64(got.bytes)/1024)
	}
	s.distribution("get", latencies)
	return nil
}

// runTwoInstances compares viewers on the writer's instance with viewers
// on another instance of the same database.
func runTwoInstances(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "two-instances", 2)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	a, bsrv := d.servers[0], d.servers[1]
	if err := fanoutOn(ctx, s, "same", d, a, a, z.twoViewers, z); err != nil {
		return err
	}
	if err := fanoutOn(ctx, s, "other", d, a, bsrv, z.twoViewers, z); err != nil {
		return err
	}
	s.set("added_delivery_p99_ms", s.values["other_delivery_p99_ms"]-s.values["same_delivery_p99_ms"])
	s.set("added_last_viewer_p99_ms", s.values["other_last_viewer_p99_ms"]-s.values["same_last_viewer_p99_ms"])
	return nil
}

// runDropAll closes every viewer at once while a writer keeps posting,
// reconnects them all with their last sequence number, and measures how
// long until each has every event it missed.
func runDropAll(ctx context.Context, b *bench, s *sample, z sizes) error {
	d, err := b.newDesk(ctx, "drop-all", 1)
	if err != nil {
		return err
	}
	defer d.close(ctx, s, b.opts.keepDB)
	srv := d.servers[0]
	a, err := d.writer.newArticle(ctx, "Drop all")
	if err != nil {
		return err
	}
	const maxDuration = 120 * time.Second
	posts := int(z.dropRate*maxDuration.Seconds()) + 1
	t := newTracker(posts, z.dropViewers)
	vs := viewersOf(d, srv, a, t)
	if err := vs.open(ctx, z.dropViewers, posts, a.seq, 100); err != nil {
		vs.close()
		return fmt.Errorf("open %d viewers: %w", z.dropViewers, err)
	}

	stop := make(chan struct{})
	r := newPostResult()
	lastPost := make(chan int, 1)
	go func() { lastPost <- postAtRate(ctx, d.writer, a, t, 0, posts, z.dropRate, 4, stop, r) }()
	time.Sleep(5 * time.Second)

	dropAt := t.now()
	vs.dropAll()
	s.set("drop_s", nsToMS(t.now()-dropAt)/1000)
	var failedAttempts atomic.Int64
	err = forEachParallel(ctx, vs.viewers, 1000, func(v *viewer) error {
		failed, err := vs.reconnect(ctx, v, 5)
		failedAttempts.Add(int64(failed))
		if err != nil && ctx.Err() == nil {
			return nil // counted among the viewers never back
		}
		return err
	})
	reconnected := t.now()
	s.set("failed_reconnect_attempts", float64(failedAttempts.Load()))
	time.Sleep(3 * time.Second)
	close(stop)
	end := <-lastPost
	waitEnd := time.Now().Add(10 * time.Second)
	for n := range end {
		if _, failed := r.failed[n]; !failed {
			t.waitDelivered(ctx, n, max(0, time.Until(waitEnd)))
		}
	}
	gone := vs.disconnected()
	vs.close()
	if err != nil {
		s.note("drop-all: reconnecting failed: %v", err)
	}
	again := 0
	for _, n := range gone {
		again += n
	}
	// This generator reconnects each viewer once; a browser would again.
	s.set("viewers_dropped_again", float64(again))
	if again > 0 {
		s.note("drop-all: %d viewers were disconnected again after reconnecting (by close code: %v); they are not reconnected a second time, so their later events count as missing", again, gone)
	}
	s.set("reconnect_s", nsToMS(reconnected-dropAt)/1000)
	recovery(s, t, vs.viewers, dropAt, end, r)
	r.record(s, "writer")
	return nil
}

// recovery records, per viewer, how long after the drop it had again every
// event acknowledged before its new subscription was answered, and what
// never came.
func recovery(s *sample, t *tracker, viewers []*viewer, dropAt int64, posts int, r *postResult) {
	var back []float64
	missing, dups, reloads, neverBack := 0, 0, 0, 0
	for _, v := range viewers {
		dups += v.dups
		reloads += v.reloads
		if v.subscribedAt == 0 {
			neverBack++
			continue
		}
		ready := v.subscribedAt
		for n := range posts {
			if _, failed := r.failed[n]; failed {
				continue
			}
			if v.got[n] == 0 {
				missing++
				continue
			}
			if acked := t.acked[n].Load(); acked != 0 && acked <= v.subscribedAt {
				ready = max(ready, v.got[n])
			}
		}
		back = append(back, nsToMS(ready-dropAt)/1000)
	}
	slices.Sort(back)
	s.set("viewers_never_back", float64(neverBack))
	s.set("back_p50_s", percentile(back, 50))
	s.set("back_p99_s", percentile(back, 99))
	if len(back) > 0 {
		s.set("all_back_s", back[len(back)-1])
	}
	s.set("missing_events", float64(missing))
	s.set("duplicate_events", float64(dups))
	s.set("reloads", float64(reloads))
	s.set("posts", float64(posts-len(r.failed)))
}
