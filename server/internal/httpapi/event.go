package httpapi

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

func (s *Server) listEvents(c echo.Context) error {
	after, err := queryInt(c, "after", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 100)
	if err != nil {
		return err
	}
	if after < 0 {
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "after", Message: "after must be 0 or more"}
	}
	if limit < 1 || limit > service.MaxEventPage {
		return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "limit", Message: fmt.Sprintf("limit must be between 1 and %d", service.MaxEventPage)}
	}
	evs, err := s.svc.ListEvents(c.Request().Context(), session(c).User, c.Param("workspace"), after, int(limit))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": wire.FromEvents(evs)})
}
