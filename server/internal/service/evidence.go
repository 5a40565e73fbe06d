package service

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

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
