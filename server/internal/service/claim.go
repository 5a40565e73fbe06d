package service

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// Limits on claims and evidence, in characters.
const (
	MaxStatementLen = 2000
	MaxClaimantLen  = 300
	MaxURLLen       = 2000
	MaxEvidenceText = 10000
)

// ClaimInput is a new claim, or a partial edit of one (nil: unchanged).
type ClaimInput struct {
	Statement    *string
	Claimant     *string
	ClaimDate    *string // YYYY-MM-DD; "" clears
	AnnotationID string  // on create: the highlight it is made from
	BasedOn      int
}

func claimEvent(typ string, user factcheck.User, c factcheck.Claim) factcheck.Event {
	return factcheck.Event{WorkspaceID: c.WorkspaceID, ClaimID: c.ID, Actor: actorRef(user), Type: typ, Payload: eventPayload(wire.FromClaim(c))}
}

// CreateClaim makes a claim; made from a highlight, the highlight is linked
// to it (and becomes a claim highlight) in the same transaction.
func (s *Service) CreateClaim(ctx context.Context, user factcheck.User, slug string, in ClaimInput, idempotencyKey string) (factcheck.Claim, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.Claim{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Claim{}, err
	}
	statement, err := text("statement", in.Statement, MaxStatementLen, true)
	if err != nil {
		return factcheck.Claim{}, err
	}
	claimant, err := text("claimant", in.Claimant, MaxClaimantLen, false)
	if err != nil {
		return factcheck.Claim{}, err
	}
	var date *time.Time
	if in.ClaimDate != nil {
		if date, err = parseDate("claimDate", *in.ClaimDate); err != nil {
			return factcheck.Claim{}, err
		}
	}
	var ann *factcheck.Annotation
	if in.AnnotationID != "" {
		a, am, err := s.annotation(ctx, user, in.AnnotationID)
		if err != nil || am.Workspace.ID != m.Workspace.ID {
			return factcheck.Claim{}, factcheck.Invalid("annotationId", "annotationId must name a highlight of this workspace")
		}
		if err := mayChange(am, a.CreatedBy.ID); err != nil {
			return factcheck.Claim{}, err
		}
		ann = &a
	}
	now := time.Now().UTC()
	c := factcheck.Claim{ID: uuid.NewString(), WorkspaceID: m.Workspace.ID, WorkspaceSlug: m.Workspace.Slug, Statement: statement,
		Claimant: claimant, ClaimDate: date, CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: now, UpdatedAt: now, Version: 1}
	if ann != nil {
		c.AnnotationCount = 1 // the highlight it is made from
	}
	fp := fingerprint("claim", m.Workspace.ID, statement, claimant, in.ClaimDate, in.AnnotationID)
	return create(ctx, s, user, idempotencyKey, "claim", fp, c.ID, c, func(tx *store.Tx) error {
		if err := tx.CreateClaim(ctx, c); err != nil {
			return err
		}
		if err := tx.AppendEvent(ctx, claimEvent(factcheck.EventClaimCreated, user, c)); err != nil {
			return err
		}
		if ann != nil {
			linked := *ann
			linked.Claim, linked.Kind = &factcheck.ClaimRef{ID: c.ID, Statement: c.Statement}, factcheck.KindClaim
			linked.UpdatedBy = &factcheck.UserRef{ID: user.ID, Name: user.Name}
			ok, err := tx.UpdateAnnotation(ctx, linked, ann.Version)
			if err != nil {
				return err
			}
			current, err := tx.Annotation(ctx, ann.ID)
			if err != nil {
				return err
			}
			if !ok {
				return factcheck.Stale("annotation", wire.FromAnnotation(current))
			}
			return tx.AppendEvent(ctx, annotationEvent(factcheck.EventAnnotationUpdated, user, current))
		}
		return nil
	}, s.store.Claim)
}

func (s *Service) claim(ctx context.Context, user factcheck.User, id string) (factcheck.Claim, factcheck.Member, error) {
	return inWorkspace(ctx, s, user, "claim", id, s.store.Claim, func(c factcheck.Claim) string { return c.WorkspaceID })
}

// ClaimDetail is a claim with where it appears and its evidence.
type ClaimDetail struct {
	Claim       factcheck.Claim
	Appearances []factcheck.ClaimAppearance
	Evidence    []factcheck.Evidence
	Verdict     *factcheck.Verdict
	Role        factcheck.Role
}

// GetClaim returns a claim with its appearances and evidence.
func (s *Service) GetClaim(ctx context.Context, user factcheck.User, id string) (ClaimDetail, error) {
	c, m, err := s.claim(ctx, user, id)
	if err != nil {
		return ClaimDetail{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return ClaimDetail{}, err
	}
	apps, err := s.store.ClaimAppearances(ctx, c.ID)
	if err != nil {
		return ClaimDetail{}, err
	}
	ev, err := s.store.ClaimEvidence(ctx, c.ID)
	if err != nil {
		return ClaimDetail{}, err
	}
	v, err := s.ClaimVerdict(ctx, c.ID)
	if err != nil {
		return ClaimDetail{}, err
	}
	return ClaimDetail{Claim: c, Appearances: apps, Evidence: ev, Verdict: v, Role: m.Role}, nil
}

// ListClaims lists the workspace's claims, newest first.
func (s *Service) ListClaims(ctx context.Context, user factcheck.User, slug string) ([]factcheck.Claim, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	return s.store.Claims(ctx, m.Workspace.ID, 500)
}

// SimilarClaims offers the workspace's claims that are like a statement,
// so that a claim found in a second article joins the first one's.
func (s *Service) SimilarClaims(ctx context.Context, user factcheck.User, slug, statement string) ([]factcheck.SimilarClaim, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	statement = strings.TrimSpace(statement)
	if statement == "" || utf8.RuneCountInString(statement) > MaxStatementLen {
		return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "q", Message: "q must be a statement of 1 to 2000 characters"}
	}
	return s.store.SimilarClaims(ctx, m.Workspace.ID, statement, 8)
}

// UpdateClaim edits a claim's statement, claimant or date (any checker).
func (s *Service) UpdateClaim(ctx context.Context, user factcheck.User, id string, in ClaimInput) (factcheck.Claim, error) {
	c, m, err := s.claim(ctx, user, id)
	if err != nil {
		return factcheck.Claim{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Claim{}, err
	}
	if in.BasedOn < 1 {
		return factcheck.Claim{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	if in.AnnotationID != "" {
		return factcheck.Claim{}, factcheck.Invalid("annotationId", "link highlights to a claim by editing the highlight")
	}
	if c.Version != in.BasedOn {
		return factcheck.Claim{}, factcheck.Stale("claim", wire.FromClaim(c))
	}
	if in.Statement != nil {
		if c.Statement, err = text("statement", in.Statement, MaxStatementLen, true); err != nil {
			return factcheck.Claim{}, err
		}
	}
	if in.Claimant != nil {
		if c.Claimant, err = text("claimant", in.Claimant, MaxClaimantLen, false); err != nil {
			return factcheck.Claim{}, err
		}
	}
	if in.ClaimDate != nil {
		if c.ClaimDate, err = parseDate("claimDate", *in.ClaimDate); err != nil {
			return factcheck.Claim{}, err
		}
	}
	c.UpdatedBy = &factcheck.UserRef{ID: user.ID, Name: user.Name}
	return update(ctx, s, versioned[factcheck.Claim]{
		kind:   "claim",
		write:  func(tx *store.Tx) (bool, error) { return tx.UpdateClaim(ctx, c, in.BasedOn) },
		read:   func(tx *store.Tx) (factcheck.Claim, error) { return tx.Claim(ctx, c.ID) },
		toWire: func(c factcheck.Claim) any { return wire.FromClaim(c) },
		event:  func(c factcheck.Claim) factcheck.Event { return claimEvent(factcheck.EventClaimUpdated, user, c) },
	})
}

// AssignClaim assigns a claim to a checker (or unassigns it with "")
// (editors). The assignee is told.
func (s *Service) AssignClaim(ctx context.Context, user factcheck.User, claimID, assigneeID string, basedOn int) (factcheck.Claim, error) {
	c, m, err := s.claim(ctx, user, claimID)
	if err != nil {
		return factcheck.Claim{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAssign); err != nil {
		return factcheck.Claim{}, err
	}
	if basedOn < 1 {
		return factcheck.Claim{}, factcheck.Invalid("version", "say which version of the claim the assignment is based on (If-Match or version)")
	}
	var assignee *string
	var notify []factcheck.Notification
	if assigneeID != "" {
		if !validID(assigneeID) {
			return factcheck.Claim{}, factcheck.Invalid("assigneeId", "assigneeId must be the id of a member of this workspace")
		}
		members, err := s.store.Members(ctx, c.WorkspaceID) // disabled accounts are not listed
		if err != nil {
			return factcheck.Claim{}, err
		}
		i := slices.IndexFunc(members, func(mm factcheck.MemberRef) bool { return mm.ID == assigneeID })
		if i < 0 {
			return factcheck.Claim{}, factcheck.Invalid("assigneeId", "assigneeId must be the id of a member of this workspace")
		}
		if !members[i].Role.Can(factcheck.ActionDraftVerdict) {
			return factcheck.Claim{}, factcheck.Invalid("assigneeId", "claims are assigned to checkers, editors or admins, not to viewers")
		}
		assignee = &assigneeID
		if assigneeID != user.ID {
			notify = []factcheck.Notification{{ID: uuid.NewString(), UserID: assigneeID, WorkspaceID: c.WorkspaceID, Kind: factcheck.NotifyAssigned,
				ClaimID: c.ID, Actor: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: nowUTC()}}
		}
	}
	return update(ctx, s, versioned[factcheck.Claim]{
		kind: "claim",
		write: func(tx *store.Tx) (bool, error) {
			ok, err := tx.AssignClaim(ctx, c.ID, assignee, factcheck.UserRef{ID: user.ID, Name: user.Name}, basedOn)
			if !ok || err != nil {
				return ok, err
			}
			for _, n := range notify {
				if err := tx.AddNotification(ctx, n); err != nil {
					return false, err
				}
			}
			return true, nil
		},
		read:   func(tx *store.Tx) (factcheck.Claim, error) { return tx.Claim(ctx, c.ID) },
		toWire: func(c factcheck.Claim) any { return wire.FromClaim(c) },
		event: func(saved factcheck.Claim) factcheck.Event {
			recipients := []string{}
			for _, n := range notify {
				recipients = append(recipients, n.UserID)
			}
			return factcheck.Event{WorkspaceID: saved.WorkspaceID, ClaimID: saved.ID, Actor: actorRef(user), Type: factcheck.EventClaimAssigned,
				Payload: eventPayload(wire.AssignmentEvent{Claim: wire.FromClaim(saved), Notify: recipients})}
		},
	})
}
