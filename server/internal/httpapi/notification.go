package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/wire"
)

func (s *Server) listNotifications(c echo.Context) error {
	ns, unread, err := s.svc.Notifications(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": wire.FromNotifications(ns), "unread": unread})
}

func (s *Server) markNotificationsRead(c echo.Context) error {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if len(req.IDs) > 500 {
		return factcheck.Invalid("ids", "mark at most 500 notifications at a time")
	}
	unread, err := s.svc.MarkNotificationsRead(c.Request().Context(), session(c).User, c.Param("workspace"), req.IDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"unread": unread})
}
