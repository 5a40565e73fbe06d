package service

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// Limits on verdicts, in characters.
const (
	MaxRationaleLen = 50000
	MaxCommentLen   = 5000
	MaxEvidenceRefs = 200
)

// VerdictInput is a new verdict, or a partial edit of one (nil:
// unchanged).
type VerdictInput struct {
	Rating      *string
	Rationale   *string
	EvidenceIDs *[]string
	BasedOn     int
}

// apply checks in against the workspace's scale and the claim's evidence
// and applies it to v.
func (in VerdictInput) apply(v *factcheck.Verdict, scale factcheck.RatingScale, evidence []factcheck.Evidence) error {
	if in.Rating != nil {
		label := strings.TrimSpace(*in.Rating)
		if label != "" {
			r, ok := scale.Find(label)
			if !ok {
				return factcheck.Invalid("rating", "%q is not on this workspace's rating scale (%s)", label, scaleLabels(scale))
			}
			label = r.Label
		}
		v.Rating = label
	}
	if in.Rationale != nil {
		rationale, err := text("rationale", in.Rationale, MaxRationaleLen, false)
		if err != nil {
			return err
		}
		v.Rationale = rationale
	}
	if in.EvidenceIDs != nil {
		ids := *in.EvidenceIDs
		if len(ids) > MaxEvidenceRefs {
			return factcheck.Invalid("evidenceIds", "a verdict may rely on at most %d pieces of evidence", MaxEvidenceRefs)
		}
		chosen := make([]string, 0, len(ids))
		for i, id := range ids {
			if !slices.ContainsFunc(evidence, func(e factcheck.Evidence) bool { return e.ID == id }) {
				return factcheck.Invalid("evidenceIds", "evidenceIds[%d] is not evidence of this claim", i)
			}
			if !slices.Contains(chosen, id) {
				chosen = append(chosen, id)
			}
		}
		v.EvidenceIDs = chosen
	}
	return nil
}

// verdictEvent records a change of a verdict in the workspace's and the
// claim's rooms.
func verdictEvent(typ string, user factcheck.User, v factcheck.Verdict, statement string, notify []string, comment string) factcheck.Event {
	if notify == nil {
		notify = []string{}
	}
	return factcheck.Event{WorkspaceID: v.WorkspaceID, ClaimID: v.ClaimID, Actor: actorRef(user), Type: typ,
		Payload: eventPayload(wire.VerdictEvent{Verdict: wire.FromVerdict(v), Claim: wire.ClaimRef{ID: v.ClaimID, Statement: statement},
			Notify: notify, Comment: comment})}
}

func (s *Service) verdict(ctx context.Context, user factcheck.User, id string) (factcheck.Verdict, factcheck.Member, error) {
	return inWorkspace(ctx, s, user, "verdict", id, s.store.Verdict, func(v factcheck.Verdict) string { return v.WorkspaceID })
}

// CreateVerdict starts a claim's verdict as a draft by user (checkers and
// above). A claim has one verdict.
func (s *Service) CreateVerdict(ctx context.Context, user factcheck.User, claimID string, in VerdictInput, idempotencyKey string) (factcheck.Verdict, error) {
	c, m, err := s.claim(ctx, user, claimID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionDraftVerdict); err != nil {
		return factcheck.Verdict{}, err
	}
	if in.BasedOn != 0 {
		return factcheck.Verdict{}, factcheck.Invalid("version", "a new verdict has no version")
	}
	settings, err := s.store.WorkspaceSettings(ctx, c.WorkspaceID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	evidence, err := s.store.ClaimEvidence(ctx, c.ID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	now := nowUTC()
	v := factcheck.Verdict{ID: uuid.NewString(), WorkspaceID: c.WorkspaceID, WorkspaceSlug: m.Workspace.Slug, ClaimID: c.ID, State: factcheck.VerdictDraft,
		EvidenceIDs: []string{}, Contributors: []string{user.ID}, Author: factcheck.UserRef{ID: user.ID, Name: user.Name},
		CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := in.apply(&v, settings.Scale, evidence); err != nil {
		return factcheck.Verdict{}, err
	}
	fp := fingerprint("verdict", c.ID, v.Rating, v.Rationale, v.EvidenceIDs)
	return create(ctx, s, user, idempotencyKey, "verdict", fp, v.ID, v, func(tx *store.Tx) error {
		if err := tx.CreateVerdict(ctx, v); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, verdictEvent(factcheck.EventVerdictCreated, user, v, c.Statement, nil, ""))
	}, s.store.Verdict)
}

// VerdictDetail is a verdict with its claim, its published versions, the
// workspace's scale and what the member may do with it now.
type VerdictDetail struct {
	Verdict      factcheck.Verdict
	Claim        factcheck.Claim
	Publications []factcheck.Publication
	Scale        factcheck.RatingScale
	Actions      []factcheck.VerdictAction
	MayEdit      bool
	Member       factcheck.Member
}

// GetVerdict returns a verdict with everything its panel shows.
func (s *Service) GetVerdict(ctx context.Context, user factcheck.User, id string) (VerdictDetail, error) {
	v, m, err := s.verdict(ctx, user, id)
	if err != nil {
		return VerdictDetail{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return VerdictDetail{}, err
	}
	return s.verdictDetail(ctx, v, m)
}

func (s *Service) verdictDetail(ctx context.Context, v factcheck.Verdict, m factcheck.Member) (VerdictDetail, error) {
	c, err := s.store.Claim(ctx, v.ClaimID)
	if err != nil {
		return VerdictDetail{}, err
	}
	pubs, err := s.store.Publications(ctx, v.ID)
	if err != nil {
		return VerdictDetail{}, err
	}
	settings, err := s.store.WorkspaceSettings(ctx, v.WorkspaceID)
	if err != nil {
		return VerdictDetail{}, err
	}
	return VerdictDetail{Verdict: v, Claim: c, Publications: pubs[v.ID], Scale: settings.Scale, Actions: v.Actions(m),
		MayEdit: v.MayEdit(m) == nil && m.Role.Can(factcheck.ActionDraftVerdict), Member: m}, nil
}

// ClaimVerdict returns a claim's verdict, if it has one, for a member who
// may read the claim.
func (s *Service) ClaimVerdict(ctx context.Context, claimID string) (*factcheck.Verdict, error) {
	v, found, err := s.store.ClaimVerdict(ctx, claimID)
	if err != nil || !found {
		return nil, err
	}
	return &v, nil
}

// verdictToChange loads a verdict that the user's role lets them act on
// (what the state machine allows is checked after), and checks that the
// change is based on its current version.
func (s *Service) verdictToChange(ctx context.Context, user factcheck.User, id string, action factcheck.Action, basedOn int) (factcheck.Verdict, factcheck.Member, error) {
	v, m, err := s.verdict(ctx, user, id)
	if err != nil {
		return factcheck.Verdict{}, factcheck.Member{}, err
	}
	if err := m.Role.Authorize(action); err != nil {
		return factcheck.Verdict{}, factcheck.Member{}, err
	}
	if basedOn < 1 {
		return factcheck.Verdict{}, factcheck.Member{}, factcheck.Invalid("version", "say which version of the verdict this is based on (If-Match or version)")
	}
	if v.Version != basedOn {
		return factcheck.Verdict{}, factcheck.Member{}, factcheck.Stale("verdict", wire.FromVerdict(v))
	}
	return v, m, nil
}

// UpdateVerdict edits a draft or a verdict sent back: its author or an
// editor.
func (s *Service) UpdateVerdict(ctx context.Context, user factcheck.User, id string, in VerdictInput) (factcheck.Verdict, error) {
	v, m, err := s.verdictToChange(ctx, user, id, factcheck.ActionDraftVerdict, in.BasedOn)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if err := v.MayEdit(m); err != nil {
		return factcheck.Verdict{}, err
	}
	settings, err := s.store.WorkspaceSettings(ctx, v.WorkspaceID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	evidence, err := s.store.ClaimEvidence(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if err := in.apply(&v, settings.Scale, evidence); err != nil {
		return factcheck.Verdict{}, err
	}
	if !slices.Contains(v.Contributors, user.ID) {
		v.Contributors = append(v.Contributors, user.ID)
	}
	v.UpdatedBy = actorRef(user)
	return s.saveVerdict(ctx, user, m, v, in.BasedOn, factcheck.EventVerdictUpdated, nil, "", nil)
}

// saveVerdict stores v if its version is still basedOn, with its event,
// the notifications for notify, and what else must be written with it.
func (s *Service) saveVerdict(ctx context.Context, user factcheck.User, m factcheck.Member, v factcheck.Verdict, basedOn int,
	eventType string, notify []factcheck.Notification, comment string, also func(tx *store.Tx) error) (factcheck.Verdict, error) {
	var saved factcheck.Verdict
	err := s.store.Atomic(ctx, func(tx *store.Tx) error {
		ok, err := tx.UpdateVerdict(ctx, v, basedOn)
		if err != nil {
			return err
		}
		if !ok {
			current, err := tx.Verdict(ctx, v.ID)
			if err != nil {
				return err
			}
			return factcheck.Stale("verdict", wire.FromVerdict(current))
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		recipients := make([]string, 0, len(notify))
		for _, n := range notify {
			if err := tx.AddNotification(ctx, n); err != nil {
				return err
			}
			recipients = append(recipients, n.UserID)
		}
		if saved, err = tx.Verdict(ctx, v.ID); err != nil {
			return err
		}
		c, err := tx.Claim(ctx, v.ClaimID)
		if err != nil {
			return err
		}
		return tx.AppendEvent(ctx, verdictEvent(eventType, user, saved, c.Statement, recipients, comment))
	})
	return saved, err
}

// TransitionVerdict moves a verdict on: submit, withdraw, send back (with
// a comment), approve or publish. The state machine in factcheck decides
// who may do what; publishing stores the first published version.
func (s *Service) TransitionVerdict(ctx context.Context, user factcheck.User, id string, action factcheck.VerdictAction, comment string, basedOn int) (factcheck.Verdict, error) {
	if action == factcheck.ActionCorrect {
		return factcheck.Verdict{}, factcheck.Invalid("action", "a published verdict is corrected through its corrections, with a note")
	}
	v, m, err := s.verdictToChange(ctx, user, id, factcheck.ActionRead, basedOn)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if action == factcheck.ActionSendBack && strings.TrimSpace(comment) == "" {
		return factcheck.Verdict{}, factcheck.Invalid("comment", "say what should change when sending a verdict back")
	}
	if comment, err = text("comment", &comment, MaxCommentLen, false); err != nil {
		return factcheck.Verdict{}, err
	}
	// Evidence removed since it was chosen no longer counts.
	evidence, err := s.store.ClaimEvidence(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	v.EvidenceIDs = slices.DeleteFunc(v.EvidenceIDs, func(id string) bool {
		return !slices.ContainsFunc(evidence, func(e factcheck.Evidence) bool { return e.ID == id })
	})
	to, err := factcheck.Transition(m, v.Facts(), action)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	settings, err := s.store.WorkspaceSettings(ctx, v.WorkspaceID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if action == factcheck.ActionSubmit || action == factcheck.ActionApprove || action == factcheck.ActionPublish {
		if _, ok := settings.Scale.Find(v.Rating); !ok {
			return factcheck.Verdict{}, factcheck.Invalid("rating", "%q is no longer on this workspace's rating scale; choose another rating", v.Rating)
		}
	}
	now := nowUTC()
	v.State, v.UpdatedBy = to, actorRef(user)
	var notify []factcheck.Notification
	var also func(tx *store.Tx) error
	switch action {
	case factcheck.ActionSubmit:
		v.SubmittedAt, v.Reviewer, v.ApprovedAt = &now, nil, nil
	case factcheck.ActionWithdraw:
		v.SubmittedAt = nil
	case factcheck.ActionSendBack:
		v.ReviewComment, v.SentBackBy = comment, actorRef(user)
		notify = notifyAuthor(user, v, factcheck.NotifySentBack, comment)
	case factcheck.ActionApprove:
		v.Reviewer, v.ApprovedAt = actorRef(user), &now
		notify = notifyAuthor(user, v, factcheck.NotifyApproved, comment)
	case factcheck.ActionPublish:
		v.PublishedAt = &now
		pub, err := s.publication(ctx, v, settings, m.Workspace, 1, "", user, now)
		if err != nil {
			return factcheck.Verdict{}, err
		}
		also = func(tx *store.Tx) error { return tx.AddPublication(ctx, pub) }
		notify = notifyAuthor(user, v, factcheck.NotifyPublished, comment)
	}
	return s.saveVerdict(ctx, user, m, v, basedOn, "verdict."+string(to), notify, comment, also)
}

// CorrectVerdict publishes a corrected version of a published verdict
// (editors), with a note saying what changed. Earlier versions stay
// published.
func (s *Service) CorrectVerdict(ctx context.Context, user factcheck.User, id string, in VerdictInput, note string) (factcheck.Verdict, error) {
	v, m, err := s.verdictToChange(ctx, user, id, factcheck.ActionRead, in.BasedOn)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if _, err := factcheck.Transition(m, v.Facts(), factcheck.ActionCorrect); err != nil {
		return factcheck.Verdict{}, err
	}
	note = strings.TrimSpace(note)
	if note, err = text("note", &note, MaxCommentLen, true); err != nil {
		return factcheck.Verdict{}, factcheck.Invalid("note", "a correction needs a note saying what changed (at most %d characters)", MaxCommentLen)
	}
	settings, err := s.store.WorkspaceSettings(ctx, v.WorkspaceID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	evidence, err := s.store.ClaimEvidence(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	if err := in.apply(&v, settings.Scale, evidence); err != nil {
		return factcheck.Verdict{}, err
	}
	if _, err := factcheck.Transition(m, factcheck.VerdictFacts{State: factcheck.VerdictChangesRequested, AuthorID: v.Author.ID,
		Rating: v.Rating, Rationale: v.Rationale, EvidenceCount: len(v.EvidenceIDs)}, factcheck.ActionSubmit); err != nil {
		return factcheck.Verdict{}, err // a correction must still have a rating, a rationale and evidence
	}
	now := nowUTC()
	v.CorrectedAt, v.UpdatedBy = &now, actorRef(user)
	pub, err := s.publication(ctx, v, settings, m.Workspace, v.Publications+1, note, user, now)
	if err != nil {
		return factcheck.Verdict{}, err
	}
	return s.saveVerdict(ctx, user, m, v, in.BasedOn, factcheck.EventVerdictCorrected, notifyAuthor(user, v, factcheck.NotifyCorrected, note), note,
		func(tx *store.Tx) error { return tx.AddPublication(ctx, pub) })
}

// ListVerdicts lists a workspace's verdicts, by state and author ("me" is
// the user). In review, it is the editor's queue: oldest submission first.
func (s *Service) ListVerdicts(ctx context.Context, user factcheck.User, slug, state, author string) ([]factcheck.VerdictItem, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	f := store.VerdictFilter{WorkspaceID: m.Workspace.ID, State: factcheck.VerdictState(state)}
	switch f.State {
	case "", factcheck.VerdictDraft, factcheck.VerdictInReview, factcheck.VerdictChangesRequested, factcheck.VerdictApproved, factcheck.VerdictPublished:
	default:
		return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "state",
			Message: "state must be one of draft, in_review, changes_requested, approved, published"}
	}
	switch {
	case author == "me":
		f.AuthorID = user.ID
	case author != "":
		if !validID(author) {
			return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "author", Message: "author must be a user id or me"}
		}
		f.AuthorID = author
	}
	return s.store.Verdicts(ctx, f, 500)
}

// MyWork is the checker's view of their own work.
type MyWork struct {
	Assigned []factcheck.Claim
	SentBack []factcheck.VerdictItem
	Drafts   []factcheck.VerdictItem
	InReview []factcheck.VerdictItem
}

// MyWork returns the claims assigned to the user and their verdicts that
// are sent back, drafts, or in review.
func (s *Service) MyWork(ctx context.Context, user factcheck.User, slug string) (MyWork, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return MyWork{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return MyWork{}, err
	}
	var out MyWork
	if out.Assigned, err = s.store.AssignedClaims(ctx, m.Workspace.ID, user.ID); err != nil {
		return MyWork{}, err
	}
	for state, list := range map[factcheck.VerdictState]*[]factcheck.VerdictItem{
		factcheck.VerdictChangesRequested: &out.SentBack, factcheck.VerdictDraft: &out.Drafts, factcheck.VerdictInReview: &out.InReview,
	} {
		if *list, err = s.store.Verdicts(ctx, store.VerdictFilter{WorkspaceID: m.Workspace.ID, State: state, AuthorID: user.ID}, 500); err != nil {
			return MyWork{}, err
		}
	}
	return out, nil
}
