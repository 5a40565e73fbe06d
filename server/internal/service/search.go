package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/store"
)

// SearchInput is a search and its filters (empty: no filter).
type SearchInput struct {
	Query, Tag, AuthorID, ClaimID, ArticleID string
	Limit                                    int
}

// Search finds the workspace's articles, highlights, replies, claims and
// evidence matching a query.
func (s *Service) Search(ctx context.Context, user factcheck.User, slug string, in SearchInput) ([]factcheck.SearchHit, error) {
	m, err := s.member(ctx, user, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	in.Query = strings.TrimSpace(in.Query)
	if in.Query == "" || utf8.RuneCountInString(in.Query) > 500 || !utf8.ValidString(in.Query) {
		return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "q", Message: "q must be a search of 1 to 500 characters"}
	}
	for field, id := range map[string]string{"author": in.AuthorID, "claim": in.ClaimID, "article": in.ArticleID} {
		if id != "" && !validID(id) {
			return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: field, Message: field + " must be an id"}
		}
	}
	if in.Limit == 0 {
		in.Limit = 30
	}
	if in.Limit < 1 || in.Limit > 100 {
		return nil, &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "limit", Message: "limit must be between 1 and 100"}
	}
	return s.store.Search(ctx, store.SearchFilter{WorkspaceID: m.Workspace.ID, Query: in.Query, Tag: strings.TrimSpace(in.Tag),
		AuthorID: in.AuthorID, ClaimID: in.ClaimID, ArticleID: in.ArticleID, Limit: in.Limit})
}
