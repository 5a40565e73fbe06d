package live

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Presence is who is in an article or claim room right now, what each has
// open and what each is typing in. It is never stored: it lives in the hubs
// of the instances the people are connected to, and goes when they do.

// PresenceMember is one connection in a room.
type PresenceMember struct {
	ID     string            `json:"id"`
	User   factcheck.UserRef `json:"user"`
	Focus  *string           `json:"focus"`
	Typing *string           `json:"typing"`
}

type presenceMsg struct {
	Type    string           `json:"type"` // "presence"
	Room    string           `json:"room"`
	Members []PresenceMember `json:"members"`
	// Total counts everyone in the room; Members lists at most
	// maxPresenceShown of them.
	Total int `json:"total"`
}

// maxPresenceShown bounds the members a presence message lists. A room
// with thousands of viewers would otherwise send thousands of names to
// thousands of connections on every join.
const maxPresenceShown = 50

// presenceFlushInterval is how often changed rooms' presence is sent:
// changes in between are merged into one message per room.
const presenceFlushInterval = 200 * time.Millisecond

// remoteTTL is how long another instance's presence lasts without being
// announced again; instances announce theirs every announceInterval.
const (
	remoteTTL        = 5 * time.Second
	announceInterval = 2 * time.Second
)

// presenceTarget is what a connection may say it has open or is typing in.
var presenceTarget = regexp.MustCompile(`^(annotation|claim|verdict|reply|evidence|new-annotation):[0-9a-f-]{1,36}$`)

func validTarget(s *string) bool { return s == nil || presenceTarget.MatchString(*s) }

// hasPresence reports whether a room shows who is in it: articles and
// claims do, a whole workspace does not.
func hasPresence(room string) bool {
	return strings.HasPrefix(room, "article:") || strings.HasPrefix(room, "claim:")
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type remoteEntry struct {
	members []PresenceMember
	expires time.Time
}

func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// presenceMessageLocked is a room's presence: this instance's connections
// (those doing something first), then the other instances' that have not
// expired, at most maxPresenceShown of them, and how many there are.
func (h *Hub) presenceMessageLocked(room string) []byte {
	out := []PresenceMember{}
	total := 0
	add := func(m PresenceMember) {
		total++
		if len(out) < maxPresenceShown {
			out = append(out, m)
		}
	}
	for _, busy := range []bool{true, false} {
		for c, sub := range h.rooms[room] {
			if (sub.focus != "" || sub.typing != "") == busy {
				add(PresenceMember{ID: h.instance + "/" + c.id, User: factcheck.UserRef{ID: c.user.ID, Name: c.user.Name},
					Focus: optionalString(sub.focus), Typing: optionalString(sub.typing)})
			}
		}
	}
	now := time.Now()
	for _, e := range h.remote[room] {
		if e.expires.After(now) {
			for _, m := range e.members {
				add(m)
			}
		}
	}
	return encode(presenceMsg{Type: "presence", Room: room, Members: out, Total: total})
}

// presenceChangedLocked marks a room's presence to be sent to everyone in
// it at the next flush, and to be announced to the other instances.
func (h *Hub) presenceChangedLocked(room string) {
	if !hasPresence(room) {
		return
	}
	h.presenceDirty[room] = true
	h.dirtyPresence[room] = true
	select {
	case h.announce <- struct{}{}:
	default:
	}
}

// FlushPresence sends each changed room's presence, encoded once, to the
// connections in it. A connection keeps only the latest presence of a room
// until its writer sends it, so presence never fills a send queue.
func (h *Hub) FlushPresence() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for room := range h.presenceDirty {
		if len(h.rooms[room]) > 0 {
			msg := h.presenceMessageLocked(room)
			for c := range h.rooms[room] {
				c.setPresence(room, msg)
			}
		}
	}
	clear(h.presenceDirty)
}

// setPresence records what a connection has open and is typing in.
func (h *Hub) setPresence(c *client, room string, focus, typing *string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	sub, ok := c.rooms[room]
	if !ok || !hasPresence(room) {
		return false
	}
	sub.focus, sub.typing = deref(focus), deref(typing)
	h.presenceChangedLocked(room)
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// PresenceAnnouncement is one instance's members of one room, as the
// instances tell each other.
type PresenceAnnouncement struct {
	Instance string           `json:"instance"`
	Room     string           `json:"room"`
	Members  []PresenceMember `json:"members"`
}

// maxAnnounced bounds the members one announcement carries, to stay within
// NOTIFY's 8,000-byte payload.
const maxAnnounced = 40

// takeAnnouncements returns what this instance must tell the others: the
// rooms whose presence changed, or with all set (the periodic heartbeat),
// every room where it has members.
func (h *Hub) takeAnnouncements(all bool) []PresenceAnnouncement {
	h.mu.Lock()
	defer h.mu.Unlock()
	rooms := h.dirtyPresence
	h.dirtyPresence = map[string]bool{}
	if all {
		for room := range h.rooms {
			if hasPresence(room) {
				rooms[room] = true
			}
		}
	}
	out := make([]PresenceAnnouncement, 0, len(rooms))
	for room := range rooms {
		local := []PresenceMember{}
		for c, sub := range h.rooms[room] {
			if len(local) == maxAnnounced {
				break
			}
			local = append(local, PresenceMember{ID: h.instance + "/" + c.id, User: factcheck.UserRef{ID: c.user.ID, Name: c.user.Name},
				Focus: optionalString(sub.focus), Typing: optionalString(sub.typing)})
		}
		out = append(out, PresenceAnnouncement{Instance: h.instance, Room: room, Members: local})
	}
	return out
}

// applyAnnouncement records another instance's members of a room and shows
// them to this instance's connections there.
func (h *Hub) applyAnnouncement(payload string) {
	var a PresenceAnnouncement
	if err := json.Unmarshal([]byte(payload), &a); err != nil || a.Instance == "" || !hasPresence(a.Room) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if a.Instance == h.instance {
		return
	}
	if h.remote[a.Room] == nil {
		h.remote[a.Room] = map[string]remoteEntry{}
	}
	before := len(h.remote[a.Room][a.Instance].members)
	if len(a.Members) == 0 {
		delete(h.remote[a.Room], a.Instance)
	} else {
		h.remote[a.Room][a.Instance] = remoteEntry{members: a.Members, expires: time.Now().Add(remoteTTL)}
	}
	if len(h.remote[a.Room]) == 0 {
		delete(h.remote, a.Room)
	}
	if before > 0 || len(a.Members) > 0 {
		h.presenceDirty[a.Room] = true
	}
}

// expireRemote forgets other instances' presence that was not announced
// again in time (the instance died or lost its connection).
func (h *Hub) expireRemote() {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	for room, byInstance := range h.remote {
		changed := false
		for inst, e := range byInstance {
			if !e.expires.After(now) {
				delete(byInstance, inst)
				changed = true
			}
		}
		if len(byInstance) == 0 {
			delete(h.remote, room)
		}
		if changed {
			h.presenceDirty[room] = true
		}
	}
}
