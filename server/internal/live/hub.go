// Package live carries events to browsers over websockets. Every instance
// follows the events table (woken by its own commits, by NOTIFY from other
// instances, and by a slow tick), numbers new events through the store's
// sequencer, and fans each one out to the rooms it concerns. A browser that
// (re)joins a room with the last sequence number it saw first receives every
// event after it, in order, then the live ones.
package live

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// Server → browser messages. A frame carries one or more of them, separated
// by newlines.
type (
	subscribedMsg struct {
		Type string `json:"type"` // "subscribed"
		Room string `json:"room"`
		Seq  int64  `json:"seq"`
	}
	eventMsg struct {
		Type  string     `json:"type"` // "event"
		Room  string     `json:"room"`
		Event wire.Event `json:"event"`
	}
	reloadMsg struct {
		Type   string `json:"type"` // "reload"
		Room   string `json:"room"`
		Reason string `json:"reason"`
	}
	errorMsg struct {
		Type    string `json:"type"` // "error"
		Code    string `json:"code"`
		Message string `json:"message"`
		Room    string `json:"room,omitempty"`
	}
)

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("encode live message: " + err.Error()) // our own types; a failure is a bug
	}
	return b
}

// subscription is one client in one room. While pending, the client is
// catching up from the table, and live events wait in buffer.
type subscription struct {
	client  *client
	room    service.Room
	pending bool
	buffer  [][]byte
	// What the connection has open and is typing in (presence).
	focus, typing string
}

// Hub keeps the rooms and the clients in them.
type Hub struct {
	mu      sync.Mutex
	rooms   map[string]map[*client]*subscription
	clients map[*client]struct{}
	// cursor is the highest sequence number fanned out so far.
	cursor  int64
	metrics *Metrics
	closed  bool

	// instance names this hub among the server instances, for presence.
	instance string
	// remote is the other instances' presence, by room and instance.
	remote map[string]map[string]remoteEntry
	// dirtyPresence are the rooms whose presence must be announced to the
	// other instances; announce wakes the announcer.
	dirtyPresence map[string]bool
	announce      chan struct{}
	// presenceDirty are the rooms whose presence the next flush sends to
	// this instance's connections.
	presenceDirty map[string]bool

	// maxPerUser caps the connections of one user on this instance;
	// sockets counts them (with those being opened) by user id.
	maxPerUser int
	sockets    map[string]int
	// dropped remembers, for a minute, when the connections of a user
	// ("u:"+id) or a session ("s:"+key) were last closed, so that a
	// connection authenticated before that but registered after it is
	// closed too, instead of slipping through.
	dropped map[string]time.Time
}

// DefaultMaxSocketsPerUser is how many live connections one user may have
// open on one instance unless LimitSocketsPerUser says otherwise.
const DefaultMaxSocketsPerUser = 20

// droppedMemory is how long a drop is remembered; far longer than the
// time between a request's authentication and its upgrade.
const droppedMemory = time.Minute

// NewHub returns an empty hub that will fan out events after cursor.
func NewHub(cursor int64, m *Metrics) *Hub {
	return &Hub{rooms: map[string]map[*client]*subscription{}, clients: map[*client]struct{}{}, cursor: cursor, metrics: m,
		instance: newID(), remote: map[string]map[string]remoteEntry{}, dirtyPresence: map[string]bool{}, announce: make(chan struct{}, 1),
		presenceDirty: map[string]bool{}, maxPerUser: DefaultMaxSocketsPerUser, sockets: map[string]int{}, dropped: map[string]time.Time{}}
}

// LimitSocketsPerUser sets how many live connections one user may have
// open on this instance (n >= 1); call it before serving.
func (h *Hub) LimitSocketsPerUser(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.maxPerUser = max(1, n)
}

// reserve counts a connection of the user about to be opened, unless the
// user has as many as allowed already. A reservation is given back by
// release, or by unregister once the connection was registered.
func (h *Hub) reserve(userID string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sockets[userID] >= h.maxPerUser {
		return false
	}
	h.sockets[userID]++
	return true
}

func (h *Hub) release(userID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.releaseLocked(userID)
}

func (h *Hub) releaseLocked(userID string) {
	if h.sockets[userID]--; h.sockets[userID] <= 0 {
		delete(h.sockets, userID)
	}
}

// droppedSince reports whether key's connections were dropped after t.
func (h *Hub) droppedSince(key string, t time.Time) bool {
	at, ok := h.dropped[key]
	return ok && at.After(t)
}

// rememberDrop records that key's connections were dropped now, and
// forgets drops older than droppedMemory.
func (h *Hub) rememberDrop(key string) {
	now := time.Now()
	for k, at := range h.dropped {
		if now.Sub(at) > droppedMemory {
			delete(h.dropped, k)
		}
	}
	h.dropped[key] = now
}

// Cursor returns the highest sequence number fanned out.
func (h *Hub) Cursor() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cursor
}

func (h *Hub) register(c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.clients[c] = struct{}{}
	h.metrics.connections.Inc()
	// Its session or its user was dropped after the request was
	// authenticated, while it was being upgraded: close it as the drop would
	// have.
	if !c.authAt.IsZero() {
		switch {
		case h.droppedSince("s:"+c.sessionKey, c.authAt):
			c.close(closePolicyViolation, "logged out")
		case h.droppedSince("u:"+c.user.ID, c.authAt):
			c.close(closePolicyViolation, "your access changed")
		}
	}
	return true
}

func (h *Hub) unregister(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; !ok {
		return
	}
	delete(h.clients, c)
	for name := range c.rooms {
		h.leaveLocked(c, name)
	}
	if c.counted {
		h.releaseLocked(c.user.ID)
	}
	h.metrics.connections.Dec()
}

func (h *Hub) leaveLocked(c *client, name string) {
	subs, ok := h.rooms[name]
	if !ok {
		return
	}
	if _, in := subs[c]; !in {
		return
	}
	delete(subs, c)
	if len(subs) == 0 {
		delete(h.rooms, name)
		h.metrics.rooms.Dec()
	}
	delete(c.rooms, name)
	h.presenceChangedLocked(name)
}

// Broadcast fans events (in sequence order, all after the cursor) out to
// their rooms. Each message is encoded once; a client whose queue is full
// is disconnected, never waited for.
func (h *Hub) Broadcast(events []factcheck.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range events {
		if e.Seq <= h.cursor {
			continue
		}
		h.cursor = e.Seq
		we := wire.FromEvent(e)
		for _, room := range service.RoomsOf(e) {
			subs := h.rooms[room]
			if len(subs) == 0 {
				continue
			}
			msg := encode(eventMsg{Type: "event", Room: room, Event: we})
			for c, sub := range subs {
				if sub.pending {
					sub.buffer = append(sub.buffer, msg)
					continue
				}
				if c.enqueue(msg) {
					h.metrics.delivered.Inc()
				}
			}
		}
		h.metrics.fanout.Observe(time.Since(e.CreatedAt).Seconds())
		h.metrics.events.Inc()
	}
}

// join adds c to room. With after, the client first catches up: join
// returns the upper bound of the catch-up (the events after `after` up to
// it are read from the table by the caller), and live events wait until
// finishJoin. Without after, the client just starts receiving.
func (h *Hub) join(c *client, room service.Room, catchUp bool) (upTo int64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; !ok {
		return 0, false
	}
	if _, ok := c.rooms[room.Name]; ok {
		h.leaveLocked(c, room.Name)
	}
	subs := h.rooms[room.Name]
	if subs == nil {
		subs = map[*client]*subscription{}
		h.rooms[room.Name] = subs
		h.metrics.rooms.Inc()
	}
	sub := &subscription{client: c, room: room, pending: catchUp}
	subs[c] = sub
	c.rooms[room.Name] = sub
	if !catchUp {
		c.enqueue(encode(subscribedMsg{Type: "subscribed", Room: room.Name, Seq: h.cursor}))
	}
	h.presenceChangedLocked(room.Name)
	return h.cursor, true
}

// finishJoin sends the caught-up events, then what arrived live meanwhile,
// and makes the subscription live. When the client was too far behind it is
// told to reload instead and leaves the room.
func (h *Hub) finishJoin(c *client, room string, missed []factcheck.Event, upTo int64, tooFar bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	sub, ok := c.rooms[room]
	if !ok || !sub.pending {
		return
	}
	if tooFar {
		h.leaveLocked(c, room)
		c.enqueue(encode(reloadMsg{Type: "reload", Room: room, Reason: "too_far_behind"}))
		return
	}
	// Up to catchUpLimit missed events go out in a few queue items, each
	// several messages already joined into one frame, so that catching up
	// can never overflow the send queue (which would disconnect the client,
	// and it would come back just as far behind).
	msgs := make([][]byte, 0, len(missed)+len(sub.buffer)+1)
	for _, e := range missed {
		msgs = append(msgs, encode(eventMsg{Type: "event", Room: room, Event: wire.FromEvent(e)}))
	}
	msgs = append(msgs, sub.buffer...)
	msgs = append(msgs, encode(subscribedMsg{Type: "subscribed", Room: room, Seq: max(upTo, h.cursor)}))
	sub.buffer, sub.pending = nil, false
	for chunk := range slices.Chunk(msgs, catchUpFrame) {
		c.enqueue(bytes.Join(chunk, []byte("\n")))
	}
}

func (h *Hub) leave(c *client, room string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.leaveLocked(c, room)
}

// DropSession closes every connection opened with the session whose token
// hash is given, as at logout.
func (h *Hub) DropSession(sessionKey string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rememberDrop("s:" + sessionKey)
	for c := range h.clients {
		if c.sessionKey == sessionKey {
			c.close(closePolicyViolation, "logged out")
		}
	}
}

// DropUser closes every connection of a user, whose access changed; those
// still allowed reconnect and resume.
func (h *Hub) DropUser(userID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rememberDrop("u:" + userID)
	for c := range h.clients {
		if c.user.ID == userID {
			c.close(closePolicyViolation, "your access changed")
		}
	}
}

// applyAccess closes the connections an access notification names.
func (h *Hub) applyAccess(payload string) {
	var change service.AccessChange
	if err := json.Unmarshal([]byte(payload), &change); err != nil {
		return
	}
	if change.User != "" {
		h.DropUser(change.User)
	}
	if change.Session != "" {
		h.DropSession(change.Session)
	}
}

// Shutdown closes every connection with "going away" and refuses new ones.
func (h *Hub) Shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		c.close(closeGoingAway, "server shutting down")
	}
}

// Stats are the hub's current sizes.
type Stats struct {
	Connections int
	Rooms       int
}

// Stats returns how many connections and rooms the hub has.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Stats{Connections: len(h.clients), Rooms: len(h.rooms)}
}
