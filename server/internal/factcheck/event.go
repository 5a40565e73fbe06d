package factcheck

import (
	"encoding/json"
	"time"
)

// Event types, named "<thing>.<what happened>".
const (
	EventArticleCreated    = "article.created"
	EventArticleVersioned  = "article.versioned"
	EventAnnotationCreated = "annotation.created"
	EventAnnotationUpdated = "annotation.updated"
	EventAnnotationDeleted = "annotation.deleted"
	EventReplyCreated      = "reply.created"
	EventReplyUpdated      = "reply.updated"
	EventReplyDeleted      = "reply.deleted"
	EventClaimCreated      = "claim.created"
	EventClaimUpdated      = "claim.updated"
	EventEvidenceCreated   = "evidence.created"
	EventEvidenceUpdated   = "evidence.updated"
	EventEvidenceDeleted   = "evidence.deleted"
	EventClaimAssigned     = "claim.assigned"
	EventVerdictCreated    = "verdict.created"
	EventVerdictUpdated    = "verdict.updated"
	// A transition's event is "verdict." + the state it moved to
	// (verdict.in_review, verdict.changes_requested, verdict.approved,
	// verdict.published, verdict.draft) or verdict.corrected.
	EventVerdictCorrected = "verdict.corrected"
	EventSettingsUpdated  = "workspace.settings_updated"
)

// Event records one change. Seq is its place in the stream, assigned after
// commit; it is zero until then.
type Event struct {
	Seq           int64
	WorkspaceID   string
	WorkspaceSlug string
	ArticleID     string
	ClaimID       string
	Actor         *UserRef
	Type          string
	Payload       json.RawMessage
	CreatedAt     time.Time
}
