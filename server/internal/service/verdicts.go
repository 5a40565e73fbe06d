package service

import (
	"context"
	"slices"
	"strings"
	"time"

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
	MaxOrgNameLen   = 200
)

// --- settings ---

// Settings returns a workspace's organisation and rating scale (any
// member).
func (s *Service) Settings(ctx context.Context, user factcheck.User, slug string) (factcheck.WorkspaceSettings, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	return s.store.WorkspaceSettings(ctx, m.Workspace.ID)
}

// UpdateSettings replaces a workspace's organisation and rating scale
// (admins). Published verdicts keep the rating they were published with.
func (s *Service) UpdateSettings(ctx context.Context, user factcheck.User, slug string, in factcheck.WorkspaceSettings, basedOn int) (factcheck.WorkspaceSettings, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if err := m.Role.Authorize(factcheck.ActionManageSettings); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if basedOn < 1 {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("version", "say which version the edit is based on (If-Match or version)")
	}
	name := strings.TrimSpace(in.Organisation.Name)
	if name, err = text("organisation.name", &name, MaxOrgNameLen, false); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	orgURL := strings.TrimSpace(in.Organisation.URL)
	if orgURL, err = text("organisation.url", &orgURL, MaxURLLen, false); err != nil {
		return factcheck.WorkspaceSettings{}, err
	}
	if orgURL != "" && !isHTTPURL(orgURL) {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("organisation.url", "the organisation's URL must be an http or https URL")
	}
	for i := range in.Scale.Ratings {
		in.Scale.Ratings[i].Label = strings.TrimSpace(in.Scale.Ratings[i].Label)
		in.Scale.Ratings[i].Colour = strings.ToLower(in.Scale.Ratings[i].Colour)
	}
	if len(in.Scale.Ratings) > 30 {
		return factcheck.WorkspaceSettings{}, factcheck.Invalid("ratingScale", "a scale has at most 30 labels")
	}
	if err := in.Scale.Validate(); err != nil {
		if e, ok := err.(*factcheck.Error); ok && strings.HasPrefix(e.Field, "ratings") {
			e.Field = "ratingScale" + strings.TrimPrefix(e.Field, "ratings")
		}
		return factcheck.WorkspaceSettings{}, err
	}
	settings := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: name, URL: orgURL}, Scale: in.Scale}
	return update(ctx, s, versioned[factcheck.WorkspaceSettings]{
		kind: "settings",
		write: func(tx *store.Tx) (bool, error) {
			return tx.UpdateWorkspaceSettings(ctx, m.Workspace.ID, settings, basedOn)
		},
		read: func(tx *store.Tx) (factcheck.WorkspaceSettings, error) {
			return tx.WorkspaceSettings(ctx, m.Workspace.ID)
		},
		toWire: func(s factcheck.WorkspaceSettings) any { return wire.FromSettings(s) },
		event: func(saved factcheck.WorkspaceSettings) factcheck.Event {
			return factcheck.Event{WorkspaceID: m.Workspace.ID, Actor: actorRef(user), Type: factcheck.EventSettingsUpdated,
				Payload: eventPayload(wire.FromSettings(saved))}
		},
	})
}

// --- verdicts ---

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

func scaleLabels(scale factcheck.RatingScale) string {
	labels := make([]string, 0, len(scale.Ratings))
	for _, r := range scale.Ratings {
		labels = append(labels, r.Label)
	}
	return strings.Join(labels, ", ")
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

// notifyAuthor tells a verdict's author what someone else did to it.
func notifyAuthor(user factcheck.User, v factcheck.Verdict, kind factcheck.NotificationKind, comment string) []factcheck.Notification {
	if v.Author.ID == user.ID {
		return nil
	}
	return []factcheck.Notification{{ID: uuid.NewString(), UserID: v.Author.ID, WorkspaceID: v.WorkspaceID, Kind: kind, ClaimID: v.ClaimID,
		VerdictID: v.ID, Actor: factcheck.UserRef{ID: user.ID, Name: user.Name}, Comment: comment, CreatedAt: nowUTC()}}
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

// publication snapshots what the public page shows of v.
func (s *Service) publication(ctx context.Context, v factcheck.Verdict, settings factcheck.WorkspaceSettings, ws factcheck.Workspace,
	number int, note string, user factcheck.User, at time.Time) (factcheck.Publication, error) {
	rating, ok := settings.Scale.Find(v.Rating)
	if !ok {
		return factcheck.Publication{}, factcheck.Invalid("rating", "%q is not on this workspace's rating scale (%s)", v.Rating, scaleLabels(settings.Scale))
	}
	c, err := s.store.Claim(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Publication{}, err
	}
	apps, err := s.store.PublishedAppearances(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Publication{}, err
	}
	evidence, err := s.store.ClaimEvidence(ctx, v.ClaimID)
	if err != nil {
		return factcheck.Publication{}, err
	}
	org := settings.Organisation
	if org.Name == "" {
		org.Name = ws.Name
	}
	p := factcheck.Publication{VerdictID: v.ID, WorkspaceID: v.WorkspaceID, Number: number, Rating: rating, Rationale: v.Rationale,
		CorrectionNote: note, Organisation: org, PublishedBy: factcheck.UserRef{ID: user.ID, Name: user.Name}, PublishedAt: at,
		Claim: factcheck.PublishedClaim{ID: c.ID, Statement: c.Statement, Claimant: c.Claimant, ClaimDate: c.ClaimDate, Appearances: apps}}
	if rating.OnScale {
		if best, worst, ok := settings.Scale.Bounds(); ok {
			p.BestRating, p.WorstRating = &best, &worst
		}
	}
	for _, id := range v.EvidenceIDs {
		i := slices.IndexFunc(evidence, func(e factcheck.Evidence) bool { return e.ID == id })
		if i < 0 {
			continue
		}
		e := evidence[i]
		p.Sources = append(p.Sources, factcheck.PublishedSource{URL: e.URL, Title: e.Title, Publisher: e.Publisher,
			QuotedPassage: e.QuotedPassage, Stance: e.Stance})
	}
	return p, nil
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

// --- assignments ---

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

// --- notifications ---

// Notifications lists the user's notifications in a workspace, newest
// first, with the number unread.
func (s *Service) Notifications(ctx context.Context, user factcheck.User, slug string) ([]factcheck.Notification, int, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, 0, err
	}
	return s.store.Notifications(ctx, user.ID, m.Workspace.ID, 50)
}

// MarkNotificationsRead marks the user's notifications read (all of them
// when ids is nil) and returns how many are still unread.
func (s *Service) MarkNotificationsRead(ctx context.Context, user factcheck.User, slug string, ids []string) (int, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if !validID(id) {
			return 0, factcheck.Invalid("ids", "ids[%d] is not a notification id", i)
		}
	}
	if err := s.store.MarkNotificationsRead(ctx, user.ID, m.Workspace.ID, ids); err != nil {
		return 0, err
	}
	return s.store.UnreadNotifications(ctx, user.ID, m.Workspace.ID)
}
