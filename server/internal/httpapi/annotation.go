package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

type createAnnotationRequest struct {
	ArticleVersionID *string         `json:"articleVersionId"`
	Kind             string          `json:"kind"`
	Selectors        *wire.Selectors `json:"selectors"`
	Body             string          `json:"body"`
	Tags             []string        `json:"tags"`
	ClaimID          string          `json:"claimId"`
}

func (s *Server) listAnnotations(c echo.Context) error {
	as, err := s.svc.ListAnnotations(c.Request().Context(), session(c).User, c.Param("article"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"annotations": wire.FromAnnotations(as)})
}

func (s *Server) createAnnotation(c echo.Context) error {
	var req createAnnotationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("articleVersionId", req.ArticleVersionID != nil); err != nil {
		return err
	}
	if err := required("selectors", req.Selectors != nil); err != nil {
		return err
	}
	sel := req.Selectors
	in := service.CreateAnnotationInput{
		ArticleVersionID: *req.ArticleVersionID, Kind: req.Kind, Body: req.Body, Tags: req.Tags, ClaimID: req.ClaimID,
		Quote:    factcheck.TextQuote{Exact: sel.Quote.Exact, Prefix: sel.Quote.Prefix, Suffix: sel.Quote.Suffix},
		Position: factcheck.TextPosition{Start: sel.Position.Start, End: sel.Position.End},
	}
	a, err := s.svc.CreateAnnotation(c.Request().Context(), session(c).User, c.Param("article"), in, idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromAnnotation(a))
}

func (s *Server) getAnnotation(c echo.Context) error {
	a, err := s.svc.GetAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"))
	if err != nil {
		return err
	}
	etag(c, a.Version)
	return c.JSON(http.StatusOK, wire.FromAnnotation(a))
}

type updateAnnotationRequest struct {
	Version  *int      `json:"version"`
	Body     *string   `json:"body"`
	Kind     *string   `json:"kind"`
	Tags     *[]string `json:"tags"`
	ClaimID  nullable  `json:"claimId"`
	Resolved *bool     `json:"resolved"`
}

func (s *Server) updateAnnotation(c echo.Context) error {
	var req updateAnnotationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	v, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	in := service.UpdateAnnotationInput{BasedOn: v, Body: req.Body, Kind: req.Kind, Tags: req.Tags, Resolved: req.Resolved,
		ClaimID: req.ClaimID.orEmpty()}
	a, err := s.svc.UpdateAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), in)
	if err != nil {
		return err
	}
	etag(c, a.Version)
	return c.JSON(http.StatusOK, wire.FromAnnotation(a))
}

func (s *Server) deleteAnnotation(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
