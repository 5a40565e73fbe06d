package service

import (
	"context"
	"net/url"
	"strings"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// MaxEventPage bounds one page of history.
const MaxEventPage = 500

// ListEvents returns a workspace's history after a sequence number, oldest
// first.
func (s *Service) ListEvents(ctx context.Context, user factcheck.User, slug string, after int64, limit int) ([]factcheck.Event, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	if after < 0 {
		return nil, factcheck.Invalid("after", "after must be 0 or more")
	}
	if limit < 1 || limit > MaxEventPage {
		return nil, factcheck.Invalid("limit", "limit must be between 1 and %d", MaxEventPage)
	}
	return s.store.RoomEvents(ctx, store.RoomFilter{WorkspaceID: m.Workspace.ID}, after, 0, limit)
}

// Room is a live-stream room the user may join, and which events it gets.
type Room struct {
	Name   string
	Filter store.RoomFilter
}

// WorkspaceRoom names a workspace's room.
func WorkspaceRoom(slug string) string { return "workspace:" + slug }

// ArticleRoom names an article's room.
func ArticleRoom(id string) string { return "article:" + id }

// ClaimRoom names a claim's room.
func ClaimRoom(id string) string { return "claim:" + id }

// JoinRoom checks that the user may read a room ("workspace:<slug>" or
// "article:<id>"). Rooms the user may not read, and rooms that do not
// exist, are refused alike as not found.
func (s *Service) JoinRoom(ctx context.Context, user factcheck.User, name string) (Room, error) {
	kind, key, ok := strings.Cut(name, ":")
	switch {
	case ok && kind == "workspace":
		m, err := s.member(ctx, user, key)
		if err != nil {
			return Room{}, factcheck.NotFound("room")
		}
		if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
			return Room{}, factcheck.NotFound("room")
		}
		return Room{Name: name, Filter: store.RoomFilter{WorkspaceID: m.Workspace.ID}}, nil
	case ok && kind == "article":
		m, err := s.articleMember(ctx, user, key)
		return readableRoom(name, store.RoomFilter{ArticleID: key}, m, err)
	case ok && kind == "claim":
		c, m, err := s.claim(ctx, user, key)
		return readableRoom(name, store.RoomFilter{ClaimID: c.ID}, m, err)
	}
	return Room{}, factcheck.Invalid("room", "a room is workspace:<slug>, article:<id> or claim:<id>")
}

// readableRoom is the room when the member may read it; a room that does
// not exist and one the user may not read are refused alike.
func readableRoom(name string, filter store.RoomFilter, m factcheck.Member, err error) (Room, error) {
	if factcheck.IsCode(err, factcheck.CodeNotFound) {
		return Room{}, factcheck.NotFound("room")
	}
	if err != nil {
		return Room{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return Room{}, factcheck.NotFound("room")
	}
	return Room{Name: name, Filter: filter}, nil
}

// RoomsOf names the rooms an event is delivered to.
func RoomsOf(e factcheck.Event) []string {
	rooms := []string{WorkspaceRoom(e.WorkspaceSlug)}
	if e.ArticleID != "" {
		rooms = append(rooms, ArticleRoom(e.ArticleID))
	}
	if e.ClaimID != "" {
		rooms = append(rooms, ClaimRoom(e.ClaimID))
	}
	return rooms
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
