package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// The event catalogue: every event type Factdesk writes, each declared once
// here with the payload it carries. The service makes events only through
// these kinds, so a payload cannot drift from its type; openapi.yaml
// describes each one (Event is a oneOf by type, and a test holds the two
// together), and the browser's generated types follow from it.
var (
	ArticleCreated   = declare[Article]("article.created")
	ArticleVersioned = declare[ArticleVersion]("article.versioned")

	AnnotationCreated = declare[Annotation]("annotation.created")
	AnnotationUpdated = declare[Annotation]("annotation.updated")
	AnnotationDeleted = declare[DeletedAnnotation]("annotation.deleted")

	ReplyCreated = declare[Reply]("reply.created")
	ReplyUpdated = declare[Reply]("reply.updated")
	ReplyDeleted = declare[DeletedReply]("reply.deleted")

	ClaimCreated  = declare[Claim]("claim.created")
	ClaimUpdated  = declare[Claim]("claim.updated")
	ClaimAssigned = declare[AssignmentEvent]("claim.assigned")

	EvidenceCreated = declare[Evidence]("evidence.created")
	EvidenceUpdated = declare[Evidence]("evidence.updated")
	EvidenceDeleted = declare[DeletedEvidence]("evidence.deleted")

	VerdictCreated = declare[VerdictEvent]("verdict.created")
	VerdictUpdated = declare[VerdictEvent]("verdict.updated")
	// A transition's event is named after the state it moves to; see
	// VerdictMoved.
	VerdictSubmitted        = declare[VerdictEvent]("verdict.in_review")
	VerdictChangesRequested = declare[VerdictEvent]("verdict.changes_requested")
	VerdictApproved         = declare[VerdictEvent]("verdict.approved")
	VerdictPublished        = declare[VerdictEvent]("verdict.published")
	VerdictWithdrawn        = declare[VerdictEvent]("verdict.draft")
	VerdictCorrected        = declare[VerdictEvent]("verdict.corrected")

	SettingsUpdated = declare[WorkspaceSettings]("workspace.settings_updated")

	MemberRoleChanged = declare[RoleChange]("member.role_changed")
	MemberRemoved     = declare[RemovedMember]("member.removed")
)

// verdictMoves names the event of a transition by the state it moves to.
var verdictMoves = map[factcheck.VerdictState]EventKind[VerdictEvent]{
	factcheck.VerdictInReview:         VerdictSubmitted,
	factcheck.VerdictChangesRequested: VerdictChangesRequested,
	factcheck.VerdictApproved:         VerdictApproved,
	factcheck.VerdictPublished:        VerdictPublished,
	factcheck.VerdictDraft:            VerdictWithdrawn,
}

// VerdictMoved is the event of a verdict's transition to state.
func VerdictMoved(to factcheck.VerdictState) EventKind[VerdictEvent] {
	k, ok := verdictMoves[to]
	if !ok {
		panic(fmt.Sprintf("no event for a verdict moving to %q", to)) // the state machine's states are all above
	}
	return k
}

// EventKind is one type of event, and the payload it carries.
type EventKind[P any] struct{ Type string }

// Event completes e (which says where the change happened and who made
// it) with the kind's type and payload.
func (k EventKind[P]) Event(e factcheck.Event, payload P) factcheck.Event {
	b, err := json.Marshal(payload)
	if err != nil {
		panic("encode event payload: " + err.Error()) // our own types; a failure is a bug
	}
	e.Type, e.Payload = k.Type, b
	return e
}

// EventSpec describes a declared kind: its type and its payload's Go type.
type EventSpec struct {
	Type    string
	Payload reflect.Type
}

// catalogue holds every declared kind, in declaration order.
var catalogue []EventSpec

func declare[P any](typ string) EventKind[P] {
	catalogue = append(catalogue, EventSpec{Type: typ, Payload: reflect.TypeFor[P]()})
	return EventKind[P]{Type: typ}
}

// Catalogue lists every event type with its payload's Go type.
func Catalogue() []EventSpec { return append([]EventSpec(nil), catalogue...) }

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

// The payloads that are not the record itself.

// ArticleVersion is the payload of article.versioned: the article as it
// is now, and how its annotations were found again.
type ArticleVersion struct {
	Article    Article    `json:"article"`
	Reanchored Reanchored `json:"reanchored"`
}

// Reanchored counts how an article's annotations were found again in its
// new version.
type Reanchored struct {
	Exact    int `json:"exact"`
	Position int `json:"position"`
	Fuzzy    int `json:"fuzzy"`
	Orphaned int `json:"orphaned"`
}

// DeletedAnnotation is the payload of annotation.deleted.
type DeletedAnnotation struct {
	ID        string     `json:"id"`
	ArticleID string     `json:"articleId"`
	Deleted   Annotation `json:"deleted"`
}

// DeletedReply is the payload of reply.deleted.
type DeletedReply struct {
	ID           string `json:"id"`
	AnnotationID string `json:"annotationId"`
	Deleted      Reply  `json:"deleted"`
}

// DeletedEvidence is the payload of evidence.deleted.
type DeletedEvidence struct {
	ID      string   `json:"id"`
	ClaimID string   `json:"claimId"`
	Deleted Evidence `json:"deleted"`
}

// RoleChange is the payload of member.role_changed.
type RoleChange struct {
	UserID string         `json:"userId"`
	Name   string         `json:"name"`
	From   factcheck.Role `json:"from"`
	To     factcheck.Role `json:"to"`
}

// RemovedMember is the payload of member.removed.
type RemovedMember struct {
	UserID string `json:"userId"`
}
