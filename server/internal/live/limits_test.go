package live

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

func TestSocketsPerUserAreCapped(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	h.LimitSocketsPerUser(2)
	if !h.reserve("u1") || !h.reserve("u1") {
		t.Fatal("the first two sockets were refused")
	}
	if h.reserve("u1") {
		t.Fatal("a third socket was admitted")
	}
	if !h.reserve("u2") {
		t.Fatal("another user was refused")
	}
	// A failed upgrade gives its place back.
	h.release("u1")
	if !h.reserve("u1") {
		t.Fatal("a released place was not given back")
	}
	// So does a registered connection when it ends.
	c := &client{hub: h, user: factcheck.User{ID: "u1"}, counted: true, rooms: map[string]*subscription{},
		send: make(chan []byte, 1), closing: make(chan struct{}), metrics: h.metrics}
	if !h.register(c) {
		t.Fatal("register failed")
	}
	h.unregister(c)
	if !h.reserve("u1") {
		t.Fatal("an ended connection kept its place")
	}
	h.release("u1")
	h.release("u1")
	h.release("u2")
	if len(h.sockets) != 0 {
		t.Fatalf("counts left after every socket ended: %v", h.sockets)
	}
}

// TestDropsCatchConnectionsBeingOpened: a logout or a disabling that lands
// after a request was authenticated but before its socket is registered
// still closes that socket; sockets authenticated after it are kept.
func TestDropsCatchConnectionsBeingOpened(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	connect := func(user, session string, authAt time.Time) *client {
		c := &client{hub: h, user: factcheck.User{ID: user}, sessionKey: session, authAt: authAt, rooms: map[string]*subscription{},
			send: make(chan []byte, 1), closing: make(chan struct{}), metrics: h.metrics}
		if !h.register(c) {
			t.Fatal("register failed")
		}
		return c
	}
	closedWith := func(c *client) int {
		select {
		case <-c.closing:
			return c.closeCode
		default:
			return 0
		}
	}
	before := time.Now()
	h.DropSession("s1")
	h.DropUser("u2")
	after := time.Now()
	for _, tt := range []struct {
		name string
		c    *client
		want int
	}{
		{"logged out while opening", connect("u1", "s1", before), closePolicyViolation},
		{"disabled while opening", connect("u2", "s2", before), closePolicyViolation},
		{"logged in again after the logout", connect("u1", "s3", after), 0},
		{"reconnected after an access change", connect("u2", "s4", after), 0},
		{"another user", connect("u3", "s5", before), 0},
		{"time of authentication unknown", connect("u2", "s6", time.Time{}), 0},
	} {
		if got := closedWith(tt.c); got != tt.want {
			t.Errorf("%s: close code %d, want %d", tt.name, got, tt.want)
		}
	}
	// Drops are remembered for a minute only.
	h.mu.Lock()
	h.dropped["u:old"] = time.Now().Add(-2 * droppedMemory)
	h.rememberDrop("u:new")
	_, old := h.dropped["u:old"]
	h.mu.Unlock()
	if old {
		t.Fatal("a drop older than droppedMemory is still remembered")
	}
}
