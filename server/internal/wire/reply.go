package wire

import (
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Reply is a message in an annotation's thread.
type Reply struct {
	ID           string             `json:"id"`
	AnnotationID string             `json:"annotationId"`
	Body         string             `json:"body"`
	CreatedBy    factcheck.UserRef  `json:"createdBy"`
	UpdatedBy    *factcheck.UserRef `json:"updatedBy,omitempty"`
	CreatedAt    time.Time          `json:"createdAt"`
	UpdatedAt    time.Time          `json:"updatedAt"`
	Version      int                `json:"version"`
}

// FromReply converts a reply.
func FromReply(r factcheck.Reply) Reply {
	return Reply{ID: r.ID, AnnotationID: r.AnnotationID, Body: r.Body, CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, Version: r.Version}
}
