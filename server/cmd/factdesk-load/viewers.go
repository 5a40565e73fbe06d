package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// tracker knows when each numbered post started and how many viewers
// still wait for it. Times are nanoseconds since base.
type tracker struct {
	base      time.Time
	viewers   int
	started   []atomic.Int64
	acked     []atomic.Int64
	remaining []atomic.Int32
	delivered []chan struct{}
	received  atomic.Int64
}

func newTracker(posts, viewers int) *tracker {
	t := &tracker{base: time.Now(), viewers: viewers, started: make([]atomic.Int64, posts),
		acked: make([]atomic.Int64, posts), remaining: make([]atomic.Int32, posts), delivered: make([]chan struct{}, posts)}
	for i := range posts {
		t.remaining[i].Store(int32(viewers))
		t.delivered[i] = make(chan struct{})
	}
	return t
}

func (t *tracker) now() int64 { return int64(time.Since(t.base)) }

// start records that post n starts now.
func (t *tracker) start(n int) { t.started[n].Store(t.now()) }

// waitDelivered waits until every viewer has post n, or limit passes.
func (t *tracker) waitDelivered(ctx context.Context, n int, limit time.Duration) bool {
	select {
	case <-t.delivered[n]:
		return true
	case <-time.After(limit):
	case <-ctx.Done():
	}
	return false
}

// viewer is one websocket subscribed to an article's room. Only its
// reading goroutine writes its fields until that goroutine has ended.
type viewer struct {
	id      int
	conn    *websocket.Conn
	got     []int64 // receipt time of post n, 0 when not received
	dups    int
	lastSeq int64
	reloads int
	errors  []string
	// per connection:
	subscribedAt int64
	subscribed   chan struct{}
	readDone     chan struct{}
	closeCode    int
	readErr      error
}

// viewerSet opens, reads and closes viewers of one room.
type viewerSet struct {
	server  string // http://127.0.0.1:port
	cookie  string
	room    string
	tracker *tracker
	viewers []*viewer
}

// sourceAddrs spreads the viewers' sockets over several loopback source
// addresses, so that reconnecting thousands of them never runs short of
// ephemeral ports.
const sourceAddrs = 8

func (vs *viewerSet) dialer(id int, rcvBuf int) *websocket.Dialer {
	nd := &net.Dialer{Timeout: 30 * time.Second, LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+id%sourceAddrs))}}
	if rcvBuf > 0 {
		// A small receive buffer, set before connecting, makes a viewer
		// that stops reading stall the server's writes soon.
		nd.Control = func(_, _ string, c syscall.RawConn) error {
			return c.Control(func(fd uintptr) {
				syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, rcvBuf)
			})
		}
	}
	return &websocket.Dialer{NetDialContext: nd.DialContext, HandshakeTimeout: 30 * time.Second,
		ReadBufferSize: 4096, WriteBufferSize: 1024}
}

// connect opens v's websocket and subscribes to the room after seq; it
// returns when the server has answered "subscribed" (so every event after
// seq up to then has arrived).
func (vs *viewerSet) connect(ctx context.Context, v *viewer, after int64, rcvBuf int, read bool) error {
	url := "ws" + strings.TrimPrefix(vs.server, "http") + "/api/live"
	hdr := http.Header{"Origin": {vs.server}, "Cookie": {vs.cookie}}
	conn, res, err := vs.dialer(v.id, rcvBuf).DialContext(ctx, url, hdr)
	if err != nil {
		if res != nil {
			return fmt.Errorf("open websocket: %w (%s)", err, res.Status)
		}
		return fmt.Errorf("open websocket: %w", err)
	}
	// Keep the server's close code and reason rather than answering it.
	conn.SetCloseHandler(func(int, string) error { return nil })
	v.conn, v.subscribed, v.readDone, v.closeCode, v.subscribedAt, v.readErr = conn, make(chan struct{}), make(chan struct{}), 0, 0, nil
	msg := fmt.Sprintf(`{"type":"subscribe","room":%q,"after":%d}`, vs.room, after)
	conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		conn.Close()
		return fmt.Errorf("subscribe: %w", err)
	}
	if !read {
		close(v.readDone)
		return nil
	}
	go vs.read(v)
	select {
	case <-v.subscribed:
		return nil
	case <-v.readDone:
		return fmt.Errorf("viewer %d: the connection ended before it was subscribed: %v %v", v.id, v.readErr, v.errors)
	case <-time.After(60 * time.Second):
		return errors.New("no subscribed answer within 60s")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// read handles v's messages until its connection ends.
func (vs *viewerSet) read(v *viewer) {
	defer close(v.readDone)
	for {
		_, data, err := v.conn.ReadMessage()
		if err != nil {
			v.readErr = err
			if ce, ok := errors.AsType[*websocket.CloseError](err); ok {
				v.closeCode = ce.Code
			}
			return
		}
		now := vs.tracker.now()
		for line := range bytes.SplitSeq(data, []byte("\n")) {
			vs.handle(v, line, now)
		}
	}
}

var (
	eventHead      = []byte(`{"type":"event"`)
	subscribedHead = []byte(`{"type":"subscribed"`)
	reloadHead     = []byte(`{"type":"reload"`)
	errorHead      = []byte(`{"type":"error"`)
	eventSeq       = []byte(`"event":{"seq":`)
	roomSeq        = []byte(`"seq":`)
	markerBytes    = []byte(markerPrefix)
)

// handle reads one message without decoding all of it: the generator has
// one core for thousands of viewers.
func (vs *viewerSet) handle(v *viewer, line []byte, now int64) {
	switch {
	case bytes.HasPrefix(line, eventHead):
		if seq, ok := intAfter(line, eventSeq); ok && int64(seq) > v.lastSeq {
			v.lastSeq = int64(seq)
		}
		n, ok := intAfter(line, markerBytes)
		if !ok || n < 0 || n >= len(v.got) {
			return
		}
		if v.got[n] != 0 {
			v.dups++
			return
		}
		v.got[n] = now
		vs.tracker.received.Add(1)
		if vs.tracker.remaining[n].Add(-1) == 0 {
			close(vs.tracker.delivered[n])
		}
	case bytes.HasPrefix(line, subscribedHead):
		if seq, ok := intAfter(line, roomSeq); ok && int64(seq) > v.lastSeq {
			v.lastSeq = int64(seq)
		}
		if v.subscribedAt == 0 {
			v.subscribedAt = now
			close(v.subscribed)
		}
	case bytes.HasPrefix(line, reloadHead):
		v.reloads++
	case bytes.HasPrefix(line, errorHead):
		if len(v.errors) < 3 {
			v.errors = append(v.errors, string(line))
		}
	}
}

// intAfter parses the decimal number right after the first occurrence of
// key in line.
func intAfter(line, key []byte) (int, bool) {
	i := bytes.Index(line, key)
	if i < 0 {
		return 0, false
	}
	rest := line[i+len(key):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(string(rest[:j]))
	return n, err == nil
}

// open connects n viewers, at most parallel at a time, each subscribed
// after seq, and adds them to the set. It stops at the first failure and
// says how far it got.
func (vs *viewerSet) open(ctx context.Context, n, posts int, after int64, parallel int) error {
	first := len(vs.viewers)
	for i := range n {
		vs.viewers = append(vs.viewers, &viewer{id: first + i, got: make([]int64, posts)})
	}
	begin := time.Now()
	var subscribed atomic.Int64
	err := forEachParallel(ctx, vs.viewers[first:], parallel, func(v *viewer) error {
		if err := vs.connect(ctx, v, after, 0, true); err != nil {
			return err
		}
		subscribed.Add(1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("%d of %d viewers subscribed in %s, then: %w", subscribed.Load(), n, time.Since(begin).Round(time.Millisecond), err)
	}
	return nil
}

// dropAll closes every viewer's socket at once, without a close frame, as
// when a network path fails, and waits until their readers have ended.
func (vs *viewerSet) dropAll() {
	for _, v := range vs.viewers {
		v.conn.NetConn().Close()
	}
	for _, v := range vs.viewers {
		<-v.readDone
		v.subscribedAt = 0
	}
}

// reconnect connects v again after the last sequence number it saw, as a
// browser does: on failure it tries again after a growing pause, at most
// attempts times. It returns how many attempts failed.
func (vs *viewerSet) reconnect(ctx context.Context, v *viewer, attempts int) (int, error) {
	var err error
	for i := range attempts {
		if err = vs.connect(ctx, v, v.lastSeq, 0, true); err == nil {
			return i, nil
		}
		if v.conn != nil {
			v.conn.NetConn().Close()
			<-v.readDone
		}
		select {
		case <-ctx.Done():
			return i + 1, ctx.Err()
		case <-time.After(time.Duration(i+1) * 250 * time.Millisecond):
		}
	}
	return attempts, err
}

// close ends every viewer's connection and waits (at most 15 seconds in
// all) until their readers have ended.
func (vs *viewerSet) close() {
	for _, v := range vs.viewers {
		if v.conn != nil {
			v.conn.NetConn().Close()
		}
	}
	deadline := time.After(15 * time.Second)
	for _, v := range vs.viewers {
		if v.readDone == nil {
			continue
		}
		select {
		case <-v.readDone:
		case <-deadline:
			return
		}
	}
}

// disconnected counts the viewers whose connection the server ended, by
// close code.
func (vs *viewerSet) disconnected() map[int]int {
	out := map[int]int{}
	for _, v := range vs.viewers {
		select {
		case <-v.readDone:
			out[v.closeCode]++
		default:
		}
	}
	return out
}

// forEachParallel runs fn for every item, at most parallel at a time, and
// returns the first error (the others still finish).
func forEachParallel[T any](ctx context.Context, items []T, parallel int, fn func(T) error) error {
	var (
		wg       sync.WaitGroup
		firstErr error
		mu       sync.Mutex
	)
	sem := make(chan struct{}, parallel)
	for _, it := range items {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(it); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}
