package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/wire"
)

func (s *Server) getSettings(c echo.Context) error {
	st, err := s.svc.Settings(c.Request().Context(), session(c).User, c.Param("workspace"))
	if err != nil {
		return err
	}
	etag(c, st.Version)
	return c.JSON(http.StatusOK, wire.FromSettings(st))
}

func (s *Server) updateSettings(c echo.Context) error {
	var req struct {
		Organisation *wire.Organisation `json:"organisation"`
		RatingScale  *[]wire.Rating     `json:"ratingScale"`
		Version      *int               `json:"version"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := required("organisation", req.Organisation != nil); err != nil {
		return err
	}
	if err := required("ratingScale", req.RatingScale != nil); err != nil {
		return err
	}
	version, err := basedOn(c, req.Version)
	if err != nil {
		return err
	}
	in := factcheck.WorkspaceSettings{Organisation: factcheck.Organisation{Name: req.Organisation.Name, URL: req.Organisation.URL},
		Scale: wire.ToScale(*req.RatingScale)}
	st, err := s.svc.UpdateSettings(c.Request().Context(), session(c).User, c.Param("workspace"), in, version)
	if err != nil {
		return err
	}
	etag(c, st.Version)
	return c.JSON(http.StatusOK, wire.FromSettings(st))
}
