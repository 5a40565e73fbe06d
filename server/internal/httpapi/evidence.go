package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/wire"
)

type evidenceRequest struct {
	URL           *string  `json:"url"`
	Title         *string  `json:"title"`
	Publisher     *string  `json:"publisher"`
	QuotedPassage *string  `json:"quotedPassage"`
	Stance        *string  `json:"stance"`
	ConsultedOn   nullable `json:"consultedOn"`
	Version       *int     `json:"version"`
}

func (r evidenceRequest) input() service.EvidenceInput {
	return service.EvidenceInput{URL: r.URL, Title: r.Title, Publisher: r.Publisher, QuotedPassage: r.QuotedPassage, Stance: r.Stance,
		ConsultedOn: r.ConsultedOn.orEmpty()}
}

func (s *Server) createEvidence(c echo.Context) error {
	var req evidenceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	e, err := s.svc.AddEvidence(c.Request().Context(), session(c).User, c.Param("claim"), req.input(), idempotencyKey(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, wire.FromEvidence(e))
}

func (s *Server) updateEvidence(c echo.Context) error {
	var req evidenceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	in := req.input()
	var err error
	if in.BasedOn, err = basedOn(c, req.Version); err != nil {
		return err
	}
	e, err := s.svc.UpdateEvidence(c.Request().Context(), session(c).User, c.Param("evidence"), in)
	if err != nil {
		return err
	}
	etag(c, e.Version)
	return c.JSON(http.StatusOK, wire.FromEvidence(e))
}

func (s *Server) deleteEvidence(c echo.Context) error {
	v, err := basedOn(c, nil)
	if err != nil {
		return err
	}
	if err := s.svc.RemoveEvidence(c.Request().Context(), session(c).User, c.Param("evidence"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
