package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
)

func (s *Server) dashboard(c echo.Context) error {
	d, err := s.svc.Dashboard(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("article"))
	if err != nil {
		return err
	}
	counts := func(cs []service.Count) []map[string]any {
		out := make([]map[string]any, 0, len(cs))
		for _, x := range cs {
			m := map[string]any{"key": x.Key, "label": x.Label, "count": x.Count}
			if x.Colour != "" {
				m["colour"] = x.Colour
			}
			out = append(out, m)
		}
		return out
	}
	scope := map[string]any{"workspace": d.Workspace.Slug}
	if d.Article != nil {
		scope["articleId"], scope["articleTitle"] = d.Article.ID, d.Article.Title
	}
	weeks := make([]map[string]any, 0, len(d.ClaimsByWeek))
	for _, w := range d.ClaimsByWeek {
		weeks = append(weeks, map[string]any{"week": w.Week.Format("2006-01-02"), "count": w.Count})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"scope": scope, "claims": d.Claims, "claimsWithoutVerdict": d.ClaimsWithoutVerdict,
		"verdictsByState": counts(d.ByState), "verdictsByRating": counts(d.ByRating), "claimsByWeek": weeks,
		"publication": map[string]any{"published": d.Published, "medianHours": d.MedianHours, "p90Hours": d.P90Hours,
			"buckets": counts(d.PublicationBuckets)},
	})
}
