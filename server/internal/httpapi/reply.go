package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/wire"
)

type replyRequest struct {
	Body    *string `json:"body"`
	Version *int    `json:"version"`
}

func (s *Server) createReply(c echo.Context) error {
	var req replyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("body", req.Body != nil); err != nil {
		return err
	}
	r, err := s.svc.CreateReply(c.Request().Context(), session(c).User, c.Param("annotation"), *req.Body, idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromReply(r))
}

func (s *Server) updateReply(c echo.Context) error {
	var req replyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("body", req.Body != nil); err != nil {
		return err
	}
	v, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	r, err := s.svc.UpdateReply(c.Request().Context(), session(c).User, c.Param("reply"), *req.Body, v)
	if err != nil {
		return err
	}
	etag(c, r.Version)
	return c.JSON(http.StatusOK, wire.FromReply(r))
}

func (s *Server) deleteReply(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteReply(c.Request().Context(), session(c).User, c.Param("reply"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
