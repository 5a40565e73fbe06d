package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Notification tells a member that something happened to their work.
type Notification struct {
	ID             string                     `json:"id"`
	Kind           factcheck.NotificationKind `json:"kind"`
	ClaimID        string                     `json:"claimId"`
	ClaimStatement string                     `json:"claimStatement"`
	VerdictID      *string                    `json:"verdictId"`
	Actor          factcheck.UserRef          `json:"actor"`
	Comment        string                     `json:"comment"`
	CreatedAt      time.Time                  `json:"createdAt"`
	Read           bool                       `json:"read"`
}

// FromNotifications converts notifications.
func FromNotifications(ns []factcheck.Notification) []Notification {
	out := make([]Notification, 0, len(ns))
	for _, n := range ns {
		w := Notification{ID: n.ID, Kind: n.Kind, ClaimID: n.ClaimID, ClaimStatement: n.ClaimStatement, Actor: n.Actor,
			Comment: n.Comment, CreatedAt: n.CreatedAt, Read: n.Read}
		if n.VerdictID != "" {
			id := n.VerdictID
			w.VerdictID = &id
		}
		out = append(out, w)
	}
	return out
}
