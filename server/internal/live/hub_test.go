package live

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/store"
)

func newTestClient(h *Hub, queue int) *client {
	c := &client{hub: h, rooms: map[string]*subscription{}, send: make(chan []byte, queue), closing: make(chan struct{}), metrics: h.metrics}
	if !h.register(c) {
		panic("hub closed")
	}
	return c
}

func event(seq int64, article string) factcheck.Event {
	return factcheck.Event{Seq: seq, WorkspaceID: "w1", WorkspaceSlug: "desk", ArticleID: article, Type: "annotation.created",
		Payload: json.RawMessage(`{"n":` + string(rune('0'+seq%10)) + `}`), CreatedAt: time.Now()}
}

func drain(c *client) []eventMsg {
	var out []eventMsg
	for {
		select {
		case b := <-c.send:
			var m eventMsg
			json.Unmarshal(b, &m)
			out = append(out, m)
		default:
			return out
		}
	}
}

func TestBroadcastReachesOnlyTheRoomsAnEventConcerns(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	inArticle, inOther, inWorkspace := newTestClient(h, 16), newTestClient(h, 16), newTestClient(h, 16)
	h.join(inArticle, service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}, false)
	h.join(inOther, service.Room{Name: "article:a2", Filter: store.RoomFilter{ArticleID: "a2"}}, false)
	h.join(inWorkspace, service.Room{Name: "workspace:desk", Filter: store.RoomFilter{WorkspaceID: "w1"}}, false)
	for _, c := range []*client{inArticle, inOther, inWorkspace} {
		drain(c) // the "subscribed" messages
	}
	h.Broadcast([]factcheck.Event{event(1, "a1"), event(2, "a2"), event(2, "a2"), event(3, "")})
	seqs := func(ms []eventMsg) (out []int64) {
		for _, m := range ms {
			out = append(out, m.Event.Seq)
		}
		return out
	}
	if got := seqs(drain(inArticle)); len(got) != 1 || got[0] != 1 {
		t.Errorf("article a1's viewer got %v, want [1]", got)
	}
	if got := seqs(drain(inOther)); len(got) != 1 || got[0] != 2 {
		t.Errorf("article a2's viewer got %v, want [2] (once)", got)
	}
	if got := seqs(drain(inWorkspace)); len(got) != 3 {
		t.Errorf("the workspace viewer got %v, want [1 2 3]", got)
	}
	if h.Cursor() != 3 {
		t.Errorf("cursor %d, want 3", h.Cursor())
	}
}

// TestSlowClientIsDisconnectedWithoutSlowingOthers fills one client's queue:
// the broadcast must not wait for it; it is closed (to resume later) and
// the others get everything.
func TestSlowClientIsDisconnectedWithoutSlowingOthers(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	slow, fast := newTestClient(h, 2), newTestClient(h, 64)
	room := service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}
	h.join(slow, room, false)
	h.join(fast, room, false)
	drain(fast) // "subscribed" and presence
	var evs []factcheck.Event
	for i := range int64(20) {
		evs = append(evs, event(i+1, "a1"))
	}
	done := make(chan struct{})
	go func() { h.Broadcast(evs); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Broadcast blocked on a slow client")
	}
	select {
	case <-slow.closing:
		if slow.closeCode != closeTryAgainLater {
			t.Errorf("slow client closed with %d, want %d", slow.closeCode, closeTryAgainLater)
		}
	default:
		t.Fatal("the slow client was not disconnected")
	}
	if n := len(drain(fast)); n != 20 {
		t.Fatalf("the fast client got %d messages, want the 20 events", n)
	}
}

// TestCatchUpThenLiveKeepsOrder joins with catch-up while events keep
// arriving: the caught-up events come first, then the ones that arrived
// meanwhile, with nothing lost or repeated.
func TestCatchUpThenLiveKeepsOrder(t *testing.T) {
	h := NewHub(5, NewMetrics(prometheus.NewRegistry()))
	c := newTestClient(h, 64)
	room := service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}
	upTo, ok := h.join(c, room, true)
	if !ok || upTo != 5 {
		t.Fatalf("join = %d, %v", upTo, ok)
	}
	h.Broadcast([]factcheck.Event{event(6, "a1"), event(7, "a1")}) // live, while catching up
	h.finishJoin(c, room.Name, []factcheck.Event{event(3, "a1"), event(5, "a1")}, upTo, false)
	var got []int64
	var last string
	for _, item := range drainRaw(c) {
		for _, m := range strings.Split(string(item), "\n") {
			var env struct {
				Type  string
				Event struct{ Seq int64 }
			}
			json.Unmarshal([]byte(m), &env)
			if env.Type == "event" {
				got = append(got, env.Event.Seq)
			}
			last = env.Type
		}
	}
	if want := []int64{3, 5, 6, 7}; !equal(got, want) || last != "subscribed" {
		t.Fatalf("got %v then %q, want %v then subscribed", got, last, want)
	}
}

func drainRaw(c *client) [][]byte {
	var out [][]byte
	for {
		select {
		case b := <-c.send:
			out = append(out, b)
		default:
			return out
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDecodeClientMessage(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{`{"type":"subscribe","room":"article:x","after":4}`, ""},
		{`{"type":"unsubscribe","room":"workspace:desk"}`, ""},
		{`{"type":"subscribe","room":"claim:x"}`, ""},
		{`nope`, "JSON object"},
		{`{"type":"subscribe","room":"a"} {"type":"subscribe","room":"b"}`, "one JSON object"},
		{`{"type":"publish","room":"a"}`, "type must be"},
		{`{"type":"subscribe"}`, "room is required"},
		{`{"type":"subscribe","room":"a","after":-1}`, "after must be"},
		{`{"type":"subscribe","room":"a","after":"7"}`, "JSON object"},
		{`{"type":"subscribe","room":"a","admin":true}`, "JSON object"},
		{`{"type":"subscribe","room":"` + strings.Repeat("r", 201) + `"}`, "room is required"},
	}
	for _, tt := range tests {
		_, err := DecodeClientMessage([]byte(tt.in))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%.40s: %v", tt.in, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%.40s: error %v, want one containing %q", tt.in, err, tt.wantErr)
		}
	}
}

// FuzzDecodeClientMessage feeds the decoder anything: it never panics, and
// whatever it accepts is a well-formed message.
func FuzzDecodeClientMessage(f *testing.F) {
	for _, s := range []string{`{"type":"subscribe","room":"article:x","after":4}`, `{}`, `[]`, `{"type":"unsubscribe","room":""}`, "\x00",
		`{"type":"presence","room":"article:x","focus":"annotation:1","typing":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeClientMessage(data)
		if err != nil {
			return
		}
		ok := m.Room != "" && len(m.Room) <= 200 && (m.After == nil || *m.After >= 0)
		switch m.Type {
		case "subscribe", "unsubscribe":
			ok = ok && m.Focus == nil && m.Typing == nil
		case "presence":
			ok = ok && m.After == nil && validTarget(m.Focus) && validTarget(m.Typing)
		default:
			ok = false
		}
		if !ok {
			t.Fatalf("accepted %q as %+v", data, m)
		}
		// What it accepted reads the same when written again.
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if m2, err := DecodeClientMessage(again); err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("accepted %q as %+v, but its encoding %s reads as %+v (%v)", data, m, again, m2, err)
		}
	})
}

// TestPresenceAcrossInstances applies another instance's announcement and
// lets it expire when that instance stops announcing.
func TestPresenceAcrossInstances(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	c := newTestClient(h, 64)
	c.user = factcheck.User{ID: "u1", Name: "Local"}
	room := service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}
	h.join(c, room, false)
	drainRaw(c)
	names := func() []string {
		h.FlushPresence()
		var out []string
		for _, m := range c.takePresence() {
			var p presenceMsg
			if json.Unmarshal(m, &p); p.Type == "presence" {
				out = nil
				for _, mem := range p.Members {
					out = append(out, mem.User.Name)
				}
			}
		}
		return out
	}
	ann, _ := json.Marshal(PresenceAnnouncement{Instance: "other", Room: room.Name,
		Members: []PresenceMember{{ID: "other/1", User: factcheck.UserRef{ID: "u2", Name: "Remote"}}}})
	h.applyAnnouncement(string(ann))
	if got := names(); len(got) != 2 {
		t.Fatalf("after the announcement: %v, want Local and Remote", got)
	}
	h.applyAnnouncement(`{"instance":"` + h.instance + `","room":"article:a1","members":[]}`) // our own echo: ignored
	h.applyAnnouncement(`not json`)
	h.mu.Lock()
	e := h.remote[room.Name]["other"]
	e.expires = time.Now().Add(-time.Second)
	h.remote[room.Name]["other"] = e
	h.mu.Unlock()
	h.expireRemote()
	if got := names(); len(got) != 1 || got[0] != "Local" {
		t.Fatalf("after expiry: %v, want only Local", got)
	}
	if a := h.takeAnnouncements(true); len(a) != 1 || a[0].Room != room.Name || len(a[0].Members) != 1 {
		t.Fatalf("announcements = %+v", a)
	}
}

// TestPresenceIsMergedAndBounded joins many connections to one room: the
// flush sends each one message listing at most maxPresenceShown members
// with the total, and presence never goes through (or fills) the send queue.
func TestPresenceIsMergedAndBounded(t *testing.T) {
	h := NewHub(0, NewMetrics(prometheus.NewRegistry()))
	room := service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}
	var clients []*client
	for range 300 {
		c := newTestClient(h, 4)
		h.join(c, room, false)
		clients = append(clients, c)
	}
	h.FlushPresence()
	for i, c := range clients {
		select {
		case <-c.closing:
			t.Fatalf("client %d was disconnected while 300 joined", i)
		default:
		}
		msgs := c.takePresence()
		if len(msgs) != 1 {
			t.Fatalf("client %d has %d presence messages waiting, want 1", i, len(msgs))
		}
		var p presenceMsg
		json.Unmarshal(msgs[0], &p)
		if p.Total != 300 || len(p.Members) != maxPresenceShown {
			t.Fatalf("presence lists %d of %d, want %d of 300", len(p.Members), p.Total, maxPresenceShown)
		}
	}
}

// TestFarBehindCatchUpFitsTheQueue catches a client up on catchUpLimit
// missed events with a small send queue: it must not be disconnected, and
// it must get every event, in order, then "subscribed".
func TestFarBehindCatchUpFitsTheQueue(t *testing.T) {
	h := NewHub(catchUpLimit, NewMetrics(prometheus.NewRegistry()))
	c := newTestClient(h, sendQueueLen)
	room := service.Room{Name: "article:a1", Filter: store.RoomFilter{ArticleID: "a1"}}
	upTo, _ := h.join(c, room, true)
	var missed []factcheck.Event
	for i := range int64(catchUpLimit) {
		missed = append(missed, event(i+1, "a1"))
	}
	h.finishJoin(c, room.Name, missed, upTo, false)
	select {
	case <-c.closing:
		t.Fatal("catching up on 1,000 events disconnected the client")
	default:
	}
	var seqs []int64
	last := ""
	for _, item := range drainRaw(c) {
		for _, line := range strings.Split(string(item), "\n") {
			var m struct {
				Type  string
				Event struct{ Seq int64 }
			}
			json.Unmarshal([]byte(line), &m)
			if m.Type == "event" {
				seqs = append(seqs, m.Event.Seq)
			}
			last = m.Type
		}
	}
	if len(seqs) != catchUpLimit || seqs[0] != 1 || seqs[len(seqs)-1] != catchUpLimit || last != "subscribed" {
		t.Fatalf("caught up %d events (%v…), last message %q", len(seqs), seqs[:min(3, len(seqs))], last)
	}
}
