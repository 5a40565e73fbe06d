package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
)

func (s *Server) search(c echo.Context) error {
	limit, err := queryInt(c, "limit", 30)
	if err != nil {
		return err
	}
	q := c.QueryParam("q")
	hits, err := s.svc.Search(c.Request().Context(), session(c).User, c.Param("workspace"), service.SearchInput{
		Query: q, Tag: c.QueryParam("tag"), AuthorID: c.QueryParam("author"), ClaimID: c.QueryParam("claim"),
		ArticleID: c.QueryParam("article"), Limit: int(limit),
	})
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(hits))
	for _, h := range hits {
		out = append(out, map[string]any{"type": h.Type, "id": h.ID, "articleId": h.ArticleID, "claimId": h.ClaimID,
			"title": h.Title, "snippet": h.Snippet, "matches": h.Matches, "rank": h.Rank})
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "results": out})
}
