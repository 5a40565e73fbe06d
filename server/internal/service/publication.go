package service

import (
	"context"
	"slices"
	"time"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

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

// FeedPageSize is how many fact-checks a page of the public feed lists.
const FeedPageSize = 20

// PublishedVerdict returns the published versions of a verdict, oldest
// first, for its public page: no login. A verdict that is not published is
// not found, exactly like one that does not exist.
func (s *Service) PublishedVerdict(ctx context.Context, id string) ([]factcheck.Publication, error) {
	if !validID(id) {
		return nil, factcheck.NotFound("fact-check")
	}
	pubs, err := s.store.Publications(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(pubs[id]) == 0 {
		return nil, factcheck.NotFound("fact-check")
	}
	return pubs[id], nil
}

// FeedEntry is one published verdict in a workspace's public feed.
type FeedEntry struct {
	VerdictID string
	Versions  []factcheck.Publication // oldest first
}

// PublishedFeed lists a workspace's published verdicts, newest first
// publication first, page by page (from 1), for its public feed; more says
// whether another page follows.
func (s *Service) PublishedFeed(ctx context.Context, slug string, page int) (entries []FeedEntry, more bool, err error) {
	if !slugPattern.MatchString(slug) {
		return nil, false, factcheck.NotFound("workspace")
	}
	ws, err := s.store.WorkspaceBySlug(ctx, slug)
	if err != nil {
		return nil, false, err
	}
	if page < 1 {
		return nil, false, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "page", Message: "page must be 1 or more"}
	}
	ids, more, err := s.store.PublishedVerdictIDs(ctx, ws.ID, (page-1)*FeedPageSize, FeedPageSize)
	if err != nil {
		return nil, false, err
	}
	pubs, err := s.store.Publications(ctx, ids...)
	if err != nil {
		return nil, false, err
	}
	entries = make([]FeedEntry, 0, len(ids))
	for _, id := range ids {
		if len(pubs[id]) > 0 {
			entries = append(entries, FeedEntry{VerdictID: id, Versions: pubs[id]})
		}
	}
	return entries, more, nil
}
