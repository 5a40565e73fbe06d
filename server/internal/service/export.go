package service

import (
	"context"
	"io"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// ExportPageSize is how many annotations one page of a collection holds.
const ExportPageSize = 100

func exportArticle(a factcheck.Article) export.Article {
	src := ""
	if a.SourceURL != nil {
		src = *a.SourceURL
	}
	return export.Article{ID: a.ID, Title: a.Title, SourceURL: src, VersionNumber: a.CurrentVersion.Number}
}

func exportAnnotation(a factcheck.Annotation) export.Annotation {
	out := export.Annotation{
		ID: a.ID, Kind: string(a.Kind), Exact: a.Quote.Exact, Prefix: a.Quote.Prefix, Suffix: a.Quote.Suffix,
		Start: a.Position.Start, End: a.Position.End, Body: a.Body, Tags: a.Tags,
		Creator: export.Creator{ID: a.CreatedBy.ID, Name: a.CreatedBy.Name}, Created: a.CreatedAt, Modified: a.UpdatedAt,
		Orphaned: a.Anchor == factcheck.AnchorOrphaned,
	}
	if a.Claim != nil {
		out.ClaimID, out.ClaimStatement = a.Claim.ID, a.Claim.Statement
	}
	for _, r := range a.Replies {
		out.Replies = append(out.Replies, export.Reply{ID: r.ID, Body: r.Body, Creator: export.Creator{ID: r.CreatedBy.ID, Name: r.CreatedBy.Name},
			Created: r.CreatedAt, Modified: r.UpdatedAt})
	}
	return out
}

// ExportAnnotation returns one annotation as W3C Web Annotation JSON-LD.
func (s *Service) ExportAnnotation(ctx context.Context, user factcheck.User, id string, links export.Links) ([]byte, error) {
	ann, m, err := s.annotation(ctx, user, id)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	a, err := s.store.Article(ctx, ann.ArticleID)
	if err != nil {
		return nil, err
	}
	return export.AnnotationJSONLD(links, exportArticle(a), exportAnnotation(ann))
}

// ExportAnnotations returns an article's annotations as a W3C
// AnnotationCollection (page < 0) or one of its pages.
func (s *Service) ExportAnnotations(ctx context.Context, user factcheck.User, articleID string, page int, links export.Links) ([]byte, error) {
	a, m, err := s.article(ctx, user, articleID)
	if err != nil {
		return nil, err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return nil, err
	}
	anns, err := s.store.Annotations(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]export.Annotation, 0, len(anns))
	for _, ann := range anns {
		out = append(out, exportAnnotation(ann))
	}
	if page >= 0 && page*ExportPageSize >= max(len(out), 1) {
		return nil, factcheck.NotFound("page")
	}
	return export.CollectionJSONLD(links, exportArticle(a), out, ExportPageSize, page)
}

// ExportClaimsCSV writes the claims highlighted in an article as CSV.
func (s *Service) ExportClaimsCSV(ctx context.Context, user factcheck.User, articleID string, w io.Writer) error {
	a, m, err := s.article(ctx, user, articleID)
	if err != nil {
		return err
	}
	if err := m.Role.Authorize(factcheck.ActionRead); err != nil {
		return err
	}
	claims, quotes, err := s.store.ArticleClaims(ctx, a.ID)
	if err != nil {
		return err
	}
	out := make([]export.Claim, 0, len(claims))
	for _, c := range claims {
		out = append(out, export.Claim{ID: c.ID, Statement: c.Statement, Claimant: c.Claimant, ClaimDate: c.ClaimDate,
			Quotes: quotes[c.ID], AnnotationCount: c.AnnotationCount, EvidenceCount: c.EvidenceCount, CreatedBy: c.CreatedBy.Name,
			Created: c.CreatedAt})
	}
	return export.ClaimsCSV(w, exportArticle(a), out)
}
