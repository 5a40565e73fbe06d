package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

type writeMark struct {
	Writer int `json:"writer"`
	N      int `json:"n"`
}

func newWorkspace(t *testing.T, s *store.Store) factcheck.Workspace {
	t.Helper()
	ws, err := s.CreateWorkspace(context.Background(), "desk", "Desk")
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func appendMark(ctx context.Context, s *store.Store, ws factcheck.Workspace, m writeMark, hold time.Duration) error {
	payload, _ := json.Marshal(m)
	return s.Atomic(ctx, func(tx *store.Tx) error {
		if err := tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: ws.ID, Type: "test.marked", Payload: payload}); err != nil {
			return err
		}
		time.Sleep(hold)
		return nil
	})
}

// readAll sequences and reads every event after cursor, as the live stream
// does, and returns them with the new cursor.
func readAll(ctx context.Context, t *testing.T, s *store.Store, cursor int64) ([]factcheck.Event, int64) {
	t.Helper()
	if _, err := s.SequenceEvents(ctx); err != nil {
		t.Errorf("sequence: %v", err)
		return nil, cursor
	}
	var out []factcheck.Event
	for {
		evs, err := s.EventsAfter(ctx, cursor, 0, 500)
		if err != nil {
			t.Errorf("read: %v", err)
			return out, cursor
		}
		if len(evs) == 0 {
			return out, cursor
		}
		if evs[len(evs)-1].Seq <= cursor {
			t.Errorf("read after %d returned seq %d: the cursor does not advance", cursor, evs[len(evs)-1].Seq)
			return out, cursor
		}
		out = append(out, evs...)
		cursor = evs[len(evs)-1].Seq
	}
}

// TestEventStreamUnderConcurrentWriters runs many writers, some of which hold
// their transaction open so that commits happen out of order, against two
// readers that each sequence and read (as two server instances do). Every
// reader must see every committed event exactly once, in one dense order, and
// each writer's events in the order that writer committed them.
func TestEventStreamUnderConcurrentWriters(t *testing.T) {
	s := storetest.New(t)
	ctx := context.Background()
	ws := newWorkspace(t, s)

	const writers, perWriter = 16, 40
	done := make(chan struct{})
	type result struct {
		events []factcheck.Event
	}
	results := make([]result, 2)
	var readers sync.WaitGroup
	for r := range results {
		readers.Go(func() {
			var cursor int64
			for {
				select {
				case <-done:
					evs, _ := readAll(ctx, t, s, cursor)
					results[r].events = append(results[r].events, evs...)
					return
				default:
				}
				evs, c := readAll(ctx, t, s, cursor)
				results[r].events = append(results[r].events, evs...)
				cursor = c
				time.Sleep(time.Millisecond)
			}
		})
	}

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for n := range perWriter {
				hold := time.Duration(0)
				if (w+n)%7 == 0 {
					hold = 15 * time.Millisecond // commits after later-started transactions
				}
				if err := appendMark(ctx, s, ws, writeMark{Writer: w, N: n}, hold); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()

	const total = writers * perWriter
	for r, res := range results {
		if len(res.events) != total {
			t.Fatalf("reader %d saw %d events, want %d", r, len(res.events), total)
		}
		next := make([]int, writers)
		for i, e := range res.events {
			if e.Seq != int64(i+1) {
				t.Fatalf("reader %d: event %d has seq %d, want %d (gap, duplicate or reorder)", r, i, e.Seq, i+1)
			}
			var m writeMark
			if err := json.Unmarshal(e.Payload, &m); err != nil {
				t.Fatal(err)
			}
			if m.N != next[m.Writer] {
				t.Fatalf("reader %d: writer %d's event %d arrived when %d was expected", r, m.Writer, m.N, next[m.Writer])
			}
			next[m.Writer]++
		}
	}
}

// TestLateCommitIsNotSkipped is the case a plain BIGSERIAL gets wrong: a
// transaction that appended its event first commits last. The reader that
// already moved past the later events must still receive it.
func TestLateCommitIsNotSkipped(t *testing.T) {
	s := storetest.New(t)
	ctx := context.Background()
	ws := newWorkspace(t, s)

	appended := make(chan struct{})
	release := make(chan struct{})
	slow := make(chan error, 1)
	go func() {
		payload, _ := json.Marshal(writeMark{Writer: 0})
		slow <- s.Atomic(ctx, func(tx *store.Tx) error {
			if err := tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: ws.ID, Type: "test.slow", Payload: payload}); err != nil {
				return err
			}
			close(appended)
			<-release
			return nil
		})
	}()
	<-appended
	for n := range 3 {
		if err := appendMark(ctx, s, ws, writeMark{Writer: 1, N: n}, 0); err != nil {
			t.Fatal(err)
		}
	}
	first, cursor := readAll(ctx, t, s, 0)
	if len(first) != 3 {
		t.Fatalf("before the slow commit the reader saw %d events, want the 3 committed ones", len(first))
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	late, _ := readAll(ctx, t, s, cursor)
	if len(late) != 1 || late[0].Type != "test.slow" || late[0].Seq != 4 {
		t.Fatalf("after the slow commit the reader saw %+v, want the slow event as seq 4", late)
	}
}

// TestRolledBackWriteLeavesNoEvent checks that an event written in a
// transaction that fails is never seen, and leaves no gap in the numbering.
func TestRolledBackWriteLeavesNoEvent(t *testing.T) {
	s := storetest.New(t)
	ctx := context.Background()
	ws := newWorkspace(t, s)
	err := s.Atomic(ctx, func(tx *store.Tx) error {
		if err := tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: ws.ID, Type: "test.lost", Payload: []byte(`{}`)}); err != nil {
			return err
		}
		return fmt.Errorf("validation failed")
	})
	if err == nil {
		t.Fatal("Atomic swallowed the error")
	}
	if err := appendMark(ctx, s, ws, writeMark{}, 0); err != nil {
		t.Fatal(err)
	}
	evs, _ := readAll(ctx, t, s, 0)
	if len(evs) != 1 || evs[0].Type != "test.marked" || evs[0].Seq != 1 {
		t.Fatalf("events = %+v, want only the committed one, as seq 1", evs)
	}
}

// BenchmarkAppendEvent measures the write path of the events backbone: one
// transaction per change with its event, from b.N parallel writers.
func BenchmarkAppendEvent(b *testing.B) {
	s := storetest.New(b)
	ctx := context.Background()
	ws, err := s.CreateWorkspace(ctx, "bench", "Bench")
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(4) // 4 × GOMAXPROCS writers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := appendMark(ctx, s, ws, writeMark{}, 0); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
