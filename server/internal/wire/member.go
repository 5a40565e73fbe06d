package wire

import (
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// WorkspaceMembership is a workspace with the user's role in it.
type WorkspaceMembership struct {
	ID   string         `json:"id"`
	Slug string         `json:"slug"`
	Name string         `json:"name"`
	Role factcheck.Role `json:"role"`
	// Actions are what the role may do here, from the server's one table.
	Actions []factcheck.Action `json:"actions"`
}

// FromMemberships converts a user's memberships.
func FromMemberships(ms []factcheck.Membership) []WorkspaceMembership {
	out := make([]WorkspaceMembership, 0, len(ms))
	for _, m := range ms {
		out = append(out, WorkspaceMembership{ID: m.Workspace.ID, Slug: m.Workspace.Slug, Name: m.Workspace.Name, Role: m.Role, Actions: m.Role.Actions()})
	}
	return out
}
