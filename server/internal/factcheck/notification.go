package factcheck

import (
	"time"
)

// NotificationKind is why someone is told about something.
type NotificationKind string

const (
	NotifyAssigned  NotificationKind = "assigned"  // a claim was assigned to you
	NotifySentBack  NotificationKind = "sent_back" // your verdict was sent back
	NotifyApproved  NotificationKind = "approved"  // your verdict was approved
	NotifyPublished NotificationKind = "published" // your verdict was published
	NotifyCorrected NotificationKind = "corrected" // your published verdict was corrected
)

// Notification tells one member that something happened to their work.
type Notification struct {
	ID             string
	UserID         string
	WorkspaceID    string
	Kind           NotificationKind
	ClaimID        string
	ClaimStatement string
	VerdictID      string
	Actor          UserRef
	Comment        string
	CreatedAt      time.Time
	Read           bool
}
