package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

type loginRequest struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
}

func (s *Server) sessionView(c echo.Context, sess service.Session) error {
	ms, err := s.svc.Memberships(c.Request().Context(), sess.User)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, wire.Session{User: wire.FromUser(sess.User), Workspaces: wire.FromMemberships(ms), CSRFToken: sess.CSRFToken})
}

func (s *Server) login(c echo.Context) error {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("email", req.Email != nil); err != nil {
		return err
	}
	if err := required("password", req.Password != nil); err != nil {
		return err
	}
	// A new token at every login, and the old session (if any) revoked.
	if old, err := c.Cookie(sessionCookie); err == nil && old.Value != "" {
		_ = s.svc.Logout(c.Request().Context(), old.Value)
	}
	ns, err := s.svc.Login(c.Request().Context(), *req.Email, *req.Password)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, ns.Token, ns.ExpiresAt)
	return s.sessionView(c, ns.Session)
}

func (s *Server) getSession(c echo.Context) error { return s.sessionView(c, session(c)) }

func (s *Server) logout(c echo.Context) error {
	token := sessionToken(c)
	if err := s.svc.Logout(c.Request().Context(), token); err != nil {
		return err
	}
	s.hub.DropSession(service.SessionKey(token)) // at once here; other instances by NOTIFY
	s.clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}
