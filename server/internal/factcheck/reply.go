package factcheck

import (
	"time"
)

// Reply is a message in an annotation's thread.
type Reply struct {
	ID           string
	AnnotationID string
	WorkspaceID  string
	ArticleID    string
	Body         string
	CreatedBy    UserRef
	UpdatedBy    *UserRef
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int
}
