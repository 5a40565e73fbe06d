package service

import (
	"context"

	"github.com/factdesk/factdesk/server/internal/factcheck"
)

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
