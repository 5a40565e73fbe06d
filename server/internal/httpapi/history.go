package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) claimHistory(c echo.Context) error {
	entries, err := s.svc.ClaimHistory(c.Request().Context(), session(c).User, c.Param("claim"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(entries))
	for _, e := range entries {
		entry := map[string]any{"seq": e.Seq, "type": e.Type, "actor": e.Actor, "at": e.At, "summary": e.Summary}
		if e.State != "" {
			entry["state"], entry["rating"] = e.State, e.Rating
		}
		if e.Comment != "" {
			entry["comment"] = e.Comment
		}
		if e.RationaleDiff != nil {
			parts := make([]map[string]string, 0, len(e.RationaleDiff))
			for _, p := range e.RationaleDiff {
				parts = append(parts, map[string]string{"op": p.Op, "text": p.Text})
			}
			entry["rationaleDiff"] = parts
		}
		out = append(out, entry)
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": out})
}
