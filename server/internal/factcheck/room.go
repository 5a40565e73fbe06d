package factcheck

import "strings"

// A room is where the live stream delivers events: a workspace's room gets
// every event of the workspace (its queues, its lists), an article's room
// the events of that article, a claim's room those of that claim. This file
// is the one place that says how a room is named, which rooms an event
// belongs to, and what a member needs to join one; the store, the service,
// the live hub and the browser (frontend/src/live/rooms.ts) follow it.

// RoomKind is what a room follows.
type RoomKind string

const (
	RoomWorkspace RoomKind = "workspace"
	RoomArticle   RoomKind = "article"
	RoomClaim     RoomKind = "claim"
)

// Room names one room: its kind and key (the workspace's slug, the
// article's or the claim's id). Scope says which events it holds; it is
// known once the room has been joined (JoinRoom fills it in).
type Room struct {
	Kind  RoomKind
	Key   string
	Scope EventScope
}

// EventScope selects the events of one room by what they concern. Exactly
// one field is set.
type EventScope struct {
	WorkspaceID string
	ArticleID   string
	ClaimID     string
}

// WorkspaceRoom is a workspace's room.
func WorkspaceRoom(slug string) Room { return Room{Kind: RoomWorkspace, Key: slug} }

// ArticleRoom is an article's room.
func ArticleRoom(id string) Room { return Room{Kind: RoomArticle, Key: id} }

// ClaimRoom is a claim's room.
func ClaimRoom(id string) Room { return Room{Kind: RoomClaim, Key: id} }

// Name is how the room is called on the wire: "workspace:<slug>",
// "article:<id>" or "claim:<id>".
func (r Room) Name() string { return string(r.Kind) + ":" + r.Key }

// ParseRoom reads a room's name.
func ParseRoom(name string) (Room, error) {
	kind, key, ok := strings.Cut(name, ":")
	switch RoomKind(kind) {
	case RoomWorkspace, RoomArticle, RoomClaim:
		if ok && key != "" {
			return Room{Kind: RoomKind(kind), Key: key}, nil
		}
	}
	return Room{}, Invalid("room", "a room is workspace:<slug>, article:<id> or claim:<id>")
}

// JoinAction is what a member must be allowed to do to join any room:
// a room shows what the workspace's readers may read, and no more.
const JoinAction = ActionRead

// RoomsOf lists the rooms an event is delivered to: always its workspace's,
// and its article's and claim's when it concerns one.
func RoomsOf(e Event) []Room {
	rooms := make([]Room, 1, 3)
	rooms[0] = WorkspaceRoom(e.WorkspaceSlug)
	if e.ArticleID != "" {
		rooms = append(rooms, ArticleRoom(e.ArticleID))
	}
	if e.ClaimID != "" {
		rooms = append(rooms, ClaimRoom(e.ClaimID))
	}
	return rooms
}

// AccessChange says whose live connections must close because their access
// changed: every connection of a user (disabled, removed, given another
// role) or those of one session (logged out). Those still allowed
// reconnect and resume.
type AccessChange struct {
	User    string `json:"user,omitempty"`
	Session string `json:"session,omitempty"`
}
