package service

import (
	"context"
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

func parseDate(field, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, factcheck.Invalid(field, "%s must be a date like 2024-03-31", field)
	}
	return &t, nil
}

func text(field string, s *string, max int, required bool) (string, error) {
	v := ""
	if s != nil {
		v = strings.TrimSpace(*s)
	}
	if required && v == "" {
		return "", factcheck.Invalid(field, "%s is required", field)
	}
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
		return "", factcheck.Invalid(field, "%s must be text of at most %d characters", field, max)
	}
	return v, nil
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

// --- evidence ---

// EvidenceInput is new evidence, or a partial edit (nil: unchanged).
type EvidenceInput struct {
	URL           *string
	Title         *string
	Publisher     *string
	QuotedPassage *string
	Stance        *string
	ConsultedOn   *string
	BasedOn       int
}

func evidenceEvent(typ string, user factcheck.User, e factcheck.Evidence, payload any) factcheck.Event {
	return factcheck.Event{WorkspaceID: e.WorkspaceID, ClaimID: e.ClaimID, Actor: actorRef(user), Type: typ, Payload: eventPayload(payload)}
}

// apply checks in and applies it to e; create requires url and stance.
func (in EvidenceInput) apply(e *factcheck.Evidence, create bool) error {
	var err error
	if in.URL != nil || create {
		u, err := text("url", in.URL, MaxURLLen, true)
		if err != nil {
			return err
		}
		if !isHTTPURL(u) {
			return factcheck.Invalid("url", "the source must be an http or https URL")
		}
		e.URL = u
	}
	if in.Title != nil {
		if e.Title, err = text("title", in.Title, 500, false); err != nil {
			return err
		}
	}
	if in.Publisher != nil {
		if e.Publisher, err = text("publisher", in.Publisher, MaxClaimantLen, false); err != nil {
			return err
		}
	}
	if in.QuotedPassage != nil {
		if e.QuotedPassage, err = text("quotedPassage", in.QuotedPassage, MaxEvidenceText, false); err != nil {
			return err
		}
	}
	if in.Stance != nil || create {
		if in.Stance == nil {
			return factcheck.Invalid("stance", "stance is required: supports, refutes or context")
		}
		if e.Stance, err = factcheck.ParseStance(*in.Stance); err != nil {
			return err
		}
	}
	if in.ConsultedOn != nil {
		if e.ConsultedOn, err = parseDate("consultedOn", *in.ConsultedOn); err != nil {
			return err
		}
	}
	return nil
}

// AddEvidence attaches a source to a claim.
func (s *Service) AddEvidence(ctx context.Context, user factcheck.User, claimID string, in EvidenceInput, idempotencyKey string) (factcheck.Evidence, error) {
	c, m, err := s.claim(ctx, user, claimID)
	if err != nil {
		return factcheck.Evidence{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Evidence{}, err
	}
	now := time.Now().UTC()
	e := factcheck.Evidence{ID: uuid.NewString(), ClaimID: c.ID, WorkspaceID: c.WorkspaceID,
		CreatedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := in.apply(&e, true); err != nil {
		return factcheck.Evidence{}, err
	}
	return create(ctx, s, user, idempotencyKey, "evidence", fingerprint("evidence", c.ID, in), e.ID, e, func(tx *store.Tx) error {
		if err := tx.CreateEvidence(ctx, e); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, evidenceEvent(factcheck.EventEvidenceCreated, user, e, wire.FromEvidence(e)))
	}, s.store.Evidence)
}

// evidenceVersioned is how evidence is updated or removed optimistically.
func evidenceVersioned(ctx context.Context, id string, write func(tx *store.Tx) (bool, error), event func(factcheck.Evidence) factcheck.Event) versioned[factcheck.Evidence] {
	return versioned[factcheck.Evidence]{
		kind:   "evidence",
		write:  write,
		read:   func(tx *store.Tx) (factcheck.Evidence, error) { return tx.Evidence(ctx, id) },
		toWire: func(e factcheck.Evidence) any { return wire.FromEvidence(e) },
		event:  event,
	}
}

func (s *Service) evidence(ctx context.Context, user factcheck.User, id string) (factcheck.Evidence, factcheck.Member, error) {
	return inWorkspace(ctx, s, user, "evidence", id, s.store.Evidence, func(e factcheck.Evidence) string { return e.WorkspaceID })
}

// UpdateEvidence edits a piece of evidence (any checker).
func (s *Service) UpdateEvidence(ctx context.Context, user factcheck.User, id string, in EvidenceInput) (factcheck.Evidence, error) {
	e, m, err := s.evidence(ctx, user, id)
	if err != nil {
		return factcheck.Evidence{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return factcheck.Evidence{}, err
	}
	if in.BasedOn < 1 {
		return factcheck.Evidence{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	if e.Version != in.BasedOn {
		return factcheck.Evidence{}, factcheck.Stale("evidence", wire.FromEvidence(e))
	}
	if err := in.apply(&e, false); err != nil {
		return factcheck.Evidence{}, err
	}
	e.UpdatedBy = &factcheck.UserRef{ID: user.ID, Name: user.Name}
	return update(ctx, s, evidenceVersioned(ctx, e.ID,
		func(tx *store.Tx) (bool, error) { return tx.UpdateEvidence(ctx, e, in.BasedOn) },
		func(e factcheck.Evidence) factcheck.Event {
			return evidenceEvent(factcheck.EventEvidenceUpdated, user, e, wire.FromEvidence(e))
		}))
}

// RemoveEvidence removes a piece of evidence (any checker). The event keeps
// what was removed.
func (s *Service) RemoveEvidence(ctx context.Context, user factcheck.User, id string, basedOn int) error {
	e, m, err := s.evidence(ctx, user, id)
	if err != nil {
		return err
	}
	if err := m.Role.Authorize(factcheck.ActionAnnotate); err != nil {
		return err
	}
	return remove(ctx, s, e, evidenceVersioned(ctx, e.ID,
		func(tx *store.Tx) (bool, error) { return tx.DeleteEvidence(ctx, e.ID, basedOn) },
		func(e factcheck.Evidence) factcheck.Event {
			return evidenceEvent(factcheck.EventEvidenceDeleted, user, e,
				map[string]any{"id": e.ID, "claimId": e.ClaimID, "deleted": wire.FromEvidence(e)})
		}))
}
