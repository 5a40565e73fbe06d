package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Event is one entry of the history and of the live stream.
type Event struct {
	Seq       int64              `json:"seq"`
	Type      string             `json:"type"`
	Workspace string             `json:"workspace"`
	ArticleID *string            `json:"articleId,omitempty"`
	Actor     *factcheck.UserRef `json:"actor"`
	Payload   RawJSON            `json:"payload"`
	CreatedAt time.Time          `json:"createdAt"`
}

// RawJSON is an already-encoded JSON value.
type RawJSON []byte

// MarshalJSON returns the value as it is.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// FromEvent converts an event.
func FromEvent(e factcheck.Event) Event {
	out := Event{Seq: e.Seq, Type: e.Type, Workspace: e.WorkspaceSlug, Actor: e.Actor, Payload: RawJSON(e.Payload), CreatedAt: e.CreatedAt}
	if e.ArticleID != "" {
		id := e.ArticleID
		out.ArticleID = &id
	}
	return out
}

// FromEvents converts a list of events.
func FromEvents(es []factcheck.Event) []Event {
	out := make([]Event, 0, len(es))
	for _, e := range es {
		out = append(out, FromEvent(e))
	}
	return out
}
