package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) listTags(c echo.Context) error {
	tags, err := s.svc.ListTags(c.Request().Context(), session(c).User, c.Param("workspace"), c.QueryParam("prefix"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(tags))
	for _, t := range tags {
		out = append(out, map[string]any{"tag": t.Tag, "count": t.Count})
	}
	return c.JSON(http.StatusOK, map[string]any{"tags": out})
}
