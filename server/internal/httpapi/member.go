package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) listMembers(c echo.Context) error {
	ms, err := s.svc.ListMembers(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(ms))
	for _, m := range ms {
		out = append(out, map[string]any{"id": m.ID, "name": m.Name, "role": m.Role})
	}
	return c.JSON(http.StatusOK, map[string]any{"members": out})
}

func (s *Server) setMemberRole(c echo.Context) error {
	var req struct {
		Role *string `json:"role"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("role", req.Role != nil); err != nil {
		return err
	}
	m, err := s.svc.SetMemberRole(c.Request().Context(), session(c).User, c.Param("workspace"), c.Param("user"), *req.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"id": m.ID, "name": m.Name, "role": m.Role})
}

func (s *Server) removeMember(c echo.Context) error {
	if err := s.svc.RemoveMember(c.Request().Context(), session(c).User, c.Param("workspace"), c.Param("user")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
