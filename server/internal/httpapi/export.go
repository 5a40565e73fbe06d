package httpapi

import (
	"bytes"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/export"
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// links says where this server is reached, for the IRIs of exports.
func (s *Server) links(c echo.Context) export.Links {
	if s.publicURL != "" {
		return export.Links{BaseURL: s.publicURL}
	}
	return export.Links{BaseURL: c.Scheme() + "://" + c.Request().Host}
}

func (s *Server) exportAnnotations(c echo.Context) error {
	page := int64(-1)
	if c.QueryParam("page") != "" {
		p, err := queryInt(c, "page", 0)
		if err != nil || p < 0 {
			return &factcheck.Error{Code: factcheck.CodeBadRequest, Field: "page", Message: "page must be 0 or more"}
		}
		page = p
	}
	doc, err := s.svc.ExportAnnotations(c.Request().Context(), session(c).User, c.Param("article"), int(page), s.links(c))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, export.MediaType, doc)
}

func (s *Server) exportAnnotation(c echo.Context) error {
	doc, err := s.svc.ExportAnnotation(c.Request().Context(), session(c).User, c.Param("annotation"), s.links(c))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, export.MediaType, doc)
}

func (s *Server) exportClaimsCSV(c echo.Context) error {
	var buf bytes.Buffer
	if err := s.svc.ExportClaimsCSV(c.Request().Context(), session(c).User, c.Param("article"), &buf); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="claims-`+c.Param("article")+`.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
